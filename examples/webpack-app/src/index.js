const app = document.getElementById('app')
app.textContent = `API at ${window.APP_CONFIG.apiBase}`
import('./lazy.js').then(({ lazy }) => {
  app.append(` · ${lazy()}`)
  window.__appRan = true
})
