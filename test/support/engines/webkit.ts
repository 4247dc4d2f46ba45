/**
 * WebKit: WebKitGTK's MiniBrowser (it has no headless mode) under its own Xvfb, driven over the
 * WebKit Inspector Protocol (WebDriver classic has no preload script, and WebKitWebDriver hangs when the
 * remote inspector is on: /work/shared/ENGINES.md). One window, so pages open one at a time.
 */
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import { callExpression, LISTENER_SOURCE, READ_ERRORS, READ_REPORT, SAME_ORIGIN_FRAMES_SOURCE, syntheticClick, syntheticType, type EngineViolation } from './report.js'
import { spawnTied, type TiedProcess } from './tied-process.js'
import { sharedBrowserEndpoint, type BrowserServer } from './shared-browsers.js'
import type { EngineBrowser, EnginePage } from './types.js'
import { connectInspector, type InspectorClient } from './webkit-inspector.js'

const execFileAsync = promisify(execFile)

export const XVFB = process.env.CSPKIT_XVFB ?? '/usr/bin/Xvfb'
export const XDOTOOL = process.env.CSPKIT_XDOTOOL ?? '/usr/bin/xdotool'

/** Chromium's (playwright's) default viewport, so a page lays out alike in each engine. */
const VIEWPORT = { width: 1280, height: 720 }

/** Debian installs MiniBrowser under the multiarch triplet's webkit2gtk-4.1 folder. */
export function findMiniBrowser(): string | undefined {
  if (process.env.CSPKIT_MINIBROWSER) return process.env.CSPKIT_MINIBROWSER
  const lib = '/usr/lib'
  for (const dir of existsSync(lib) ? readdirSync(lib) : []) {
    const candidate = `${lib}/${dir}/webkit2gtk-4.1/MiniBrowser`
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

/** The user agent's AppleWebKit number is frozen, so ask the package that ships the library. */
function webKitGtkVersion(): string | undefined {
  try {
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
  } catch {
    return undefined
  }
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as { port: number }
  await new Promise((ok) => server.close(ok))
  return port
}

async function startXvfb(): Promise<{ xvfb: TiedProcess; display: string }> {
  // -displayfd: Xvfb picks a free display and writes its number to our stdout once it accepts clients.
  const xvfb = spawnTied(XVFB, ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x720x24'], process.env)
  const display = await new Promise<string>((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`[cspkit tests] Xvfb (${XVFB}) did not report a display within 15 s:\n${xvfb.stderrTail()}`)), 15_000)
    xvfb.child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /^(\d+)\n/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(`:${m[1]}`)
      }
    })
    xvfb.child.once('exit', () => fail(new Error(`[cspkit tests] Xvfb (${XVFB}) exited at start:\n${xvfb.stderrTail()}`)))
  })
  return { xvfb, display }
}

/** The remote inspector's page lists its targets as `/socket/<connection>/<target>/WebPage` links. */
async function waitForInspectorSocket(port: number, miniBrowser?: TiedProcess): Promise<string> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (miniBrowser && miniBrowser.child.exitCode !== null) break
    const list = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => '')
    const m = /\/socket\/\d+\/\d+\/WebPage/.exec(list)
    if (m) return `ws://127.0.0.1:${port}${m[0]}`
    await new Promise((ok) => setTimeout(ok, 100))
  }
  throw new Error(`[cspkit tests] MiniBrowser's remote inspector on 127.0.0.1:${port} listed no page:\n${miniBrowser?.stderrTail() ?? ''}`)
}

/**
 * MiniBrowser opens a 1024 px window and ignores --geometry, and with no window manager under Xvfb
 * --full-screen does nothing: xdotool resizes the window (the toolbar's height added), so sites
 * lay out as in the other engines (VitePress shows its theme switch from 1280 px on).
 */
async function sizeViewport(display: string, evaluate: <T>(expression: string) => Promise<T>): Promise<void> {
  if (!existsSync(XDOTOOL)) throw new Error(`[cspkit tests] xdotool not found at ${XDOTOOL} (it sizes WebKit's window). Install Debian's xdotool (apt-get install -y xdotool) or set CSPKIT_XDOTOOL.`)
  const env = { ...process.env, DISPLAY: display }
  // Not execFileSync: this runs in the run's main process (shared-browsers.ts), which must keep serving the workers.
  const resize = (width: number, height: number) =>
    execFileAsync(XDOTOOL, ['search', '--sync', '--onlyvisible', '--class', 'MiniBrowser', 'windowsize', '%@', String(width), String(height)], { env, timeout: 10_000 })
  const inner = () => evaluate<[number, number]>('[innerWidth, innerHeight]')
  const deadline = Date.now() + 5_000
  let size = await inner()
  let windowHeight = VIEWPORT.height + 80
  await resize(VIEWPORT.width, windowHeight)
  while (size[0] !== VIEWPORT.width || size[1] !== VIEWPORT.height) {
    if (Date.now() > deadline) throw new Error(`[cspkit tests] WebKit's viewport stayed ${size.join('x')}, not ${VIEWPORT.width}x${VIEWPORT.height}`)
    await new Promise((ok) => setTimeout(ok, 50))
    const next = await inner()
    // Once the width took, the window's height minus the viewport's is the toolbar: correct by it.
    if (next[0] === VIEWPORT.width && next[1] !== VIEWPORT.height && next[1] === size[1]) {
      windowHeight += VIEWPORT.height - next[1]
      await resize(VIEWPORT.width, windowHeight)
    }
    size = next
  }
}

const SET_UP = async (send: (method: string, params?: Record<string, unknown>) => Promise<unknown>) => {
  await send('Console.enable')
  await send('Runtime.enable')
  await send('Page.enable')
  // Runs before the page's own scripts on every navigation (main frame only), outside the page's
  // CSP; same-origin frames are reached from there.
  await send('Page.setBootstrapScript', { source: `${LISTENER_SOURCE};${SAME_ORIGIN_FRAMES_SOURCE}` })
}

const evaluator =
  (client: InspectorClient) =>
  async <T>(expression: string, timeoutMs?: number): Promise<T> => {
    const r = await client.send('Runtime.evaluate', { expression, returnByValue: true }, timeoutMs)
    if (r.wasThrown) throw new Error(`[cspkit tests] WebKit: ${r.result?.description ?? 'evaluation threw'}`)
    return r.result?.value as T
  }

/** MiniBrowser under its own Xvfb, its window sized, its inspector connected (`client`) on `port`. */
async function startMiniBrowser(): Promise<{ client: InspectorClient; port: number; alive(): boolean; stop(): Promise<void> }> {
  const binary = findMiniBrowser()
  if (!binary) throw new Error('[cspkit tests] WebKitGTK MiniBrowser not found. Install Debian\'s webkit2gtk-driver (apt-get install -y webkit2gtk-driver xvfb) or set CSPKIT_MINIBROWSER.')
  const { xvfb, display } = await startXvfb()
  const port = await freePort()
  const env = { ...process.env, DISPLAY: display, WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}` }
  const browser = spawnTied(binary, ['--enable-developer-extras=true', '--private', 'about:blank'], env)
  let client: InspectorClient
  try {
    const socket = await waitForInspectorSocket(port, browser)
    client = await connectInspector(socket, SET_UP)
  } catch (error) {
    await browser.stop()
    await xvfb.stop()
    throw error
  }
  try {
    await sizeViewport(display, evaluator(client))
  } catch (error) {
    client.close()
    await browser.stop()
    await xvfb.stop()
    throw error
  }
  return {
    client,
    port,
    alive: () => [browser, xvfb].every((p) => p.child.exitCode === null && p.child.signalCode === null),
    async stop() {
      client.close()
      await browser.stop()
      await xvfb.stop()
    },
  }
}

/**
 * Starts a MiniBrowser for test files to connect to (shared-browsers.ts), in the run's main process:
 * the endpoint is its remote inspector's HTTP address, where a file finds the page's socket.
 */
export async function startWebKitServer(): Promise<BrowserServer> {
  const started = await startMiniBrowser()
  // A file connects its own inspector client; this one only sized the window.
  started.client.close()
  return { endpoint: `http://127.0.0.1:${started.port}`, alive: started.alive, close: started.stop }
}

export async function launchWebKit(): Promise<EngineBrowser> {
  const shared = await sharedBrowserEndpoint('webkit')
  // A shared browser that does not take this connection (it died since): this file starts its own.
  const connected = shared ? await waitForInspectorSocket(Number(new URL(shared).port)).then((socket) => connectInspector(socket, SET_UP)).catch(() => undefined) : undefined
  let client: InspectorClient
  let stop: () => Promise<void>
  if (connected) {
    client = connected
    // The browser stays for the slot's next file; what this file opened is left with a blank page.
    stop = async () => {
      await client.send('Page.navigate', { url: 'about:blank' }, 2_000).catch(() => undefined)
      client.close()
    }
  } else {
    const own = await startMiniBrowser()
    client = own.client
    stop = own.stop
  }
  const evaluate = evaluator(client)
  const refusals: string[] = []
  client.onEvent((method, params) => {
    if (method === 'Console.messageAdded' && /^Refused to /.test(params.message?.text ?? '')) refusals.push(params.message.text)
  })
  const version = webKitGtkVersion() ?? (await evaluate<string>('navigator.userAgent'))

  return {
    engine: 'webkit',
    version: `WebKitGTK ${version}`,
    async open(url) {
      // One window: opening a page replaces the one before (tests in a file run one after another;
      // a test that failed before closing its page must not fail the next ones too).
      refusals.length = 0
      // Marks the document being left, so the wait below cannot mistake it for the new one.
      await evaluate('window.__cspkitEngineStale = true').catch(() => undefined)
      await client.send('Page.navigate', { url })
      const deadline = Date.now() + 30_000
      for (;;) {
        // The target may be swapped during the navigation; a command to the old one can fail, or never
        // be answered (a page sent with Cross-Origin-Opener-Policy swaps processes): a short timeout,
        // then ask the new target, instead of the inspector's 10 s per load.
        const state = await evaluate<string>('(window.__cspkitEngineStale ? "stale" : document.readyState) + " " + location.href', 1_000).catch(() => '')
        if (state === `complete ${new URL(url).href}`) break
        if (Date.now() > deadline) throw new Error(`[cspkit tests] WebKit did not finish loading ${url} (last state: ${state || 'none'})`)
        await new Promise((ok) => setTimeout(ok, 50))
      }
      const page: EnginePage = {
        engine: 'webkit',
        // Through JSON in the page: WebKit's by-value results turn an undefined property into null,
        // which the other engines' drivers drop.
        async evaluate(fn, ...args) {
          const json = await evaluate<string | undefined>(`(() => { const v = (${callExpression(fn, args)}); return v === undefined ? undefined : JSON.stringify(v) })()`)
          return json === undefined || json === null ? undefined : JSON.parse(json)
        },
        async violations() {
          return ((await evaluate<EngineViolation[] | null>(READ_REPORT)) ?? [])
        },
        refusals: async () => [...refusals],
        // No input domain in stock WebKit's protocol: a DOM click (the same activation behaviour).
        click: (selector) => evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`),
        async clickAt(x, y) {
          const problem = await evaluate<string>(callExpression(syntheticClick, [x, y]))
          if (problem) throw new Error(`[cspkit tests] WebKit: cannot click: ${problem}`)
        },
        async type(text) {
          const problem = await evaluate<string>(callExpression(syntheticType, [text]))
          if (problem) throw new Error(`[cspkit tests] WebKit: cannot type: ${problem}`)
        },
        // Asked of the page: during a full load the old target may not answer, so a short timeout and retry.
        async url() {
          for (let i = 0; ; i++) {
            try {
              return await evaluate<string>('location.href', 1_000)
            } catch (error) {
              if (i >= 10) throw error
              await new Promise((ok) => setTimeout(ok, 50))
            }
          }
        },
        pageErrors: async () => (await evaluate<string[] | null>(READ_ERRORS)) ?? [],
        async close() {
          await client.send('Page.navigate', { url: 'about:blank' }).catch(() => undefined)
        },
      }
      return page
    },
    close: () => stop(),
  }
}
