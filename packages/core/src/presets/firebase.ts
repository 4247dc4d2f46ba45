import { definePreset, presetFactory } from './define.js'

/**
 * Firebase JS SDK. Firebase has no CSP page: the hosts are the service endpoints the Firebase web
 * setup docs' products call (https://firebase.google.com/docs/web/setup, checked 2026-11-24):
 * Authentication (identitytoolkit, securetoken), Cloud Firestore, Realtime Database (firebaseio.com,
 * over WebSocket), Cloud Storage and Cloud Functions.
 */
const API_HOSTS = [
  'https://identitytoolkit.googleapis.com',
  'https://securetoken.googleapis.com',
  'https://firestore.googleapis.com',
  'https://firebasestorage.googleapis.com',
  'https://firebaseinstallations.googleapis.com',
  'https://*.firebaseio.com',
  'wss://*.firebaseio.com',
  'https://*.cloudfunctions.net',
]

export const firebasePreset = definePreset({
  name: 'firebase',
  title: 'Firebase (JS SDK)',
  docs: 'https://firebase.google.com/docs/web/setup',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the products' endpoints. 'auth-ui' adds the auth domain's frame for signInWithPopup/Redirect (option authDomain, e.g. 'my-app.firebaseapp.com'). Not proven in a browser: the SDK (firebase) could not be installed for the tests (its dependencies are missing from the package mirror used).",
  defaultVariant: 'api',
  directives: {
    'connect-src': API_HOSTS,
  },
  variants: {
    'auth-ui': {
      'connect-src': API_HOSTS,
      'frame-src': ['https://{authDomain}'],
    },
  },
  options: {
    authDomain: { description: "The authDomain of your Firebase config, e.g. 'my-app.firebaseapp.com' (auth-ui variant)" },
  },
})

export const firebase = presetFactory(firebasePreset)
