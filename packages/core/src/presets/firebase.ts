import { definePreset, presetFactory } from './define.js'

/**
 * Firebase JS SDK. Firebase has no CSP page: the hosts are the service endpoints the Firebase web
 * setup docs' products call (https://firebase.google.com/docs/web/setup, checked 2026-11-25):
 * Authentication (identitytoolkit, securetoken), Cloud Firestore, Realtime Database (firebaseio.com,
 * over WebSocket), Cloud Storage and Cloud Functions.
 *
 * Proven with firebase 12.19 in Chromium (test/presets-sdks-3.test.ts, default 'api'):
 * signInAnonymously() (POST identitytoolkit.googleapis.com/v1/accounts:signUp, then accounts:lookup)
 * and a Realtime Database get() over wss://<db>.firebaseio.com/.ws authenticated with the user's ID
 * token, zero violations.
 *
 * Read in @firebase/auth 1.13 (dist/esm, loadGapi and _openIframe) for 'auth-ui': signInWithPopup
 * and signInWithRedirect first load Google's gapi loader as a script from
 * https://apis.google.com/js/api.js (gapi then loads its iframes module from apis.google.com too) and
 * open the hidden iframe https://<authDomain>/__/auth/iframe, so the variant has script-src
 * apis.google.com besides frame-src for the auth domain. Proven in the same test: signInWithPopup
 * with GoogleAuthProvider (gapi script, auth iframe, popup, the project's authorized domains from
 * identitytoolkit /v1/projects, accounts:signInWithIdp), zero violations; gapi and the auth domain's
 * iframe and popup pages are Google's code, stand-ins in the test. getAuth() does that on every page load in
 * Safari and mobile browsers (browserPopupRedirectResolver._shouldInitProactively), where the 'api'
 * variant then reports those two loads as violations (the SDK ignores the failure): use 'auth-ui'
 * when Auth runs there. Phone sign-in's reCAPTCHA (www.google.com/recaptcha) is not covered.
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
  checked: '2026-11-25',
  // Strict mode: the npm SDK is bundled and inserts Google scripts by script.
  strictDynamic: 'works',
  sdk: 'firebase',
  sdkStandIn: "'auth-ui': gapi and the auth domain's pages",
  notes: "No vendor CSP page; hosts from the products' endpoints. 'auth-ui' adds, for signInWithPopup/Redirect, Google's gapi script (apis.google.com) and the auth domain's frame (option authDomain, e.g. 'my-app.firebaseapp.com'); getAuth() loads both on every page in Safari and mobile browsers. Phone sign-in's reCAPTCHA is not covered.",
  defaultVariant: 'api',
  directives: {
    'connect-src': API_HOSTS,
  },
  variants: {
    'auth-ui': {
      'connect-src': API_HOSTS,
      'script-src': ['https://apis.google.com'],
      'frame-src': ['https://{authDomain}'],
    },
  },
  options: {
    authDomain: { form: 'domain', description: "The authDomain of your Firebase config, e.g. 'my-app.firebaseapp.com' (auth-ui variant)" },
  },
})

export const firebase = presetFactory(firebasePreset)
