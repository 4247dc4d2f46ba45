/**
 * Presets against the vendors' real browser SDKs from npm, round 5: @googlemaps/js-api-loader,
 * @hcaptcha/loader, friendly-challenge (Friendly Captcha's v1 widget) and usertour.js (the pattern
 * of presets-sdks-3.test.ts).
 *
 * Vite builds hold a page per SDK, one build per preset (and variant), so that each page runs under
 * its own preset alone, and one control build without presets. Chromium sends the vendors' hosts
 * to a local HTTPS stub. A visitor clicks the page's button: zero CSP violations with the preset,
 * and each vendor request the page made is allowed by that preset's own sources (not only by the
 * default policy).
 *
 * Real code from npm, all of it run in the page:
 * - friendly-challenge 0.9.20: the widget (bundled by Vite, and for the CDN variants the package's
 *   own widget.module.min.js served as cdn.jsdelivr.net/npm/friendly-challenge@0.9.20/...), its
 *   injected <style>, its four blob: workers compiling the WebAssembly solver, and the puzzle request
 *   to api.friendlycaptcha.com (eu-api.friendlycaptcha.eu for the EU variants), answered with a real
 *   (easy) puzzle the workers then solve.
 * - The loaders of the three others, which only add the vendor's script tag.
 *
 * Vendor code that is not on npm (each npm package above is a loader for it), served by the stub
 * as a small stand-in that uses the hosts the vendor's CSP page (cited in the preset) says it uses:
 * - Google's Maps JavaScript API (maps.googleapis.com/maps/api/js): calls the loader's callback,
 *   loads the 'maps' library from maps.googleapis.com, inserts a <style> element and the Roboto
 *   stylesheet (fonts.googleapis.com, font from fonts.gstatic.com), draws tiles
 *   (maps.googleapis.com) and an icon (maps.gstatic.com), makes a request to maps.googleapis.com and
 *   runs a blob: worker, then fires 'tilesloaded'.
 * - hCaptcha's api.js (js.hcaptcha.com/1/api.js): calls the loader's onload callback, loads its
 *   stylesheet and the checkbox iframe from newassets.hcaptcha.com, asks api.hcaptcha.com for the
 *   site configuration, and execute() gets the token from the iframe over postMessage.
 * - Usertour.js (js.usertour.io/es2020/usertour.js, and legacy/usertour.iife.js for the loader's
 *   legacy path): drains the loader's queue, loads its stylesheet from js.usertour.io, identifies
 *   the visitor over a WebSocket to wss://api.usertour.io and shows an image from assets.usertour.io.
 * Those pages prove the loaders and the hosts, not the vendors' code.
 *
 * The builds, the visit and the preset-alone check are the shared harness (support/sdk-page.ts).
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PresetInput } from '../packages/core/src/presets/resolve.js'
import { ROOT } from './support/builds.js'
import { css, describeSdkPages, html, js, json, presetSdkSuite } from './support/sdk-page.js'
import type { StubResponse, StubRoute, StubWebSocketRoute } from './support/https-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks-4')
// As the fixture pages configure them.
const FRIENDLY_SITEKEY = 'FCMCSPKITTESTKEY'
const FRIENDLY_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/friendly-challenge/package.json'), 'utf8')) as { version: string }).version
const HCAPTCHA_TOKEN = 'P1_cspkit-hcaptcha-token'

type Sdk = 'google-maps' | 'hcaptcha' | 'friendly-captcha' | 'friendly-captcha-cdn' | 'friendly-captcha-eu' | 'friendly-captcha-cdn-eu' | 'usertour' | 'usertour-legacy'
/** Page → the preset it needs and the vendor hosts the stub stands in for. */
const SDKS: Record<Sdk, { preset: PresetInput; hosts: readonly string[] }> = {
  'google-maps': { preset: 'google-maps', hosts: ['*.googleapis.com', '*.gstatic.com'] },
  hcaptcha: { preset: 'hcaptcha', hosts: ['*.hcaptcha.com'] },
  // The widget bundled from npm: the default variant ('self' serves it).
  'friendly-captcha': { preset: 'friendly-captcha', hosts: ['api.friendlycaptcha.com'] },
  'friendly-captcha-cdn': { preset: ['friendly-captcha', { variant: 'cdn' }], hosts: ['api.friendlycaptcha.com', 'cdn.jsdelivr.net'] },
  // The widget configured for the dedicated EU endpoint (puzzleEndpoint / data-puzzle-endpoint).
  'friendly-captcha-eu': { preset: ['friendly-captcha', { variant: 'eu' }], hosts: ['eu-api.friendlycaptcha.eu'] },
  'friendly-captcha-cdn-eu': { preset: ['friendly-captcha', { variant: 'cdn-eu' }], hosts: ['eu-api.friendlycaptcha.eu', 'cdn.jsdelivr.net'] },
  usertour: { preset: 'usertour', hosts: ['*.usertour.io'] },
  'usertour-legacy': { preset: 'usertour', hosts: ['*.usertour.io'] },
}
const NAMES = Object.keys(SDKS) as Sdk[]
const entry = (name: Sdk) => SDKS[name]

/** A 1×1 transparent PNG (map tiles, icons, images). */
const PNG: StubResponse = { type: 'image/png', body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64') }
/** A real WOFF2 font from node_modules, standing in for Roboto. */
const WOFF2: StubResponse = { type: 'font/woff2', body: readFileSync(join(ROOT, 'node_modules/vitepress/dist/client/theme-default/fonts/inter-roman-latin.woff2')) }

/**
 * A Friendly Captcha v1 puzzle as the widget decodes it (widget.module.js decodeBase64Puzzle):
 * byte 13 the expiry in 5-minute units, 14 the number of solutions, 15 the difficulty. Easy, so
 * four workers solve it in well under a second.
 */
function friendlyPuzzle(): string {
  const buffer = Buffer.alloc(32)
  buffer.writeUInt32BE(Math.floor(Date.now() / 1000), 0)
  buffer[12] = 1 // version
  buffer[13] = 12 // expires in an hour
  buffer[14] = 8 // solutions to find
  buffer[15] = 100 // difficulty
  return `cspkitsignature.${buffer.toString('base64')}`
}

/**
 * Stand-in for the Maps JavaScript API (maps.googleapis.com/maps/api/js), as far as
 * @googlemaps/js-api-loader's bootstrap relies on it: it replaces google.maps.importLibrary and calls
 * the `callback` the bootstrap put in its URL. The 'maps' library is a further script.
 */
const MAPS_API_JS = `(() => {
  const params = new URL(document.currentScript.src).searchParams
  const libraries = {}
  google.maps.__cspkitLibraries = {}
  google.maps.importLibrary = (name) => libraries[name] || (libraries[name] = new Promise((resolve, reject) => {
    const script = document.createElement('script')
    script.src = 'https://maps.googleapis.com/maps-api-v3/api/js/cspkit/' + name + '.js?key=' + params.get('key')
    script.onload = () => resolve(google.maps.__cspkitLibraries[name])
    script.onerror = () => reject(new Error('library ' + name + ' could not load'))
    document.head.append(script)
  }))
  params.get('callback').split('.').reduce((o, k) => o[k], window)()
})()`

const MAPS_LIBRARY_JS = `(() => {
  class Map {
    constructor(element, options) {
      this.zoom = options.zoom
      this.listeners = {}
      const style = document.createElement('style')
      style.textContent = '.gm-style { font-family: Roboto, Arial, sans-serif; position: relative; overflow: hidden }'
      document.head.append(style)
      const fonts = document.createElement('link')
      fonts.rel = 'stylesheet'
      fonts.href = 'https://fonts.googleapis.com/css?family=Roboto:400,500,700&display=swap'
      document.head.append(fonts)
      const root = document.createElement('div')
      root.className = 'gm-style'
      element.append(root)
      const images = [0, 1, 2, 3].map((i) => 'https://maps.googleapis.com/maps/vt?pb=!1m4!1m3!1i' + this.zoom + '!2i' + i + '!3i0!2m3!1e0!2sm!3i700')
      images.push('https://maps.gstatic.com/mapfiles/api-3/images/google_white5_hdpi.png')
      const loaded = images.map((src) => { const img = new Image(); img.src = src; root.append(img); return img.decode() })
      const label = document.createElement('span')
      label.textContent = 'Map data'
      root.append(label)
      const worker = new Worker(URL.createObjectURL(new Blob(['onmessage = (event) => postMessage(event.data * 2)'], { type: 'text/javascript' })))
      const workerReply = new Promise((resolve) => { worker.onmessage = (event) => resolve(event.data) })
      worker.postMessage(21)
      const viewport = fetch('https://maps.googleapis.com/maps/api/mapsjs/gen_204?csp_test=true').then((r) => r.text())
      Promise.all([...loaded, workerReply, viewport, fonts.sheet ? 0 : new Promise((r) => fonts.addEventListener('load', r, { once: true })).then(() => document.fonts.load('12px Roboto'))])
        .then(() => (this.listeners.tilesloaded || []).forEach((listener) => listener()))
    }
    addListener(name, listener) { (this.listeners[name] = this.listeners[name] || []).push(listener) }
    getZoom() { return this.zoom }
  }
  google.maps.__cspkitLibraries.maps = { Map }
})()`

const ROBOTO_CSS = `@font-face { font-family: 'Roboto'; font-style: normal; font-weight: 400; src: url(https://fonts.gstatic.com/s/roboto/v47/cspkit.woff2) format('woff2'); }`

/**
 * Stand-in for hCaptcha's api.js (js.hcaptcha.com/1/api.js), as far as @hcaptcha/loader relies on
 * it: window.hcaptcha, then the function named by its \`onload\` parameter. render() frames the
 * checkbox from newassets.hcaptcha.com; execute() waits for the site configuration
 * (api.hcaptcha.com) and gets the token from that frame.
 */
const HCAPTCHA_API_JS = `(() => {
  const params = new URL(document.currentScript.src).searchParams
  const assets = 'https://newassets.hcaptcha.com/captcha/v1/cspkit/static'
  const stylesheet = document.createElement('link')
  stylesheet.rel = 'stylesheet'
  stylesheet.href = assets + '/hcaptcha.css'
  document.head.append(stylesheet)
  const widgets = []
  window.hcaptcha = {
    render(container, config) {
      const element = typeof container === 'string' ? document.getElementById(container) : container
      const id = String(widgets.length)
      const frame = document.createElement('iframe')
      frame.title = 'Widget containing checkbox for hCaptcha security challenge'
      frame.src = assets + '/hcaptcha.html#frame=checkbox&id=' + id + '&host=' + location.hostname + '&sitekey=' + config.sitekey
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }))
      element.append(frame)
      const site = fetch('https://api.hcaptcha.com/checksiteconfig?v=cspkit&host=' + location.hostname + '&sitekey=' + config.sitekey + '&sc=1&swa=1', { method: 'POST' }).then((r) => r.json())
      widgets.push({ frame, loaded, site, config, response: '' })
      return id
    },
    async execute(id = '0', options = {}) {
      const widget = widgets[Number(id)]
      const site = await widget.site
      if (!site.pass) throw new Error('challenge-error')
      await widget.loaded
      const response = await new Promise((resolve) => {
        addEventListener('message', function answer(event) {
          if (event.source !== widget.frame.contentWindow || !event.data || !event.data.response) return
          removeEventListener('message', answer)
          resolve(event.data.response)
        })
        widget.frame.contentWindow.postMessage({ type: 'execute', c: site.c }, 'https://newassets.hcaptcha.com')
      })
      widget.response = response
      if (widget.config.callback) widget.config.callback(response)
      if (options.async) return { response, key: 'cspkit-key' }
    },
    getResponse: (id = '0') => (widgets[Number(id)] || {}).response || '',
    reset() {},
    remove() {},
  }
  const onload = params.get('onload')
  if (onload && typeof window[onload] === 'function') window[onload]()
})()`

const HCAPTCHA_FRAME = `<!doctype html><p>checkbox stand-in</p><script>
addEventListener('message', (event) => {
  if (event.source === parent && event.data && event.data.type === 'execute') parent.postMessage({ response: ${JSON.stringify(HCAPTCHA_TOKEN)} }, event.origin)
})
</script>`

/**
 * Stand-in for Usertour.js (js.usertour.io/es2020/usertour.js; the same code as the legacy
 * usertour.iife.js), as far as the usertour.js loader relies on it: it takes over window.usertour
 * and runs what the loader queued (USERTOURJS_QUEUE), settling the queued promises.
 */
const USERTOUR_JS = `(() => {
  const usertour = window.usertour
  const queue = window.USERTOURJS_QUEUE || []
  let token = ''
  let identified = false
  let socket
  const stylesheet = document.createElement('link')
  stylesheet.rel = 'stylesheet'
  stylesheet.href = 'https://js.usertour.io/es2020/usertour.css'
  document.head.append(stylesheet)
  const connect = () => socket || (socket = new Promise((resolve, reject) => {
    const ws = new WebSocket('wss://api.usertour.io/v2/socket?token=' + encodeURIComponent(token))
    ws.onopen = () => resolve(ws)
    ws.onerror = () => reject(new Error('Usertour.js could not connect'))
  }))
  let nextId = 0
  const request = async (kind, payload) => {
    const ws = await connect()
    const id = ++nextId
    return new Promise((resolve) => {
      ws.addEventListener('message', function answer(event) {
        const message = JSON.parse(event.data)
        if (message.id !== id) return
        ws.removeEventListener('message', answer)
        resolve(message.data)
      })
      ws.send(JSON.stringify({ id, kind, payload }))
    })
  }
  const api = {
    _stubbed: false,
    load: () => Promise.resolve(),
    init: (value) => { token = value },
    identify: async (userId, attributes) => {
      const answer = await request('identify', { userId, attributes })
      const avatar = new Image()
      avatar.src = answer.avatar
      document.body.append(avatar)
      await avatar.decode()
      identified = true
    },
    isIdentified: () => identified,
  }
  Object.assign(usertour, api)
  for (const [method, deferred, args] of queue.splice(0)) {
    Promise.resolve()
      .then(() => (method in api ? api[method](...args) : undefined))
      .then((value) => deferred && deferred.resolve(value), (error) => deferred && deferred.reject(error))
  }
})()`

const route: StubRoute = ({ method, host, path, url }) => {
  // Google Maps: the API, its 'maps' library, the CSP probe, tiles and icons, Roboto.
  if (host === 'maps.googleapis.com' && path === '/maps/api/js' && url.searchParams.get('key') === 'cspkit-maps-key') return js(MAPS_API_JS)
  if (host === 'maps.googleapis.com' && path === '/maps-api-v3/api/js/cspkit/maps.js') return js(MAPS_LIBRARY_JS)
  if (host === 'maps.googleapis.com' && path === '/maps/api/mapsjs/gen_204') return { status: 204, body: '' }
  if (host === 'maps.googleapis.com' && path === '/maps/vt') return PNG
  if (host === 'maps.gstatic.com' && path.startsWith('/mapfiles/')) return PNG
  if (host === 'fonts.googleapis.com' && path === '/css') return css(ROBOTO_CSS)
  if (host === 'fonts.gstatic.com' && path.startsWith('/s/roboto/')) return WOFF2
  // hCaptcha: api.js, its assets and the site configuration.
  if (host === 'js.hcaptcha.com' && path === '/1/api.js') return js(HCAPTCHA_API_JS)
  if (host === 'newassets.hcaptcha.com' && path === '/captcha/v1/cspkit/static/hcaptcha.css') return css('#captcha iframe { width: 303px; height: 78px; border: 0 }')
  if (host === 'newassets.hcaptcha.com' && path === '/captcha/v1/cspkit/static/hcaptcha.html') return html(HCAPTCHA_FRAME)
  if (host === 'api.hcaptcha.com' && path === '/checksiteconfig' && method === 'POST') return json({ pass: true, c: { type: 'hsw', req: 'cspkit' } })
  // Friendly Captcha: the puzzle, and the npm package's own widget as the CDN serves it.
  if ((host === 'api.friendlycaptcha.com' || host === 'eu-api.friendlycaptcha.eu') && path === '/api/v1/puzzle' && url.searchParams.get('sitekey') === FRIENDLY_SITEKEY) return json({ success: true, data: { puzzle: friendlyPuzzle() } })
  if (host === 'cdn.jsdelivr.net' && path === `/npm/friendly-challenge@${FRIENDLY_VERSION}/widget.module.min.js`) {
    return js(readFileSync(join(ROOT, 'node_modules/friendly-challenge/widget.module.min.js'), 'utf8'))
  }
  // Usertour: Usertour.js (both builds), its stylesheet and the visitor's image.
  if (host === 'js.usertour.io' && (path === '/es2020/usertour.js' || path === '/legacy/usertour.iife.js')) return js(USERTOUR_JS)
  if (host === 'js.usertour.io' && path === '/es2020/usertour.css') return css('.usertour-widget { position: fixed }')
  if (host === 'assets.usertour.io' && path === '/avatars/cspkit.png') return PNG
  return undefined
}

/** Usertour's socket: each request `{id, kind}` is answered `{id, data}`, once the token is the page's. */
const webSocket: StubWebSocketRoute = ({ host }, message) => {
  if (host !== 'api.usertour.io') return undefined
  const request = JSON.parse(message) as { id: number; kind: string }
  if (request.kind !== 'identify') return undefined
  return [JSON.stringify({ id: request.id, data: { avatar: 'https://assets.usertour.io/avatars/cspkit.png' } })]
}

/**
 * The preset builds: one per preset entry, so that each page runs under its own preset alone (another
 * preset's 'unsafe-inline' in style-src, say, would hide what this one lacks).
 */
/**
 * A visitor's browser, not a bot: the Friendly Captcha widget refuses to start in a browser that
 * says it is headless or automated (widget.module.js isHeadless: "headless" in the user agent,
 * navigator.webdriver), and shows "Browser check failed" instead of fetching a puzzle.
 */
const VISITOR_ARGS = ['--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', '--disable-blink-features=AutomationControlled']

const suite = presetSdkSuite<Sdk>({
  fixture: FIXTURE,
  prefix: 'presets-sdks-4',
  pages: NAMES,
  entry,
  sharing: 'same-preset',
  route,
  stubOptions: { webSocket },
  browserArgs: VISITOR_ARGS,
  expectOf: (sdk) => EXPECT[sdk],
})
const visit = suite.visit

const FRIENDLY_REACHED = [/^GET api\.friendlycaptcha\.com\/api\/v1\/puzzle$/]
const FRIENDLY_EU_REACHED = [/^GET eu-api\.friendlycaptcha\.eu\/api\/v1\/puzzle$/]
const FRIENDLY_CDN = new RegExp(`^GET cdn\\.jsdelivr\\.net/npm/friendly-challenge@${FRIENDLY_VERSION.replace(/\./g, '\\.')}/widget\\.module\\.min\\.js$`)
const FRIENDLY_SOLVED = 'body[data-done="solved"][data-solution="cspkitsignature"]'
/** The solver ran as WebAssembly: its summary says "JS Fallback" otherwise ('wasm-unsafe-eval' is what lets the workers compile it). */
const FRIENDLY_WASM = { solver: /^\d+s \(\d+K\/s\)$/ }
const USERTOUR_REACHED = (build: 'es2020/usertour.js' | 'legacy/usertour.iife.js') => [
  new RegExp(`^GET js\\.usertour\\.io/${build.replace(/\./g, '\\.')}$`),
  /^GET js\.usertour\.io\/es2020\/usertour\.css$/,
  /^ws api\.usertour\.io\/v2\/socket$/,
  /^GET assets\.usertour\.io\/avatars\/cspkit\.png$/,
]

/**
 * What a visitor sees once each SDK did its work (values only the stub's answers produce), the
 * vendor endpoints it must have reached, and what else the page must show (`data`).
 */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp[]; data?: Record<string, RegExp> }> = {
  'google-maps': {
    waitFor: 'body[data-done="map"][data-zoom="12"]',
    reached: [
      /^GET maps\.googleapis\.com\/maps\/api\/js$/,
      /^GET maps\.googleapis\.com\/maps-api-v3\/api\/js\/cspkit\/maps\.js$/,
      /^GET maps\.googleapis\.com\/maps\/vt$/,
      /^GET maps\.gstatic\.com\/mapfiles\/api-3\/images\/google_white5_hdpi\.png$/,
      /^GET maps\.googleapis\.com\/maps\/api\/mapsjs\/gen_204$/,
      /^GET fonts\.googleapis\.com\/css$/,
      /^GET fonts\.gstatic\.com\/s\/roboto\/v47\/cspkit\.woff2$/,
    ],
  },
  hcaptcha: {
    waitFor: `body[data-done="verified"][data-token="${HCAPTCHA_TOKEN}"]`,
    reached: [
      /^GET js\.hcaptcha\.com\/1\/api\.js$/,
      /^GET newassets\.hcaptcha\.com\/captcha\/v1\/cspkit\/static\/hcaptcha\.css$/,
      /^GET newassets\.hcaptcha\.com\/captcha\/v1\/cspkit\/static\/hcaptcha\.html$/,
      /^POST api\.hcaptcha\.com\/checksiteconfig$/,
    ],
  },
  'friendly-captcha': { waitFor: FRIENDLY_SOLVED, reached: FRIENDLY_REACHED, data: FRIENDLY_WASM },
  'friendly-captcha-cdn': { waitFor: FRIENDLY_SOLVED, reached: [FRIENDLY_CDN, ...FRIENDLY_REACHED], data: FRIENDLY_WASM },
  'friendly-captcha-eu': { waitFor: FRIENDLY_SOLVED, reached: FRIENDLY_EU_REACHED, data: FRIENDLY_WASM },
  'friendly-captcha-cdn-eu': { waitFor: FRIENDLY_SOLVED, reached: [FRIENDLY_CDN, ...FRIENDLY_EU_REACHED], data: FRIENDLY_WASM },
  usertour: { waitFor: 'body[data-done="identified"][data-identified="true"]', reached: USERTOUR_REACHED('es2020/usertour.js') },
  'usertour-legacy': { waitFor: 'body[data-done="identified"][data-identified="true"]', reached: USERTOUR_REACHED('legacy/usertour.iife.js') },
}

describeSdkPages(NAMES, {
  visit,
  expected: (sdk) => EXPECT[sdk],
  preset: (sdk) => entry(sdk).preset,
  origin: suite.origin,
})
