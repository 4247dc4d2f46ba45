/**
 * Presets against the vendors' real browser SDKs from npm, round 6, second part: @microsoft/clarity,
 * fathom-client, @loomhq/loom-embed, @calcom/embed-snippet, @cloudinary/url-gen, @imgix/js-core, pirsch-sdk and unsplash-js (the pattern of
 * presets-sdks-5.test.ts).
 *
 * A Vite build per page, each with that page's preset only, and one multi-page control build
 * without presets. Chromium sends the vendors' hosts to a local HTTPS stub that answers what each
 * SDK asks for. A visitor clicks the page's button: zero CSP violations with the preset; each vendor
 * request the page made is also checked against that page's preset alone.
 *
 * - Microsoft Clarity: init() and the call queue are the npm package's own; it inserts
 *   www.clarity.ms/tag/<id>. The tag and its recorder are Microsoft's, not on npm: the stand-in tag
 *   loads the recorder from scripts.clarity.ms, which reads the package's queue and uploads to a
 *   lettered *.clarity.ms collector, with the c.clarity.ms and c.bing.com pixels, as the preset's
 *   list has them.
 * - Fathom: fathom-client inserts cdn.usefathom.com/script.js with the site ID and hands its queue
 *   to it once loaded. script.js is Fathom's and a stand-in: a page view as an image and an event
 *   as a POST to its own host.
 * - Loom: @loomhq/loom-embed's own code asks www.loom.com/v1/oembed and builds its responsive
 *   embed (a wrapper and an iframe, both with style attributes: the preset has their hashes for
 *   16:9 videos). The oEmbed answer and the player page are Loom's and stand-ins.
 * - Cal.com: @calcom/embed-snippet's Cal() queue and loader are the package's own; embed.js
 *   (embed-core) is Cal.com's and a stand-in that frames the booking page and reports linkReady.
 * - Cloudinary and imgix: @cloudinary/url-gen and @imgix/js-core build the delivery URLs (an image
 *   and a video on res.cloudinary.com; an image and a srcset on <source>.imgix.net, the 'source'
 *   option filled in); the stub serves a GIF and a short WAV for them.
 * - Pirsch: pirsch-sdk/web's own code: a page view (GET api.pirsch.io/hit) and an event (a beacon
 *   to api.pirsch.io/event).
 * - Unsplash: unsplash-js's own client (openapi-fetch) asks api.unsplash.com for a photo, the page
 *   shows it hotlinked from images.unsplash.com, triggers its download on the API and tracks a view
 *   with the package's beacon (views.unsplash.com): the 'api' variant.
 * The stand-ins prove the npm packages and the hosts, not the vendors' own code.
 *
 * The builds, the visit and the preset-alone check are the shared harness (support/sdk-page.ts).
 *
 * Chromium only: a preset is a host list, and what these tests prove is which hosts the vendor's SDK
 * reaches. Host-source matching is specified exactly (CSP3) and the engine differences this suite
 * found are in hashes, 'strict-dynamic' and inline styles (test/browser-rules, README's browser notes).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PresetInput } from '../packages/core/src/presets/resolve.js'
import { definePreset } from '../packages/core/src/presets/define.js'
import { presets } from '../packages/core/src/presets/registry.js'
import { serveDir } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { buildSdkPages, describeSdkPages, html, js, json, visitSdkPage, presetSdkSuite } from './support/sdk-page.js'
import type { StubResponse, StubRoute } from './support/https-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks-6b')
// As the fixture pages configure them, and values only the stub's answers produce.
const CLARITY_PROJECT = 'cspkit0clr'
const CLARITY_EVENT = 'checkout_started'
const FATHOM_SITE = 'CSPKITFA'
const LOOM_VIDEO = '0123456789abcdef0123456789abcdef'
const LOOM_TITLE = 'A cspkit test video'
const UNSPLASH_PHOTO = 'cspkit0photo'

type Sdk = 'microsoft-clarity' | 'fathom' | 'loom' | 'cal-com' | 'cloudinary' | 'imgix' | 'pirsch' | 'unsplash'
/** Page → the preset it needs and the vendor hosts the stub stands in for. */
const SDKS: Record<Sdk, { preset: PresetInput; hosts: readonly string[] }> = {
  'microsoft-clarity': { preset: 'microsoft-clarity', hosts: ['*.clarity.ms', 'c.bing.com'] },
  fathom: { preset: 'fathom', hosts: ['cdn.usefathom.com'] },
  loom: { preset: 'loom', hosts: ['www.loom.com'] },
  'cal-com': { preset: 'cal-com', hosts: ['app.cal.com'] },
  cloudinary: { preset: 'cloudinary', hosts: ['res.cloudinary.com'] },
  imgix: { preset: ['imgix', { source: 'cspkit-source' }], hosts: ['cspkit-source.imgix.net'] },
  pirsch: { preset: ['pirsch', { variant: 'npm' }], hosts: ['api.pirsch.io'] },
  unsplash: { preset: ['unsplash', { variant: 'api' }], hosts: ['api.unsplash.com', 'images.unsplash.com', 'views.unsplash.com'] },
}
const NAMES = Object.keys(SDKS) as Sdk[]
const entry = (name: Sdk) => SDKS[name]

/** A 0.5 s mono 8 kHz silent WAV: a media file Chromium decodes (loadedmetadata, duration) without a codec. */
const WAV: StubResponse = (() => {
  const samples = 4000
  const wav = Buffer.alloc(44 + samples)
  wav.write('RIFF', 0)
  wav.writeUInt32LE(36 + samples, 4)
  wav.write('WAVEfmt ', 8)
  wav.writeUInt32LE(16, 16) // fmt chunk size
  wav.writeUInt16LE(1, 20) // PCM
  wav.writeUInt16LE(1, 22) // mono
  wav.writeUInt32LE(8000, 24) // sample rate
  wav.writeUInt32LE(8000, 28) // byte rate
  wav.writeUInt16LE(1, 32) // block align
  wav.writeUInt16LE(8, 34) // bits per sample
  wav.write('data', 36)
  wav.writeUInt32LE(samples, 40)
  wav.fill(128, 44) // 8-bit silence
  return { type: 'audio/wav', body: wav }
})()

const GIF: StubResponse = { type: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64') }

/** Stand-in for Clarity's tag (www.clarity.ms/tag/<id>): it loads the recorder. */
const CLARITY_TAG = `(() => {
  const recorder = document.createElement('script')
  recorder.src = 'https://scripts.clarity.ms/0.8.0/clarity.js'
  document.head.appendChild(recorder)
})()`

/** Stand-in for Clarity's recorder: it reads the npm package's queue (window.clarity.q) and uploads, then the pixels. */
const CLARITY_RECORDER = `(async () => {
  const queued = (window.clarity.q || []).map((args) => Array.from(args))
  const events = queued.filter((call) => call[0] === 'event').map((call) => call[1])
  await fetch('https://k.clarity.ms/collect', { method: 'POST', body: JSON.stringify({ events }) })
  const pixel = (src) => new Promise((resolve, reject) => Object.assign(new Image(), { onload: resolve, onerror: reject, src }))
  await pixel('https://c.clarity.ms/c.gif')
  await pixel('https://c.bing.com/c.gif')
  document.body.dataset.events = events.join(',')
  document.body.dataset.done = 'uploaded'
})()`

/** Stand-in for Fathom's script.js: window.fathom, whose page view is an image and event a POST to the script's host. */
const FATHOM_SCRIPT = `(() => {
  const site = document.currentScript.getAttribute('data-site')
  const sent = new Set()
  const finish = (what) => {
    sent.add(what)
    if (sent.size < 2) return
    document.body.dataset.site = site
    document.body.dataset.done = 'tracked'
  }
  const noop = () => {}
  window.fathom = {
    trackPageview() {
      Object.assign(new Image(), { onload: () => finish('pageview'), src: 'https://cdn.usefathom.com/?sid=' + site + '&p=' + encodeURIComponent(location.pathname) })
    },
    trackEvent(name) {
      fetch('https://cdn.usefathom.com/', { method: 'POST', body: JSON.stringify({ sid: site, name }) }).then(() => finish('event'))
    },
    trackGoal: noop, blockTrackingForMe: noop, enableTrackingForMe: noop, setSite: noop,
  }
})()`

/** Stand-in for Cal.com's embed.js: it runs the snippet's queue, frames the booking page inline and calls the linkReady listeners. */
const CAL_EMBED = `(() => {
  const listeners = []
  const run = ([command, options]) => {
    if (command === 'on' && options.action === 'linkReady') listeners.push(options.callback)
    if (command !== 'inline') return
    const frame = document.createElement('iframe')
    frame.addEventListener('load', () => listeners.forEach((listener) => listener()), { once: true })
    frame.src = 'https://app.cal.com/' + options.calLink + '?embed=true'
    document.querySelector(options.elementOrSelector).appendChild(frame)
  }
  const queued = window.Cal.q.map((args) => Array.from(args))
  for (const call of [...queued.filter((c) => c[0] === 'on'), ...queued.filter((c) => c[0] !== 'on')]) run(call)
})()`

const route: StubRoute = ({ method, host, path }) => {
  if (host === 'www.clarity.ms' && path === `/tag/${CLARITY_PROJECT}`) return js(CLARITY_TAG)
  if (host === 'scripts.clarity.ms' && path === '/0.8.0/clarity.js') return js(CLARITY_RECORDER)
  if (host === 'k.clarity.ms' && path === '/collect' && method === 'POST') return { type: 'text/plain', body: '' }
  if ((host === 'c.clarity.ms' || host === 'c.bing.com') && path === '/c.gif') return GIF
  if (host === 'cdn.usefathom.com' && path === '/script.js') return js(FATHOM_SCRIPT)
  if (host === 'cdn.usefathom.com' && path === '/') return method === 'POST' ? json({}) : GIF
  if (host === 'www.loom.com' && path === '/v1/oembed') {
    return json({ type: 'video', title: LOOM_TITLE, width: 1920, height: 1080, html: `<iframe src="https://www.loom.com/embed/${LOOM_VIDEO}" frameborder="0" width="1920" height="1080" allowfullscreen></iframe>` })
  }
  if (host === 'www.loom.com' && path === `/embed/${LOOM_VIDEO}`) return html('<!doctype html><p>Loom player stand-in</p>')
  if (host === 'app.cal.com' && path === '/embed/embed.js') return js(CAL_EMBED)
  if (host === 'res.cloudinary.com' && path.startsWith('/cspkit-cloud/image/upload/')) return GIF
  if (host === 'res.cloudinary.com' && path === '/cspkit-cloud/video/upload/v1/samples/cspkit-clip') return WAV
  if (host === 'cspkit-source.imgix.net' && path === '/photos/cspkit.jpg') return GIF
  if (host === 'api.pirsch.io' && path === '/hit' && method === 'GET') return { type: 'text/plain', body: '' }
  if (host === 'api.pirsch.io' && path === '/event' && method === 'POST') return { type: 'text/plain', body: '' }
  if (host === 'api.unsplash.com' && path === '/photos/random') {
    return json({ id: UNSPLASH_PHOTO, alt_description: 'a cspkit photo', urls: { small: `https://images.unsplash.com/photo-${UNSPLASH_PHOTO}?w=400` }, links: { download_location: `https://api.unsplash.com/photos/${UNSPLASH_PHOTO}/download` } })
  }
  if (host === 'api.unsplash.com' && path === `/photos/${UNSPLASH_PHOTO}/download`) return json({ url: `https://images.unsplash.com/photo-${UNSPLASH_PHOTO}` })
  if (host === 'images.unsplash.com' && path === `/photo-${UNSPLASH_PHOTO}`) return GIF
  if (host === 'views.unsplash.com' && path === '/v') return { type: 'text/plain', body: '' }
  if (host === 'app.cal.com' && path === '/cspkit/intro') return html('<!doctype html><p>Cal.com booking page stand-in</p>')
  return undefined
}

/** A build per page, so each page runs under its own preset (and the defaults) only. */
const suite = presetSdkSuite<Sdk>({
  fixture: FIXTURE,
  prefix: 'presets-sdks-6b',
  pages: NAMES,
  entry,
  sharing: 'none',
  route,
  expectOf: (sdk) => EXPECT[sdk],
})
const visit = suite.visit

/** What a visitor sees once each SDK did its work (values only the stub's answers produce), and the vendor endpoints it must have reached. */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp[] }> = {
  'microsoft-clarity': {
    waitFor: `body[data-done="uploaded"][data-events="${CLARITY_EVENT}"]`,
    reached: [/^GET www\.clarity\.ms\/tag\/cspkit0clr$/, /^GET scripts\.clarity\.ms\/0\.8\.0\/clarity\.js$/, /^POST k\.clarity\.ms\/collect$/, /^GET c\.clarity\.ms\/c\.gif$/, /^GET c\.bing\.com\/c\.gif$/],
  },
  fathom: {
    waitFor: `body[data-done="tracked"][data-site="${FATHOM_SITE}"]`,
    reached: [/^GET cdn\.usefathom\.com\/script\.js$/, /^GET cdn\.usefathom\.com\/$/, /^POST cdn\.usefathom\.com\/$/],
  },
  loom: {
    waitFor: `body[data-done="embedded"][data-title="${LOOM_TITLE}"]`,
    reached: [/^GET www\.loom\.com\/v1\/oembed$/, new RegExp(`^GET www\\.loom\\.com/embed/${LOOM_VIDEO}$`)],
  },
  'cal-com': {
    waitFor: 'body[data-done="ready"]',
    reached: [/^GET app\.cal\.com\/embed\/embed\.js$/, /^GET app\.cal\.com\/cspkit\/intro$/],
  },
  cloudinary: {
    waitFor: 'body[data-done="shown"][data-width="1"][data-duration="0.5"]',
    reached: [/^GET res\.cloudinary\.com\/cspkit-cloud\/image\/upload\/c_fill,h_80,w_120\/v1\/samples\/cspkit$/, /^GET res\.cloudinary\.com\/cspkit-cloud\/video\/upload\/v1\/samples\/cspkit-clip$/],
  },
  imgix: {
    waitFor: 'body[data-done="shown"][data-width="1"]',
    reached: [/^GET cspkit-source\.imgix\.net\/photos\/cspkit\.jpg$/],
  },
  unsplash: {
    waitFor: `body[data-done="shown"][data-photo="${UNSPLASH_PHOTO}"]`,
    reached: [/^GET api\.unsplash\.com\/photos\/random$/, /^GET images\.unsplash\.com\/photo-cspkit0photo$/, /^GET api\.unsplash\.com\/photos\/cspkit0photo\/download$/, /^GET views\.unsplash\.com\/v$/],
  },
  pirsch: {
    waitFor: 'body[data-done="tracked"]',
    reached: [/^GET api\.pirsch\.io\/hit$/, /^POST api\.pirsch\.io\/event$/],
  },
}

describeSdkPages(NAMES, {
  visit,
  expected: (sdk) => EXPECT[sdk],
  preset: (sdk) => entry(sdk).preset,
  origin: suite.origin,
})

describe("loom: the responsive embed needs the preset's style hashes", () => {
  it('with only the hosts, the style attributes of the embed the SDK inserts are refused', async () => {
    const { 'style-src-attr': hashes, ...hostsOnly } = presets.loom.directives
    expect(hashes).toBeDefined()
    const loomHostsOnly = definePreset({ ...presets.loom, name: 'loom-hosts-only', directives: hostsOnly })
    const dir = await buildSdkPages({ fixture: FIXTURE, prefix: 'presets-sdks-6b-loom-hosts-only', pages: ['loom'], options: { presets: [loomHostsOnly] } })
    const site = await serveDir(dir)
    try {
      const visited = await visitSdkPage({ browser: suite.browser, stub: suite.stub, url: `${site.url}/loom.html`, expect: EXPECT.loom, control: false })
      expect(visited.finished).toBe(true) // the hosts alone do frame the video
      expect(visited.violations.filter((v) => v.effectiveDirective === 'style-src-attr').length).toBeGreaterThan(0)
    } finally {
      await site.close()
    }
  })
})
