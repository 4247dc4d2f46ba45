/**
 * The presets' non-default variants against the vendors' real browser SDKs (issue #4), in the
 * pattern of presets-sdks-2.test.ts: one Vite multi-page build holds a page per variant, built with
 * every preset under test, and one control build without presets. Chromium sends the vendors' hosts
 * to a local HTTPS stub; a visitor clicks `#act`; zero CSP violations, the vendor endpoints reached,
 * and every vendor request the page made allowed by that page's preset (and variant) alone.
 *
 * A second preset build holds what must not share the first: posthog's 'us' region (a preset listed
 * twice merges both variants, which would let one variant's hosts hide a gap in the other's) and the
 * mapbox 3D page under mapbox's default 'standard' variant, which must fail where '3d' works.
 *
 * What the stub serves:
 * - posthog-js (regional): the remote config turns on dead-click capture, which posthog-js loads as
 *   a script from <region>-assets.i.posthog.com; the stub serves posthog-js's own
 *   dist/dead-clicks-autocapture.js from node_modules for it.
 * - Sentry Loader Script: the loader at js.sentry-cdn.com/<publicKey>.min.js is generated per project
 *   by Sentry and not on npm: a stand-in loader (queue calls, load the SDK bundle from
 *   browser.sentry-cdn.com on the first capture, init with the DSN, replay). The SDK bundle it loads
 *   is the REAL @sentry/browser from node_modules, built by this test into an IIFE exposing
 *   window.Sentry as Sentry's CDN bundles do (the npm package ships no CDN bundle).
 * - Crisp 'full': crisp-sdk-web loads client.crisp.chat/l.js; the chatbox itself is Crisp-hosted code,
 *   so a STAND-IN chatbox uses every host of the vendor's domain table the way the table describes
 *   (stylesheet, avatar image, relay websocket, a web worker fetched from client.crisp.chat and run
 *   from a blob: URL, the wait-game frame, the calls/MagicBrowse and rescue websockets).
 * - mapbox-gl '3d': a stand-in style with terrain (raster-dem tiles) and a 3D model whose glTF
 *   declares EXT_meshopt_compression, so mapbox-gl fetches its meshopt decoder (WebAssembly) from
 *   api.mapbox.com and compiles it: that compile is what needs 'wasm-unsafe-eval'. The decoder is
 *   Mapbox-hosted and not on npm: the stub serves a minimal stand-in WebAssembly module (the model
 *   uses no compressed buffer, so nothing is decoded).
 * - Segment 'eu': an EU source's settings from cdn.segment.com naming apiHost
 *   events.eu1.segmentapis.com/v1, and a device-mode destination bundle (stand-in) from cdn.segment.com.
 * - Mixpanel 'snippet': the official snippet as mixpanel-browser ships it
 *   (dist/mixpanel-jslib-snippet.min.js, put into the page at build time), which loads
 *   cdn.mxpnl.com/libs/mixpanel-2-latest.min.js; the stub serves the REAL dist/mixpanel.min.js for it.
 * - Plausible 'script': plausible.io/js/script.js is not on npm (plausible-tracker is the bundled
 *   tracker): a stand-in script sends the pageview and the queued custom event to plausible.io/api/event.
 * - Supabase 'any-project': the calls of presets-sdks-2 (REST select, Realtime subscribe) with the
 *   default preset.
 *
 * The builds, the visit and the preset-alone check are the shared harness (support/sdk-page.ts).
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize } from 'node:path'
import { deflateSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Options } from '@cspkit/core'
import type { PresetInput } from '../packages/core/src/presets/resolve.js'
import { CHROMIUM, CHROMIUM_ARGS } from './support/global-setup.js'
import { ROOT } from './support/builds.js'
import { cachedBuild, packageVersion } from './support/real-sites.js'
import { buildSdkPages, closeAll, css, htmlBody, js, json, presetAllows, visitSdkPage, type Visit } from './support/sdk-page.js'
import { SEGMENT_DESTINATION_JS, SEGMENT_DESTINATION_PATH, segmentSettings } from './support/segment-stub.js'
import { startHttpsStub, type HttpsStub, type StubResponse, type StubRoute } from './support/https-stub.js'
import { supabaseRealtime } from './support/supabase-realtime-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-variants')
const NODE_MODULES = join(ROOT, 'node_modules')
const SENTRY_VERSION = (JSON.parse(readFileSync(join(NODE_MODULES, '@sentry/browser/package.json'), 'utf8')) as { version: string }).version

type Page = 'posthog-eu' | 'posthog-us' | 'sentry-loader' | 'crisp-full' | 'mapbox-3d' | 'segment-eu' | 'mixpanel-snippet' | 'plausible-script' | 'supabase-any'
type Build = 'preset' | 'second'

interface Case {
  /** The preset and variant/options the page is built with. */
  preset: PresetInput
  /** The vendor hosts the stub stands in for. */
  hosts: readonly string[]
  /** What a visitor sees once the SDK did its work. */
  waitFor: string
  /** Vendor endpoints the page must reach, as `METHOD host/path` (`ws host/path` for WebSockets). */
  reached: readonly RegExp[]
  /** The preset build the page is in (default 'preset'). */
  build?: Build
}

const CASES: Record<Page, Case> = {
  'posthog-eu': {
    preset: ['posthog', { variant: 'regional', region: 'eu' }],
    hosts: ['*.posthog.com'],
    waitFor: 'body[data-done="captured"][data-extension="dead-clicks"]',
    reached: [
      /^GET eu-assets\.i\.posthog\.com\/array\/phc_cspkit_test_token\/config$/,
      /^GET eu-assets\.i\.posthog\.com\/static\/([\d.]+\/)?dead-clicks-autocapture\.js$/,
      /^POST eu\.i\.posthog\.com\/flags\/$/,
      /^POST eu\.i\.posthog\.com\/(e|i\/v0\/e)\/$/,
    ],
  },
  'posthog-us': {
    preset: ['posthog', { variant: 'regional', region: 'us' }],
    hosts: ['*.posthog.com'],
    waitFor: 'body[data-done="captured"][data-extension="dead-clicks"]',
    reached: [
      /^GET us-assets\.i\.posthog\.com\/array\/phc_cspkit_test_token\/config$/,
      /^GET us-assets\.i\.posthog\.com\/static\/([\d.]+\/)?dead-clicks-autocapture\.js$/,
      /^POST us\.i\.posthog\.com\/flags\/$/,
      /^POST us\.i\.posthog\.com\/(e|i\/v0\/e)\/$/,
    ],
    build: 'second',
  },
  'sentry-loader': {
    preset: ['sentry', { variant: 'loader' }],
    hosts: ['*.sentry-cdn.com', '*.sentry.io'],
    waitFor: 'body[data-done="reported"][data-sdk="loaded"]',
    reached: [
      /^GET js\.sentry-cdn\.com\/cspkitpublickey\.min\.js$/,
      new RegExp(`^GET browser\\.sentry-cdn\\.com/${SENTRY_VERSION.replaceAll('.', '\\.')}/bundle\\.min\\.js$`),
      /^POST o0\.ingest\.sentry\.io\/api\/0\/envelope\/$/,
    ],
  },
  'crisp-full': {
    preset: ['crisp', { variant: 'full' }],
    hosts: ['*.crisp.chat'],
    waitFor: '#crisp-chatbox[data-relay="open"][data-stream="open"][data-rescue="open"][data-worker="ok"][data-game="loaded"][data-avatar="loaded"]',
    reached: [
      /^GET client\.crisp\.chat\/l\.js$/,
      /^ws client\.relay\.crisp\.chat\/w\/$/,
      /^GET image\.crisp\.chat\/avatar\/website\/00000000-0000-0000-0000-00000000c5c5\/120\/$/,
      /^GET client\.crisp\.chat\/static\/javascripts\/worker\.js$/,
      /^GET game\.crisp\.chat\//,
      /^ws stream\.relay\.crisp\.chat\//,
      /^ws client\.relay\.rescue\.crisp\.chat\/w\/$/,
    ],
  },
  'mapbox-3d': {
    preset: ['mapbox', { variant: '3d' }],
    hosts: ['*.mapbox.com'],
    waitFor: 'body[data-done="rendered"]',
    reached: [
      /^GET api\.mapbox\.com\/styles\/v1\/cspkit\/terrain-3d$/,
      /^GET api\.mapbox\.com\/v4\/cspkit\.terrain-dem\/\d+\/\d+\/\d+\.pngraw$/,
      /^GET api\.mapbox\.com\/models\/v1\/cspkit\/box\.glb$/,
      /^GET api\.mapbox\.com\/mapbox-gl-js\/meshopt_(base|simd)_v[\d.]+\.wasm$/,
    ],
  },
  'segment-eu': {
    preset: ['segment', { variant: 'eu' }],
    hosts: ['*.segment.com', '*.segment.io', '*.segmentapis.com'],
    waitFor: 'body[data-done="tracked"][data-destination="checkout_started"]',
    reached: [
      /^GET cdn\.segment\.com\/v1\/projects\/cspkitEuWriteKey\/settings$/,
      /^GET cdn\.segment\.com\/next-integrations\/actions\/cspkit-destination\/0a1b2c3d\.js$/,
      /^POST events\.eu1\.segmentapis\.com\/v1\/t$/,
    ],
  },
  'mixpanel-snippet': {
    preset: 'mixpanel',
    hosts: ['*.mxpnl.com', '*.mixpanel.com'],
    waitFor: 'body[data-done="tracked"]',
    reached: [/^GET cdn\.mxpnl\.com\/libs\/mixpanel-2-latest\.min\.js$/, /^POST api-js\.mixpanel\.com\/track\/$/],
  },
  'plausible-script': {
    preset: 'plausible',
    hosts: ['plausible.io'],
    waitFor: 'body[data-done="tracked"]',
    reached: [/^GET plausible\.io\/js\/script\.js$/, /^POST plausible\.io\/api\/event$/],
  },
  'supabase-any': {
    preset: 'supabase',
    hosts: ['*.supabase.co'],
    waitFor: 'body[data-realtime="SUBSCRIBED"]',
    reached: [/^GET cspkitproj\.supabase\.co\/rest\/v1\/todos$/, /^ws cspkitproj\.supabase\.co\/realtime\/v1\/websocket$/],
  },
}
const PAGES = Object.keys(CASES) as Page[]
const buildOf = (page: Page): Build => CASES[page].build ?? 'preset'
/** The mapbox 3D page again, in the second build, with mapbox's default variant. */
const MAPBOX_STANDARD: PresetInput = 'mapbox'

const nodeModule = (path: string) => readFileSync(join(NODE_MODULES, path), 'utf8')

// ---- PostHog -----------------------------------------------------------------------------------

/** The project's remote config: dead-click capture on, which posthog-js loads from the assets host. */
const POSTHOG_CONFIG = { token: 'phc_cspkit_test_token', captureDeadClicks: true, supportedCompression: [] }

// ---- Sentry ------------------------------------------------------------------------------------

/**
 * Stand-in for the Loader Script Sentry generates per project (js.sentry-cdn.com/<publicKey>.min.js):
 * window.Sentry queues calls; the first capture loads the SDK bundle from browser.sentry-cdn.com,
 * which replaces window.Sentry; the loader then calls init with the project's DSN, replays the queue
 * and runs the onLoad callbacks.
 */
const SENTRY_LOADER = `
;(function () {
  var calls = []
  var onLoad = []
  var loading = false
  function load() {
    if (loading) return
    loading = true
    var script = document.createElement('script')
    script.src = 'https://browser.sentry-cdn.com/${SENTRY_VERSION}/bundle.min.js'
    script.crossOrigin = 'anonymous'
    script.addEventListener('load', function () {
      var sdk = window.Sentry
      sdk.init({ dsn: 'https://cspkitpublickey@o0.ingest.sentry.io/0' })
      calls.forEach(function (call) { sdk[call[0]].apply(sdk, call[1]) })
      onLoad.forEach(function (callback) { callback() })
    })
    document.head.appendChild(script)
  }
  var queued = {
    onLoad: function (callback) { onLoad.push(callback) },
    forceLoad: load,
  }
  ;['captureException', 'captureMessage', 'captureEvent', 'addBreadcrumb', 'setUser', 'setTag'].forEach(function (name) {
    queued[name] = function () {
      calls.push([name, arguments])
      if (name.indexOf('capture') === 0) load()
    }
  })
  window.Sentry = queued
})()`

/**
 * The real @sentry/browser from node_modules as one IIFE setting window.Sentry, like Sentry's CDN
 * bundles. Built once for what it is made of (this recipe, its entry, the installed packages) and
 * kept across runs like the preset builds: the build is most of this file's time.
 */
async function buildSentryBundle(): Promise<string> {
  const entry = join(FIXTURE, 'sentry-cdn-bundle.js')
  const key = createHash('sha256')
    .update(`${buildSentryBundle.toString()}\0@sentry/browser@${SENTRY_VERSION}\0vite@${packageVersion('vite8')}\0`)
    .update(readFileSync(entry))
    .update(readFileSync(join(ROOT, 'pnpm-lock.yaml')))
    .digest('hex')
  const out = await cachedBuild('presets-variants-sentry-bundle', key, async (outDir) => {
    const { build } = await import('vite8')
    await build({
    root: FIXTURE,
    configFile: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'Sentry', fileName: () => 'bundle.min.js' },
    },
    })
  })
  return readFileSync(join(out, 'bundle.min.js'), 'utf8')
}

// ---- Crisp -------------------------------------------------------------------------------------

/**
 * STAND-IN for Crisp's chatbox (client.crisp.chat/l.js is Crisp-hosted code, not on npm). Opening the
 * chat uses each host of Crisp's domain table as the table describes it: the stylesheet and a web
 * worker's code from client.crisp.chat (the worker runs from a blob: URL, as the page's notes say), an
 * avatar from image.crisp.chat, messaging over wss://client.relay.crisp.chat, the wait game framed
 * from game.crisp.chat, a call over wss://stream.relay.crisp.chat and the rescue relay
 * wss://client.relay.rescue.crisp.chat (the optional hosts the 'full' variant adds).
 */
const CRISP_JS = `
const queue = window.$crisp || []
const website = window.CRISP_WEBSITE_ID
function socket(box, name, url) {
  const ws = new WebSocket(url)
  ws.addEventListener('open', () => { box.dataset[name] = 'open' })
}
function run(command) {
  if (command[0] !== 'do' || command[1] !== 'chat:open') return
  const css = document.createElement('link')
  css.rel = 'stylesheet'
  css.href = 'https://client.crisp.chat/static/stylesheets/client_default.css'
  document.head.appendChild(css)
  const box = document.createElement('div')
  box.id = 'crisp-chatbox'
  box.textContent = 'How can we help?'
  document.body.appendChild(box)
  const avatar = document.createElement('img')
  avatar.addEventListener('load', () => { box.dataset.avatar = 'loaded' })
  avatar.src = 'https://image.crisp.chat/avatar/website/' + website + '/120/'
  box.appendChild(avatar)
  socket(box, 'relay', 'wss://client.relay.crisp.chat/w/')
  fetch('https://client.crisp.chat/static/javascripts/worker.js')
    .then((r) => r.blob())
    .then((code) => {
      const worker = new Worker(URL.createObjectURL(code))
      worker.addEventListener('message', (e) => { box.dataset.worker = e.data })
      worker.postMessage('check')
    })
  const game = document.createElement('iframe')
  game.addEventListener('load', () => { box.dataset.game = 'loaded' })
  game.src = 'https://game.crisp.chat/?website=' + website
  box.appendChild(game)
  socket(box, 'stream', 'wss://stream.relay.crisp.chat/call/' + website)
  socket(box, 'rescue', 'wss://client.relay.rescue.crisp.chat/w/')
}
window.$crisp = { push: run, is: () => false, get: () => undefined }
queue.forEach(run)`

const CRISP_WORKER = `self.addEventListener('message', () => self.postMessage('ok'))`

// ---- Mapbox ------------------------------------------------------------------------------------

/** A style with terrain (raster-dem tiles from api.mapbox.com) and one 3D model at the centre. */
const MAPBOX_STYLE = {
  version: 8,
  name: 'cspkit terrain-3d',
  sources: {
    dem: { type: 'raster-dem', tiles: ['https://api.mapbox.com/v4/cspkit.terrain-dem/{z}/{x}/{y}.pngraw'], tileSize: 256, maxzoom: 14 },
    point: { type: 'geojson', data: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] } },
  },
  models: { box: 'https://api.mapbox.com/models/v1/cspkit/box.glb' },
  terrain: { source: 'dem', exaggeration: 1 },
  layers: [
    { id: 'land', type: 'background', paint: { 'background-color': '#e0e8d8' } },
    { id: 'box', type: 'model', source: 'point', layout: { 'model-id': 'box' }, paint: { 'model-scale': [50, 50, 50] } },
  ],
}

/** A PNG of `size`×`size` pixels of one RGB colour. */
function solidPng(size: number, rgb: readonly [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (data: Buffer) => {
    let c = 0xffffffff
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'ascii')
    const tail = Buffer.alloc(4)
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0)
    return Buffer.concat([head, data, tail])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits, RGB, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}

/** Terrain-RGB for 0 m: -10000 + (R·65536 + G·256 + B)·0.1 = 0. */
const DEM_TILE = solidPng(256, [1, 134, 160])

/**
 * A binary glTF of one triangle that declares EXT_meshopt_compression (without using it on any
 * buffer): mapbox-gl then loads its meshopt decoder, a WebAssembly module, before it parses the model.
 */
function triangleGlb(): Buffer {
  const positions = Buffer.from(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]).buffer)
  const indices = Buffer.concat([Buffer.from(new Uint16Array([0, 1, 2]).buffer), Buffer.alloc(2)])
  const bin = Buffer.concat([positions, indices])
  const gltf = {
    asset: { version: '2.0' },
    extensionsUsed: ['EXT_meshopt_compression'],
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1, material: 0 }] }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: [0.8, 0.2, 0.2, 1] } }],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: 36, target: 34962 },
      { buffer: 0, byteOffset: 36, byteLength: 6, target: 34963 },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 3, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 0] },
      { bufferView: 1, componentType: 5123, count: 3, type: 'SCALAR' },
    ],
  }
  let text = Buffer.from(JSON.stringify(gltf))
  text = Buffer.concat([text, Buffer.alloc((4 - (text.length % 4)) % 4, 0x20)])
  const chunk = (type: number, data: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32LE(data.length, 0)
    head.writeUInt32LE(type, 4)
    return Buffer.concat([head, data])
  }
  const body = Buffer.concat([chunk(0x4e4f534a, text), chunk(0x004e4942, bin)])
  const header = Buffer.alloc(12)
  header.writeUInt32LE(0x46546c67, 0) // 'glTF'
  header.writeUInt32LE(2, 4)
  header.writeUInt32LE(12 + body.length, 8)
  return Buffer.concat([header, body])
}

/**
 * Stand-in for Mapbox's meshopt decoder (api.mapbox.com/mapbox-gl-js/meshopt_*.wasm): a valid
 * WebAssembly module exporting `memory` and an empty `__wasm_call_ctors`, all mapbox-gl calls when no
 * buffer is compressed. Compiling it is what CSP checks ('wasm-unsafe-eval').
 */
const MESHOPT_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // types: () -> ()
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: one page
  0x07, 0x1e, 0x02, // exports: 2
  0x06, ...Buffer.from('memory'), 0x02, 0x00,
  0x11, ...Buffer.from('__wasm_call_ctors'), 0x00, 0x00,
  0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code: empty body
])

// ---- Segment -----------------------------------------------------------------------------------

/** An EU source's settings: the Segment.io destination sends to the EU apiHost. */
const SEGMENT_EU_SETTINGS = segmentSettings('cspkitEuWriteKey', 'events.eu1.segmentapis.com/v1')

// ---- Plausible ---------------------------------------------------------------------------------

/**
 * Stand-in for plausible.io/js/script.js (not on npm): reads data-domain from its own tag, sends the
 * pageview, then takes over window.plausible and sends the queued and later custom events.
 */
const PLAUSIBLE_JS = `
;(function () {
  var domain = document.currentScript.getAttribute('data-domain')
  function send(name, options) {
    options = options || {}
    fetch('https://plausible.io/api/event', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ n: name, u: location.href, d: domain, r: document.referrer || null, p: options.props }),
    }).then(function () { if (options.callback) options.callback() })
  }
  var queued = (window.plausible && window.plausible.q) || []
  window.plausible = send
  send('pageview')
  queued.forEach(function (args) { send.apply(null, args) })
})()`

// ---- The stub ----------------------------------------------------------------------------------

let sentryBundle = ''

/**
 * The built sites, served over HTTPS as a deployed site is (https://<build>.site.test/): vendors'
 * snippets use protocol-relative URLs (Mixpanel's loads //cdn.mxpnl.com/…), which only an https page
 * turns into the https:// hosts the presets list.
 */
const SITE = /^(preset|second|control)\.site\.test$/
const siteDirs: Partial<Record<Site, string>> = {}
const siteUrl = (site: Site) => `https://${site}.site.test`
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' }

function siteFile(host: string, path: string): StubResponse | undefined {
  const dir = siteDirs[SITE.exec(host)![1] as Site]
  if (!dir) return undefined
  const file = normalize(join(dir, decodeURIComponent(path)))
  if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return undefined
  return { type: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) }
}

const route: StubRoute = ({ method, host, path }) => {
  if (SITE.test(host)) return siteFile(host, path)
  // PostHog (either region): remote config and the extension from the assets host, flags and events from the API host.
  const posthogAssets = /^(eu|us)-assets\.i\.posthog\.com$/.test(host)
  if (posthogAssets && path === '/array/phc_cspkit_test_token/config') return json(POSTHOG_CONFIG)
  // posthog-js asks for the versioned path first (/static/<version>/…), then the plain one.
  if (posthogAssets && /^\/static\/([\d.]+\/)?dead-clicks-autocapture\.js$/.test(path)) return js(nodeModule('posthog-js/dist/dead-clicks-autocapture.js'))
  if (host === 'js.sentry-cdn.com' && path === '/cspkitpublickey.min.js') return js(SENTRY_LOADER)
  if (host === 'browser.sentry-cdn.com' && path === `/${SENTRY_VERSION}/bundle.min.js`) return js(sentryBundle)
  if (host === 'client.crisp.chat' && path === '/l.js') return js(CRISP_JS)
  if (host === 'client.crisp.chat' && path.endsWith('.css')) return css('#crisp-chatbox { position: fixed; bottom: 0 }')
  if (host === 'client.crisp.chat' && path === '/static/javascripts/worker.js') return js(CRISP_WORKER)
  if (host === 'image.crisp.chat') return { type: 'image/png', body: solidPng(1, [40, 110, 230]) }
  if (host === 'game.crisp.chat') return htmlBody('<p>Wait game</p>')
  if (host === 'api.mapbox.com' && path === '/styles/v1/cspkit/terrain-3d') return json(MAPBOX_STYLE)
  if (host === 'api.mapbox.com' && path.startsWith('/v4/cspkit.terrain-dem/')) return { type: 'image/png', body: DEM_TILE }
  if (host === 'api.mapbox.com' && path === '/models/v1/cspkit/box.glb') return { type: 'model/gltf-binary', body: triangleGlb() }
  if (host === 'api.mapbox.com' && /^\/mapbox-gl-js\/meshopt_.*\.wasm$/.test(path)) return { type: 'application/wasm', body: MESHOPT_WASM }
  if (host === 'cdn.segment.com' && path === '/v1/projects/cspkitEuWriteKey/settings') return json(SEGMENT_EU_SETTINGS)
  if (host === 'cdn.segment.com' && path === SEGMENT_DESTINATION_PATH) return js(SEGMENT_DESTINATION_JS)
  if (host === 'cdn.mxpnl.com' && path === '/libs/mixpanel-2-latest.min.js') return js(nodeModule('mixpanel-browser/dist/mixpanel.min.js'))
  if (host === 'api-js.mixpanel.com' && path === '/track/') return { type: 'text/plain', body: '1' }
  if (host === 'plausible.io' && path === '/js/script.js') return js(PLAUSIBLE_JS)
  if (host === 'plausible.io' && path === '/api/event') return { status: 202, type: 'text/plain', body: 'ok' }
  if (host === 'cspkitproj.supabase.co' && path === '/rest/v1/todos') return json([{ id: 1, title: 'Ship a strict CSP' }])
  if (method === 'POST') return json({})
  return undefined
}

/** Puts the snippet mixpanel-browser ships into the page where the fixture marks it, as a user pastes it. */
const mixpanelSnippet = {
  name: 'cspkit-test-mixpanel-snippet',
  transformIndexHtml: (page: string) =>
    page.replace('<!-- cspkit-test: mixpanel snippet -->', `<script>${nodeModule('mixpanel-browser/dist/mixpanel-jslib-snippet.min.js').trim()}</script>`),
}

let stub: HttpsStub
let browser: Browser
type Site = Build | 'control'

beforeAll(async () => {
  sentryBundle = await buildSentryBundle()
  stub = await startHttpsStub(route, { webSocket: supabaseRealtime })
  const presetsOf = (b: Build) => [...new Map(PAGES.filter((p) => buildOf(p) === b).map((p) => [JSON.stringify(CASES[p].preset), CASES[p].preset])).values()]
  const builds: Record<Site, { options: Options; pages: Page[] }> = {
    preset: { options: { presets: presetsOf('preset') }, pages: PAGES.filter((p) => buildOf(p) === 'preset') },
    second: { options: { presets: [...presetsOf('second'), MAPBOX_STANDARD] }, pages: [...PAGES.filter((p) => buildOf(p) === 'second'), 'mapbox-3d'] },
    // Broken in the browser on purpose, and the build says so (LOAD_BLOCKED errors): written all the same.
    control: { options: { failOn: 'never' }, pages: PAGES },
  }
  for (const [name, { options, pages }] of Object.entries(builds) as [Site, (typeof builds)[Site]][]) {
    siteDirs[name] = await buildSdkPages({ fixture: FIXTURE, prefix: `presets-variants-${name}`, pages, options, plugins: [mixpanelSnippet] })
  }
  const hosts = ['*.site.test', ...new Set(PAGES.flatMap((p) => CASES[p].hosts))]
  // WebGL for mapbox-gl comes from SwiftShader: no GPU on the test machine.
  const args = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--use-angle=swiftshader', '--enable-unsafe-swiftshader', ...stub.chromiumArgs(hosts)]
  browser = await chromium.launch({ executablePath: CHROMIUM, args })
}, 120_000)

afterAll(() => closeAll(browser, stub))

/**
 * Opens the page and does what a visitor does (support/sdk-page.ts): the sites are stub hosts too,
 * what the stub saw while the page first loaded counts, and the page's workers are vendor requests.
 */
const visit = (site: Site, page: Page): Promise<Visit> =>
  visitSdkPage({ browser, stub, url: `${siteUrl(site)}/${page}.html`, expect: CASES[page], control: site === 'control', siteHosts: SITE, workers: true })

const title = (page: Page) => JSON.stringify(CASES[page].preset)

describe.each(PAGES)('%s, real SDK in Chromium', (page) => {
  let visited: Visit

  beforeAll(async () => {
    visited = await visit(buildOf(page), page)
  })

  it(`does what a visitor asked with zero CSP violations (presets: ${title(page)})`, () => {
    expect(visited.violations).toEqual([])
    expect(visited.pageErrors).toEqual([])
    expect(visited.finished, `the page never showed ${CASES[page].waitFor}\n${visited.seen.join('\n')}`).toBe(true)
    expect(visited.cspErrors).toEqual([])
  })

  it("reached the vendor's endpoints", () => {
    for (const endpoint of CASES[page].reached) expect(visited.seen.some((s) => endpoint.test(s)), `${endpoint}\n${visited.seen.join('\n')}`).toBe(true)
  })

  it(`every vendor request the page made is allowed by ${title(page)} on its own`, () => {
    expect(visited.vendorRequests.length).toBeGreaterThan(0)
    const uncovered = visited.vendorRequests.filter((r) => !presetAllows(CASES[page].preset, new URL(r.url), r.directive, siteUrl(buildOf(page))))
    expect(uncovered).toEqual([])
  })
})

describe("mapbox's default 'standard' variant on the 3D page", () => {
  it("blocks compiling the WebAssembly decoder the 3D model needs: the '3d' variant's 'wasm-unsafe-eval' is what lets it run", async () => {
    const visited = await visit('second', 'mapbox-3d')
    expect(visited.seen.some((s) => /^GET api\.mapbox\.com\/mapbox-gl-js\/meshopt_/.test(s)), visited.seen.join('\n')).toBe(true)
    expect(visited.violations).toContainEqual(expect.objectContaining({ blockedURI: 'wasm-eval', effectiveDirective: 'script-src' }))
  })
})

describe('control: the same pages without presets', () => {
  it.each(PAGES)('%s is blocked and never reaches the vendor', async (page) => {
    const visited = await visit('control', page)
    expect(visited.violations.length, `${page}: no violation`).toBeGreaterThan(0)
    expect(visited.seen.filter((s) => CASES[page].reached.some((r) => r.test(s)))).toEqual([])
  })
})
