import './style.css'
import logo from './logo.svg'

const app = document.querySelector('#app')
app.innerHTML = `<h1>Hello, strict CSP</h1><img src="${logo}" alt="" width="32" height="32"><p class="note">Theme: ${document.documentElement.dataset.theme}</p>`
window.__appRan = true
