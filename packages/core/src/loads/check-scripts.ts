import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { Policy } from '../policy/model.js'
import { fixForKeyword, fixForUrl } from './fix.js'
import { checkUrl, governingFor } from './match.js'
import { pageUrl } from './resolve.js'
import { analyzeScript, mayFindAnything, type ScriptFinding } from './script-analysis.js'

/** An emitted script: a bundle's JS chunk or asset, or a `.js`/`.mjs` file of a built folder. */
export interface ScriptInput {
  /** Output-relative path, e.g. `assets/index-x1y2.js`. */
  readonly fileName: string
  readonly code: string
}

/**
 * Frameworks that compile code from strings themselves, and what to do instead of `'unsafe-eval'`
 * (recognised by a marker their emitted code carries).
 */
const EVAL_ALTERNATIVES: readonly { readonly marker: RegExp; readonly advice: string }[] = [
  {
    // VitePress serialises functions in the site config as "_vp-fn_…" strings and revives them in the browser.
    marker: /_vp-fn_/,
    advice:
      'This is VitePress reviving the functions of your site config (themeConfig, e.g. search.options.miniSearch or transformItems) with new Function: move those functions out of .vitepress/config into the theme\'s client code (.vitepress/theme/index.ts, e.g. a custom search component or enhanceApp), so the site data carries no function and no page needs \'unsafe-eval\'.',
  },
  {
    marker: /\/\/# sourceURL=webpack:/,
    advice: "This is webpack's eval devtool: set devtool to a value without 'eval' (e.g. 'source-map' or false) for production builds.",
  },
]

const COST =
  "'unsafe-eval' lets any string that reaches eval, new Function or a string timer run as code, which gives an injected script the power a strict policy takes away."

/**
 * What emitted scripts do that `policy` forbids: eval-like calls without `'unsafe-eval'`,
 * WebAssembly without `'wasm-unsafe-eval'`, requests to URLs no directive allows. Warnings: the
 * analysis reads text, not a running program, so it may see code that never runs.
 * `where(line, column)` names the location (a chunk's file, or a page with the script's offset).
 */
export function checkScript(findings: readonly ScriptFinding[], code: string, policy: Policy, where: (line: number, column: number) => string, origin?: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const seen = new Set<string>()
  const self = pageUrl('index.html', origin)
  for (const f of findings) {
    const d = findingDiagnostic(f, code, policy, self, where)
    if (!d) continue
    const key = `${d.code}\u0000${d.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(d)
  }
  return out
}

/** {@link checkScript} over the scripts of a build, each analysed once and then released. */
export function checkScripts(scripts: Iterable<ScriptInput>, policy: Policy, origin?: string): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const script of scripts) {
    if (!/\.m?js$/i.test(script.fileName)) continue
    out.push(...checkScript(analyzeScript(script.code), script.code, policy, (line, column) => `${script.fileName}:${line}:${column}`, origin))
  }
  return out
}

/** Findings of inline scripts, by text: the same inline script on every page is read once. */
const INLINE_FINDINGS = new Map<string, readonly ScriptFinding[]>()

/** {@link checkScript} for an inline `<script>` of a page, located in the page. */
export function checkInlineScript(text: string, policy: Policy, fileName: string, line: number, column: number, origin?: string): Diagnostic[] {
  // Before the cache: most inline scripts name nothing of interest, and a lookup would hash their text.
  if (!mayFindAnything(text)) return []
  let findings = INLINE_FINDINGS.get(text)
  if (!findings) {
    findings = analyzeScript(text)
    if (INLINE_FINDINGS.size >= 256) INLINE_FINDINGS.clear()
    INLINE_FINDINGS.set(text, findings)
  }
  if (findings.length === 0) return []
  // Lines count from the start tag; on its own line the tag's column stands for the script's.
  return checkScript(findings, text, policy, (l, c) => `${fileName}:${line + l - 1}:${l === 1 ? column : c}`, origin)
}

function findingDiagnostic(f: ScriptFinding, code: string, policy: Policy, self: URL, where: (line: number, column: number) => string): Diagnostic | undefined {
  const file = where(f.line, f.column)
  if (f.kind === 'url') {
    const url = new URL(f.url!)
    const check = checkUrl(policy, f.directive, url, self)
    if (check.allowed || !check.governing) return undefined
    const fix = fixForUrl(policy, f.directive, url, self)
    const origin = ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) ? url.origin : url.protocol
    return diagnostic({
      code: 'SCRIPT_LOAD_BLOCKED',
      file,
      directive: f.directive,
      option: fix.option,
      message:
        url.protocol === 'blob:'
          ? `${f.call} makes 'blob:' URLs, which '${check.governing.name}' does not allow (${f.directive}): images loaded from them will be blocked.`
          : `${f.call} requests '${origin}' (${url.href}), which '${check.governing.name}' does not allow (${f.directive}): the browser will block the request when this code runs.`,
      fix: fix.fix,
    })
  }
  const governing = governingFor(policy, 'script-src')
  if (!governing) return undefined
  const values = governing.values
  if (values.includes("'unsafe-eval'")) return undefined
  if (f.kind === 'wasm') {
    if (values.includes("'wasm-unsafe-eval'")) return undefined
    const fix = fixForKeyword(policy, 'wasm-eval')
    return diagnostic({
      code: 'WASM_EVAL_BLOCKED',
      file,
      directive: 'script-src',
      option: fix.option,
      message: `${f.call} compiles WebAssembly, which '${governing.name}' does not allow without 'wasm-unsafe-eval' (or 'unsafe-eval'): it will fail in the browser when this code runs.`,
      fix: `${/pagefind/i.test(code) ? "This is Pagefind's search: add the 'pagefind' preset (presets: ['pagefind']), which allows it. Or: " : ''}${fix.fix} It allows WebAssembly compilation only, not eval(), so prefer it to 'unsafe-eval'.`,
    })
  }
  const fix = fixForKeyword(policy, 'eval')
  if (f.probe)
    return diagnostic({
      code: 'EVAL_BLOCKED',
      severity: 'info',
      file,
      directive: 'script-src',
      option: fix.option,
      message: `${f.call} with literal code only, most likely a library's feature test (guarded by try/catch): '${governing.name}' does not allow it without 'unsafe-eval', so when it runs the browser blocks it and reports a violation, and the library takes its other path.`,
      fix: `Nothing to do for the page to work; the violation report it causes is expected. Do not add 'unsafe-eval' to silence it: ${lowerFirst(COST)}`,
    })
  const alternative = EVAL_ALTERNATIVES.find((a) => a.marker.test(code))
  return diagnostic({
    code: 'EVAL_BLOCKED',
    file,
    directive: 'script-src',
    option: fix.option,
    message: `${f.call} compiles code from a string, which '${governing.name}' does not allow without 'unsafe-eval': it will throw an EvalError in the browser when this code runs.`,
    fix: `${alternative ? `${alternative.advice} ` : 'Remove it from the code if you can. '}${COST} Only if there is no other way: ${lowerFirst(fix.fix)}`,
  })
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
