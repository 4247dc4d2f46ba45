// The negative control: the same policy, but each page holds only its own hashes (scope 'page'),
// which breaks VitePress's client-side navigation (later pages render inline styles from JS).
import config from './cspkit.config.mjs'

export default { ...config, scope: 'page' }
