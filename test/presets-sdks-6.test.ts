/**
 * Presets against the vendors' real browser SDKs from npm, round 6: iconify-icon, giscus,
 * @stackblitz/sdk and @typeform/embed (the pattern of presets-sdks-5.test.ts).
 *
 * A Vite build per page, each with that page's preset only, and one multi-page control build
 * without presets. Chromium sends the vendors' hosts to a local HTTPS stub that answers what each
 * SDK asks for. A visitor clicks the page's button: zero CSP violations with the preset; each vendor
 * request the page made is also checked against that page's preset alone.
 *
 * - Iconify: the npm web component's own code throughout. It fetches the icon set's JSON from
 *   api.iconify.design and renders the SVG the stub's data describes. On 'iconify-fallback' the
 *   stub's api.iconify.design fails (503) for that icon set, and the component's own redundancy
 *   moves on to a fallback host (api.simplesvg.com or api.unisvg.com): the fallback hosts the preset lists are needed.
 * - giscus: the npm web component frames giscus.app/<lang>/widget. The widget is giscus's page and
 *   a stand-in: it posts its height to the page as giscus's does, which the component applies.
 * - StackBlitz: embedProjectId frames stackblitz.com/edit/<id>?embed=1; embedProject writes an
 *   about:blank document (inheriting the page's policy) whose inline script POSTs the files to
 *   stackblitz.com/run: the 'project' variant holds that script's hash and the hash of the form's
 *   style attribute. The editor is StackBlitz's and a stand-in answering the SDK's connection
 *   (SDK_INIT over postMessage, then a MessagePort for getFsSnapshot).
 * - Typeform: createWidget (its CSS bundled by Vite) frames form.typeform.com/to/<id>, or
 *   form.typeform.eu for region 'eu'. The form page is Typeform's and a stand-in posting
 *   'form-ready' with the embed's ID, as Typeform's does.
 * The stand-ins prove the npm packages and the hosts, not the vendors' own pages.
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
import { serveDir } from './support/browser.js'
import { ROOT } from './support/builds.js'
import { buildSdkPages, describeSdkPages, html, json, visitSdkPage, presetSdkSuite } from './support/sdk-page.js'
import type { StubRoute } from './support/https-stub.js'

const FIXTURE = join(ROOT, 'test/fixtures/presets-sdks-6')
// Values only the stub's answers produce, as the pages report them.
const ICON_PATH = 'M1 2h3v4z'
const GISCUS_HEIGHT = '321px'
const STACKBLITZ_FILES = 'index.html,index.js'
const TYPEFORM_ID = 'cspkitForm'

type Sdk = 'iconify' | 'iconify-fallback' | 'giscus' | 'stackblitz' | 'stackblitz-project' | 'typeform' | 'typeform-eu'
/** Page → the preset it needs and the vendor hosts the stub stands in for. */
const SDKS: Record<Sdk, { preset: PresetInput; hosts: readonly string[] }> = {
  iconify: { preset: 'iconify', hosts: ['api.iconify.design', 'api.simplesvg.com', 'api.unisvg.com'] },
  'iconify-fallback': { preset: 'iconify', hosts: ['api.iconify.design', 'api.simplesvg.com', 'api.unisvg.com'] },
  giscus: { preset: ['giscus', { variant: 'component' }], hosts: ['giscus.app'] },
  stackblitz: { preset: 'stackblitz', hosts: ['stackblitz.com'] },
  'stackblitz-project': { preset: ['stackblitz', { variant: 'project' }], hosts: ['stackblitz.com'] },
  typeform: { preset: ['typeform', { variant: 'npm' }], hosts: ['form.typeform.com'] },
  'typeform-eu': { preset: ['typeform', { variant: 'npm', formDomain: 'form.typeform.eu' }], hosts: ['form.typeform.eu'] },
}
const NAMES = Object.keys(SDKS) as Sdk[]
const entry = (name: Sdk) => SDKS[name]

/** Stand-in for giscus's widget page: it reports its height to the embedding page, as giscus's widget does. */
const GISCUS_WIDGET = `<!doctype html><p>giscus widget stand-in</p><script>
  parent.postMessage({ giscus: { resizeHeight: ${parseInt(GISCUS_HEIGHT, 10)} } }, '*')
</script>`

/**
 * Stand-in for StackBlitz's editor (stackblitz.com/edit/<id>, and /run for a POSTed project): it
 * answers @stackblitz/sdk's SDK_INIT with SDK_INIT_SUCCESS and a MessagePort, on which it answers
 * SDK_GET_FS_SNAPSHOT with the project's files.
 */
const STACKBLITZ_EDITOR = `<!doctype html><p>StackBlitz editor stand-in</p><script>
  addEventListener('message', (event) => {
    if (!event.data || event.data.action !== 'SDK_INIT') return
    const channel = new MessageChannel()
    channel.port1.onmessage = ({ data }) => {
      const files = Object.fromEntries(${JSON.stringify(STACKBLITZ_FILES)}.split(',').map((name) => [name, '']))
      channel.port1.postMessage({ type: data.type + '_SUCCESS', payload: { ...files, __reqid: data.payload.__reqid, __success: true } })
    }
    event.source.postMessage({ action: 'SDK_INIT_SUCCESS', id: event.data.id, payload: { previewOrigin: null } }, '*', [channel.port2])
  })
</script>`

/** Stand-in for a Typeform form page: it posts 'form-ready' with the embed ID the SDK put in its URL. */
const TYPEFORM_FORM = `<!doctype html><p>Typeform form stand-in</p><script>
  const embedId = new URLSearchParams(location.search).get('typeform-embed-id')
  parent.postMessage({ type: 'form-ready', embedId, formId: location.pathname.split('/').pop() }, '*')
</script>`

const route: StubRoute = ({ method, host, path, url }) => {
  // Iconify: icon data for the icons asked for; the main host fails for the 'tabler' set.
  const iconSet = /^\/([a-z0-9-]+)\.json$/.exec(path)?.[1]
  if (iconSet && /^api\.(iconify\.design|simplesvg\.com|unisvg\.com)$/.test(host)) {
    if (iconSet === 'tabler' && host === 'api.iconify.design') return { status: 503, type: 'text/plain', body: 'unavailable' }
    const names = (url.searchParams.get('icons') ?? '').split(',').filter(Boolean)
    return json({ prefix: iconSet, width: 24, height: 24, icons: Object.fromEntries(names.map((n) => [n, { body: `<path d="${ICON_PATH}"/>` }])) })
  }
  if (host === 'giscus.app' && path === '/en/widget') return html(GISCUS_WIDGET)
  if (host === 'stackblitz.com' && ((method === 'GET' && path === '/edit/cspkit-project') || (method === 'POST' && path === '/run'))) return html(STACKBLITZ_EDITOR)
  if (/^form\.typeform\.(com|eu)$/.test(host) && path === `/to/${TYPEFORM_ID}`) return html(TYPEFORM_FORM)
  return undefined
}

/** A build per page, so each page runs under its own preset (and the defaults) only. */
const suite = presetSdkSuite<Sdk>({
  fixture: FIXTURE,
  prefix: 'presets-sdks-6',
  pages: NAMES,
  entry,
  sharing: 'none',
  route,
  expectOf: (sdk) => EXPECT[sdk],
})
const visit = suite.visit

/** What a visitor sees once each SDK did its work (values only the stub's answers produce), and the vendor endpoints it must have reached. */
const EXPECT: Record<Sdk, { waitFor: string; reached: RegExp[] }> = {
  iconify: {
    waitFor: `body[data-done="rendered"][data-path="${ICON_PATH}"]`,
    reached: [/^GET api\.iconify\.design\/mdi\.json$/],
  },
  'iconify-fallback': {
    waitFor: `body[data-done="rendered"][data-path="${ICON_PATH}"]`,
    // Which fallback host the component tries next varies between runs; the preset lists both.
    reached: [/^GET api\.iconify\.design\/tabler\.json$/, /^GET api\.(simplesvg|unisvg)\.com\/tabler\.json$/],
  },
  giscus: {
    waitFor: `body[data-done="loaded"][data-height="${GISCUS_HEIGHT}"]`,
    reached: [/^GET giscus\.app\/en\/widget$/],
  },
  stackblitz: {
    waitFor: `body[data-done="connected"][data-files="${STACKBLITZ_FILES}"]`,
    reached: [/^GET stackblitz\.com\/edit\/cspkit-project$/],
  },
  'stackblitz-project': {
    waitFor: `body[data-done="connected"][data-files="${STACKBLITZ_FILES}"]`,
    reached: [/^POST stackblitz\.com\/run$/],
  },
  typeform: {
    waitFor: `body[data-done="ready"][data-form="${TYPEFORM_ID}"]`,
    reached: [/^GET form\.typeform\.com\/to\/cspkitForm$/],
  },
  'typeform-eu': {
    waitFor: `body[data-done="ready"][data-form="${TYPEFORM_ID}"]`,
    reached: [/^GET form\.typeform\.eu\/to\/cspkitForm$/],
  },
}

describeSdkPages(NAMES, {
  visit,
  expected: (sdk) => EXPECT[sdk],
  preset: (sdk) => entry(sdk).preset,
  origin: suite.origin,
})

describe("stackblitz: embedProject needs the 'project' variant", () => {
  it("under the default variant alone, the SDK's inline submit script in its about:blank frame is refused and the files never reach stackblitz.com", async () => {
    const dir = await buildSdkPages({ fixture: FIXTURE, prefix: 'presets-sdks-6-stackblitz-embed-only', pages: ['stackblitz-project'], options: { presets: ['stackblitz'] } })
    const site = await serveDir(dir)
    try {
      const visited = await visitSdkPage({ browser: suite.browser, stub: suite.stub, url: `${site.url}/stackblitz-project.html`, expect: EXPECT['stackblitz-project'], control: true })
      // The frame's own console reports it (its violation event fires in the frame, not the page).
      expect(visited.cspErrors.some((m) => /inline script/i.test(m) && /script-src/.test(m)), visited.cspErrors.join('\n')).toBe(true)
      expect(visited.seen.filter((s) => /^POST stackblitz\.com\/run$/.test(s))).toEqual([])
    } finally {
      await site.close()
    }
  })
})
