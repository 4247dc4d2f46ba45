import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { CspkitError, diagnostic, formatDiagnostic, hostTitle, registryPresetLookup, type ResolvedOptions } from '@cspkit/core'
import type { Browser } from 'playwright-core'
import type { HeaderSetup } from '../check-headers.js'
import { EXIT } from '../codes.js'
import { usage } from '../flags.js'
import { line, type CliIo } from '../io.js'
import { findChromium, launchChromium } from './chromium.js'
import { findingDiagnostic, foldViolations } from './findings.js'
import { pagePath, routeRequest } from './host-routes.js'
import { visitProgress } from './progress.js'
import { browserReport } from './report.js'
import { serveSite } from './serve.js'
import { cutShortDiagnostics } from './cut-short.js'
import { visitSite } from './visit.js'
import { count } from '../wording.js'

/** @default 50 */
export const DEFAULT_MAX_PAGES = 50
/** @default 8000 (ms): loading a page and letting it settle */
export const DEFAULT_PAGE_TIMEOUT = 8000
/** @default 5000 (ms): each reader action (a theme switch, a search, a tab, a link click) */
export const DEFAULT_ACTION_TIMEOUT = 5000

export interface BrowserCheckInput {
  readonly root: string
  /** Where the report names the folder, e.g. `dist`. */
  readonly where: string
  /** The site's pages (output-relative, `/`-separated), as `check` selected them. */
  readonly files: readonly string[]
  readonly headers: HeaderSetup
  readonly options: ResolvedOptions
  readonly maxPages?: string
  readonly pageTimeout?: string
  readonly actionTimeout?: string
  readonly json?: string
  readonly allowNoPolicy: boolean
}

/**
 * `cspkit check <dir> --browser`: serves the folder as its host would (URL rules, header files) on
 * 127.0.0.1, lets headless Chromium visit it like a reader, and reports every CSP violation with
 * its fix, folded across pages. Exit 1 on any violation or a page without a policy.
 */
export async function checkInBrowser(input: BrowserCheckInput, io: CliIo): Promise<number> {
  const maxPages = positiveInteger('max-pages', input.maxPages, DEFAULT_MAX_PAGES)
  const pageTimeout = positiveInteger('page-timeout', input.pageTimeout, DEFAULT_PAGE_TIMEOUT)
  const actionTimeout = positiveInteger('action-timeout', input.actionTimeout, DEFAULT_ACTION_TIMEOUT)
  const executable = findChromium(io.env)
  // One host's rules: with several (a `_headers` read as both Netlify and Cloudflare) the first is served.
  const rules = input.headers.hosts[0]
  const host = rules?.host
  const exists = new Set(input.files)
  const fileExists = (f: string) => exists.has(f) || isFile(join(input.root, f))
  const pageKey = (path: string) => keyOf(path, (p) => routeRequest(p, host, fileExists, rules?.routing))

  const server = await serveSite(input.root, rules)
  let browser: Browser | undefined
  try {
    browser = await launchChromium(executable)
    const progress = visitProgress(io.stderr)
    const start = orderPages(input.files).map((f) => encodePath(pagePath(f, host, rules?.routing)))
    const result = await visitSite(browser, { origin: server.origin, start, pageKey, maxPages, pageTimeout, actionTimeout, onProgress: progress.update })
    progress.end()

    const findings = foldViolations(result.violations, server.origin, input.options.policy, registryPresetLookup())
    for (const f of findings) line(io.stderr, formatDiagnostic(findingDiagnostic(f)))
    const unprotected = result.pages.filter((p) => p.policy === 'none').map((p) => p.path)
    if (unprotected.length > 0 && !input.allowNoPolicy)
      line(
        io.stderr,
        formatDiagnostic(
          diagnostic({
            code: 'CHECK_BROWSER_NO_POLICY',
            file: unprotected.length > 5 ? `${unprotected.slice(0, 5).join(', ')} and ${unprotected.length - 5} more` : unprotected.join(', '),
            message: `Chromium got no Content-Security-Policy with ${unprotected.length === 1 ? 'this page' : `these ${unprotected.length} pages`}: no header${host ? ` (as ${hostTitle(host)} serves ${input.where})` : ''} and no <meta> in <head>, so nothing restricts ${unprotected.length === 1 ? 'it' : 'them'}.`,
            fix: host
              ? `Run \`cspkit build\` with hosts: ['${host}'] so it writes the header file into the folder (or keep its <meta>), or pass --allow-no-policy.`
              : 'Run `cspkit build` on the folder (it writes a CSP <meta>), pass --host when a header file delivers the policy, or pass --allow-no-policy.',
          }),
        ),
      )
    for (const f of result.failed)
      line(
        io.stderr,
        formatDiagnostic(
          diagnostic({
            code: 'CHECK_BROWSER_PAGE_FAILED',
            file: f.path,
            message: `Chromium could not load this page within ${pageTimeout} ms (${f.reason}), so it was not checked: the check cannot say it is clean.`,
            fix: 'Raise --page-timeout, or make the page load without the network (the check runs offline on 127.0.0.1).',
          }),
        ),
      )

    for (const d of cutShortDiagnostics(result.cutShort, actionTimeout)) line(io.stderr, formatDiagnostic(d))

    const failing = findings.length > 0 || (unprotected.length > 0 && !input.allowNoPolicy) || result.failed.length > 0
    if (input.json) {
      writeJson(resolve(io.cwd, input.json), browserReport({
        ok: !failing,
        dir: input.where,
        host: host ?? null,
        pages: result.pages,
        actions: result.actions,
        violations: findings,
        pagesWithoutPolicy: unprotected,
        failedPages: result.failed,
        cutShort: result.cutShort,
      }))
    }
    const a = result.actions
    const done = [
      count(new Set(result.pages.map((p) => pageKey(p.path))).size, 'page'),
      count(a.clicks, 'link click'),
      count(a.themeToggles, 'theme switch', 'theme switches'),
      count(a.searches, 'search', 'searches'),
      count(a.tabs, 'tab'),
    ].join(', ')
    // Not a failure by itself (nothing was seen blocked), but not "nothing was blocked" either: part was not seen.
    const cutPages = new Set(result.cutShort.map((c) => c.path)).size
    const notAll =
      result.cutShort.length > 0
        ? `; ${count(result.cutShort.length, 'reader action')} ran out of --action-timeout on ${count(cutPages, 'page')}, which ${cutPages === 1 ? 'is' : 'are'} not fully checked (CHECK_BROWSER_ACTION_CUT_SHORT)`
        : ''
    const served = host ? ` served as ${hostTitle(host)} serves it (URL rules and header files)` : ''
    line(
      io.stdout,
      failing
        ? `[cspkit] check --browser: ${[
            count(findings.length, 'distinct violation'),
            ...(unprotected.length > 0 && !input.allowNoPolicy ? [`${count(unprotected.length, 'page')} without a policy`] : []),
            ...(result.failed.length > 0 ? [`${count(result.failed.length, 'page')} that did not load`] : []),
          ].join(', ')} in ${input.where}${served}; visited ${done}${notAll}.`
        : `[cspkit] check --browser: Chromium visited ${input.where}${served} like a reader (${done}) and nothing was blocked${notAll}.`,
    )
    return failing ? EXIT.PROBLEMS : EXIT.OK
  } finally {
    await browser?.close().catch(() => {})
    await server.close()
  }

  function writeJson(file: string, text: string): void {
    try {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, text)
    } catch (error) {
      throw new CspkitError([
        diagnostic({
          code: 'CLI_USAGE',
          option: 'json',
          file,
          message: `The --json report cannot be written here: ${(error as Error).message}.`,
          fix: 'Pass a --json path in a folder you can write to.',
        }),
      ])
    }
  }
}

/** The site's root page first (where readers start), then shallow pages before deep ones. */
export function orderPages(files: readonly string[]): string[] {
  const depth = (f: string) => f.split('/').length
  const rank = (f: string) => (f === 'index.html' ? 0 : f === '404.html' ? 2 : 1)
  return [...files].filter((f) => /\.html?$/i.test(f)).sort((a, b) => rank(a) - rank(b) || depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))
}

/** The file a path is served from (after one redirect), so `/about` and `/about.html` are one page. */
function keyOf(path: string, route: (p: string) => ReturnType<typeof routeRequest>): string {
  let decoded = path.split('?')[0]!
  try {
    decoded = decodeURIComponent(decoded)
  } catch {
    return path
  }
  let r = route(decoded)
  if (r.kind === 'redirect') r = route(r.location)
  // A URL served by the 404 page is its own page (a client-only route), not the same as every other.
  return r.kind === 'file' && r.status === 200 ? r.file : path
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw usage('check', `--${flag} must be a whole number of at least 1, got "${value}".`)
  return n
}

/** Percent-encodes a path as browsers send it, keeping `/`. */
function encodePath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => encodeURIComponent(c))
}
