/**
 * Judging a strict-mode build of test/fixtures/strict-app (the app every strict build test builds: a
 * dynamic import() on load, a lazy route with its CSS chunk, a web worker): what its pages carry and
 * what each engine runs of it, served as built and with its entry script changed after the build.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { load } from 'cheerio'
import { serveDir, type StaticServer } from './browser.js'
import { ENGINES, loadInEngine, waitInPage, type EngineName, type EnginePage, type EngineViolation } from './engines/index.js'

export interface StrictOutput {
  readonly dir: string
  readonly server: StaticServer
  /** A copy with the entry script changed after the build (one byte appended), served too. */
  readonly tampered: StaticServer
}

/** The output served as it is, and a copy (`copy`) with the page's entry script changed. */
export async function serveWithTampered(dir: string, copy: string, page = 'index.html'): Promise<StrictOutput> {
  cpSync(dir, copy, { recursive: true })
  const file = join(copy, entryOf(readFileSync(join(dir, page), 'utf8')))
  writeFileSync(file, `${readFileSync(file, 'utf8')};`)
  return { dir, server: await serveDir(dir), tampered: await serveDir(copy) }
}

/** The file the page's first `<script src>` loads (the entry), output-relative. */
export function entryOf(html: string): string {
  const $ = load(html)
  const entry = $('script[src], script[data-cspkit-src]').first()
  return (entry.attr('src') ?? entry.attr('data-cspkit-src'))!.replace(/^\//, '')
}

/** The Subresource Integrity value of a file's bytes, as a browser computes it. */
export const sri = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`

/** Every `<script src>` / `<link rel=modulepreload|preload as=script>` of a page, with its integrity attribute. */
export function scriptElements(html: string): { url: string; integrity: string | undefined; loader: boolean }[] {
  const $ = load(html)
  return $('script[src], script[data-cspkit-src], link[rel~=modulepreload][href], link[rel~=preload][as=script][href]')
    .toArray()
    .map((el) => {
      const loader = $(el).attr('data-cspkit-src')
      return loader !== undefined
        ? { url: loader, integrity: $(el).attr('data-cspkit-integrity'), loader: true }
        : { url: $(el).attr('src') ?? $(el).attr('href')!, integrity: $(el).attr('integrity'), loader: false }
    })
}

/** The sources of the page's meta policy's script-src, in order. */
export function scriptSrc(html: string): string[] {
  const policy = load(html)('meta[http-equiv="Content-Security-Policy"]').attr('content')!
  return /(?:^|;\s*)script-src ([^;]*)/.exec(policy)![1]!.trim().split(/\s+/)
}

/** What the app's chunks recorded having run (window.__marks). */
export const marks = (page: EnginePage) => page.evaluate(() => (window as unknown as { __marks?: string[] }).__marks ?? [])

export interface AppVisit {
  marks: string[]
  color: string
  background: string
  violations: EngineViolation[]
  errors: string[]
}

/** The app at `url`: load, every chunk and the worker report; then the lazy route with its CSS chunk. */
export async function visitApp(url: string, engine: EngineName, waitMs = 5_000): Promise<AppVisit> {
  const { page, violations } = await loadInEngine(engine, url)
  try {
    await waitInPage(page, () => {
      const m = (window as unknown as { __marks?: string[] }).__marks ?? []
      return m.includes('main') && m.includes('dyn') && m.includes('worker:pong')
    }, [], waitMs).catch(() => undefined)
    await page.click('#go')
    await waitInPage(page, () => ((window as unknown as { __marks?: string[] }).__marks ?? []).includes('lazy'), [], waitMs).catch(() => undefined)
    return {
      marks: [...(await marks(page))].sort(),
      color: await page.evaluate(() => getComputedStyle(document.getElementById('app')!).color),
      background: await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
      violations: [...violations, ...(await page.violations()).filter((v) => !violations.some((w) => JSON.stringify(w) === JSON.stringify(v)))],
      errors: await page.pageErrors(),
    }
  } finally {
    await page.close()
  }
}

/** What `url` runs of the app in `engine` within a short wait (the tampered control: nothing). */
export async function marksIn(url: string, engine: EngineName): Promise<string[]> {
  const { page } = await loadInEngine(engine, url, 800)
  try {
    return await marks(page)
  } finally {
    await page.close()
  }
}

/** `visit` in every engine at once (separate browsers), as engine → result. */
export async function inEveryEngine<T>(visit: (engine: EngineName) => Promise<T>): Promise<Record<string, T>> {
  return Object.fromEntries(await Promise.all(ENGINES.map(async (engine) => [engine, await visit(engine)] as const)))
}

/** The same expected value for every engine. */
export const each = <T>(value: T): Record<string, T> => Object.fromEntries(ENGINES.map((engine) => [engine, value]))
