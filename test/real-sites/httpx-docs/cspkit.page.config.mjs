// The negative control: the same policy, but each page holds only its own hashes (scope 'page'),
// which breaks Material's instant navigation (the first page's policy stays for the whole visit).
import config from './cspkit.config.mjs'

export default { ...config, scope: 'page' }
