import { shared } from './shared.js'
document.querySelector('.team').append(` · ${shared('about')}`)
window.__appRan = true
