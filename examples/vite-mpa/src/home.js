import { shared } from './shared.js'
document.querySelector('#app').textContent = shared('home')
window.__appRan = true
