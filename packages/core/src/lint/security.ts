/**
 * Security lint: valid policies that protect less than they could. Covers what Google's CSP
 * Evaluator reports, judged as a CSP3 browser applies the policy (fallbacks through
 * script-src-elem/-attr, `'unsafe-inline'` ignored next to hashes, nonces and `'strict-dynamic'`,
 * host lists ignored next to `'strict-dynamic'`).
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics.js'
import { disablesUnsafeInline, governingDirective, type InlineTarget } from '../policy/inline.js'
import { getDirective, type Directive, type Policy } from '../policy/model.js'
import { classifySource } from '../policy/source.js'
import { parseHostSource, riskyHostsFor } from './risky-hosts.js'
import { presetOf, type ValidateContext } from './validate.js'
import { STRICT_FALLBACK_SOURCES } from '../strict/options.js'

/** `recommended` reports real weaknesses; `strict` adds advice towards a hash-only, allowlist-free policy. */
export type RuleLevel = 'recommended' | 'strict'

export interface Finding {
  readonly level: RuleLevel
  readonly diagnostic: Diagnostic
}

/** Base64 length of 16 random bytes, the minimum CSP3 recommends for a nonce. */
const MIN_NONCE_CHARS = 22
const XSS_SCHEMES = ['http:', 'https:', 'data:']

export function securityFindings(policy: Policy, ctx: ValidateContext & { readonly strict?: boolean } = {}): Finding[] {
  const out: Finding[] = []
  const add = (level: RuleLevel, code: DiagnosticCode, directive: string, message: string, fix: string, source?: string) =>
    out.push({
      level,
      diagnostic: diagnostic({
        code,
        message,
        fix,
        directive,
        ...(ctx.file ? { file: ctx.file } : {}),
        ...(ctx.option ? { option: `${ctx.option}.${directive}` } : {}),
        ...presetOf(ctx, directive, source),
      }),
    })

  // Directives that decide which inline scripts and handlers run, and the one eval() consults
  // (CSP3 §4.4: script-src, else default-src; script-src-elem/-attr play no part there).
  const scripts = unique([governingDirective(policy, 'script-elem'), governingDirective(policy, 'script-attr')])
  const evalDirective = getDirective(policy, 'script-src') ?? getDirective(policy, 'default-src')
  // Directives that decide which script URLs load.
  const scriptUrls = unique([governingDirective(policy, 'script-elem'), getDirective(policy, 'script-src')])
  const styles = unique([governingDirective(policy, 'style-elem'), governingDirective(policy, 'style-attr')])
  const objects = getDirective(policy, 'object-src') ?? getDirective(policy, 'default-src')
  const baseUri = getDirective(policy, 'base-uri')
  const strictDynamic = (d: Directive) => d.values.includes("'strict-dynamic'")

  for (const d of scripts) {
    const target: InlineTarget = d.name === 'script-src-attr' ? 'script-attr' : 'script-elem'
    if (d.values.includes("'unsafe-inline'")) {
      if (!disablesUnsafeInline(d, target))
        add('recommended', 'LINT_UNSAFE_INLINE', d.name,
          `'${d.name}' has 'unsafe-inline', which lets any injected inline script or event handler run.`,
          `Remove 'unsafe-inline' from '${d.name}': cspkit adds the hashes of your inline scripts at build time.`, "'unsafe-inline'")
      else if (!strictDynamic(d))
        add('recommended', 'UNSAFE_INLINE_IGNORED', d.name,
          `'${d.name}' has 'unsafe-inline' and hash or nonce sources; browsers ignore 'unsafe-inline' there.`,
          `Remove 'unsafe-inline' from '${d.name}'; inline code needs its hash (cspkit adds hashes of your pages' inline code).`, "'unsafe-inline'")
    }
    if (d.values.includes("'unsafe-hashes'"))
      add('strict', 'LINT_UNSAFE_HASHES', d.name,
        `'${d.name}' has 'unsafe-hashes', which allows hashed event handlers and javascript: URLs; an injection can reuse any of them.`,
        `Move event handlers into script files (addEventListener), then set hash.eventHandlers and hash.javascriptUrls to false.`, "'unsafe-hashes'")
    if (strictDynamic(d)) {
      // Strict mode's own fallbacks for CSP1/2 browsers are there on purpose (strict.fallbacks).
      const ignored = d.values.filter((v) => (['scheme', 'host'].includes(classifySource(v)) || v === "'self'" || v === "'unsafe-inline'") && !(ctx.strict && STRICT_FALLBACK_SOURCES.includes(v)))
      if (ignored.length > 0)
        add('recommended', 'LINT_STRICT_DYNAMIC_IGNORES', d.name,
          `'${d.name}' has 'strict-dynamic', so browsers ignore ${ignored.join(' ')} in it.`,
          `Remove ${ignored.join(' ')} from '${d.name}', unless you keep them on purpose for browsers without CSP3.`, ignored[0])
      if (!ctx.strict && !d.values.some((v) => ['hash', 'nonce'].includes(classifySource(v))))
        add('recommended', 'LINT_STRICT_DYNAMIC_WITHOUT_HASH', d.name,
          `'${d.name}' has 'strict-dynamic' but no hash or nonce, so a page without inline scripts runs no script at all.`,
          `Add the hash of a loader script (with integrity on external scripts), or drop 'strict-dynamic' and allow 'self'.`, "'strict-dynamic'")
    }
  }

  if (evalDirective?.values.includes("'unsafe-eval'"))
    add('recommended', 'LINT_UNSAFE_EVAL', evalDirective.name,
      `'${evalDirective.name}' has 'unsafe-eval', which lets injected strings run as code through eval(), new Function() and string timers.`,
      `Remove 'unsafe-eval' from '${evalDirective.name}'; if only WebAssembly needs it, use 'wasm-unsafe-eval' instead.`, "'unsafe-eval'")

  for (const d of styles) {
    if (!d.values.includes("'unsafe-inline'")) continue
    const target: InlineTarget = d.name === 'style-src-attr' ? 'style-attr' : 'style-elem'
    if (disablesUnsafeInline(d, target)) {
      if (!scripts.includes(d))
        add('recommended', 'UNSAFE_INLINE_IGNORED', d.name,
          `'${d.name}' has 'unsafe-inline' and hash or nonce sources; browsers ignore 'unsafe-inline' there, so style="" attributes are blocked too.`,
          `Remove 'unsafe-inline' from '${d.name}'; if style="" attributes must work, allow them with 'style-src-attr': ["'unsafe-inline'"].`, "'unsafe-inline'")
    } else
      add('strict', 'LINT_STYLE_UNSAFE_INLINE', d.name,
        `'${d.name}' has 'unsafe-inline', which lets injected styles restyle the page or exfiltrate data through CSS selectors.`,
        `Remove 'unsafe-inline' from '${d.name}' (cspkit hashes inline <style>); keep it at most in 'style-src-attr'.`, "'unsafe-inline'")
  }

  // Schemes and wildcards that allow script from anywhere. With 'strict-dynamic' browsers ignore them.
  const xssDirectives = unique([...scripts, ...scriptUrls].filter((d) => !strictDynamic(d)).concat(objects ?? [], baseUri ?? []))
  for (const d of xssDirectives) {
    for (const v of d.values) {
      const lower = v.toLowerCase()
      if (XSS_SCHEMES.includes(lower))
        add('recommended', 'LINT_PERMISSIVE_SCHEME', d.name,
          `'${d.name}' allows ${v}, so script can come from ${lower === 'data:' ? 'a data: URL an attacker writes' : `any ${lower.slice(0, -1)} site`}.`,
          `Remove ${v} from '${d.name}' and list the exact hosts instead (or use hashes).`, v)
      else if (lower.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/:\*$/, '') === '*')
        add('recommended', 'LINT_WILDCARD', d.name,
          `'${d.name}' allows ${v}, which matches every host, so script can come from anywhere.`,
          `Replace ${v} in '${d.name}' with the exact hosts you load from.`, v)
    }
  }

  // An empty object-src is not missing: it blocks every <object>, like 'none' (validation says so).
  if (!objects)
    add('recommended', 'LINT_MISSING_OBJECT_SRC', 'object-src',
      `Nothing restricts <object> and <embed> (no object-src or default-src), so plugins and documents can be injected.`,
      `Add 'object-src': ["'none'"].`)
  else if (objects.values.some((v) => v !== "'none'"))
    add('strict', 'LINT_OBJECT_SRC_NOT_NONE', objects.name,
      `'object-src'${objects.name === 'default-src' ? ' falls back to default-src, which' : ''} allows ${objects.values.filter((v) => v !== "'none'").join(' ')} for <object> and <embed>.`,
      `Add 'object-src': ["'none'"] unless the site embeds plugins or documents with <object>.`, objects.values.find((v) => v !== "'none'"))

  if (!getDirective(policy, 'script-src') && !getDirective(policy, 'default-src'))
    add('recommended', 'LINT_MISSING_SCRIPT_SRC', 'script-src',
      `There is no script-src or default-src, so ${getDirective(policy, 'script-src-elem') ? 'workers' : 'scripts'} can load from anywhere.`,
      `Add 'script-src': ["'self'"] (cspkit adds the hashes of your inline scripts).`)

  if (!baseUri) {
    const elem = governingDirective(policy, 'script-elem')
    const kinds = new Set(elem?.values.map(classifySource) ?? [])
    const needed = kinds.has('nonce') || (kinds.has('hash') && elem !== undefined && strictDynamic(elem))
    add(needed ? 'recommended' : 'strict', 'LINT_MISSING_BASE_URI', 'base-uri',
      `There is no base-uri, so an injected <base href> can point relative script URLs at another site${needed ? ', which your nonces or strict-dynamic then trust' : ''}.`,
      `Add 'base-uri': ["'self'"] (or ["'none'"]).`)
  }

  // Host allowlists: known JSONP/AngularJS hosts are bypasses; every other host or 'self' is
  // only as safe as everything ever served there.
  for (const d of scriptUrls) {
    if (strictDynamic(d) || d.values.includes("'none'")) continue
    const unsafeEval = d.values.includes("'unsafe-eval'")
    for (const v of d.values) {
      const risks = riskyHostsFor(v, unsafeEval)
      if (risks.length > 0) {
        const kinds = [...new Set(risks.map((r) => (r.kind === 'jsonp' ? 'JSONP endpoints' : 'AngularJS')))].join(' and ')
        add('recommended', 'LINT_RISKY_HOST', d.name,
          `'${d.name}' allows ${v}, which serves ${kinds} (e.g. ${risks[0]!.host}${risks[0]!.path}) that an HTML injection can use to run script.`,
          `Load that script by a path-restricted source (the exact file URL) or by hash with integrity, and remove ${v} from '${d.name}'.`, v)
      } else if (v === "'self'" || (classifySource(v) === 'host' && parseHostSource(v)?.host.includes('.')))
        add('strict', 'LINT_HOST_ALLOWLIST', d.name,
          `'${d.name}' allows ${v}: any script ever served there (uploads, JSONP, old libraries) can run.`,
          `Prefer hashes of your scripts (with integrity) or 'strict-dynamic'; if you keep ${v}, make sure it serves no JSONP, AngularJS or user files.`, v)
    }
  }

  for (const d of policy.directives) {
    for (const v of d.values) {
      const kind = classifySource(v)
      if (kind === 'nonce') {
        add('recommended', 'LINT_STATIC_NONCE', d.name,
          `'${d.name}' has ${v}; in a built site the nonce is the same on every response, so an attacker can read it and reuse it.`,
          `Remove ${v}: cspkit allows your inline code by hash. Nonces only help when the server makes a new one per response.`, v)
        if (v.slice("'nonce-".length, -1).replace(/=+$/, '').length < MIN_NONCE_CHARS)
          add('recommended', 'LINT_WEAK_NONCE', d.name,
            `'${d.name}' has ${v}, shorter than 128 bits of randomness, so it can be guessed.`,
            `Use at least 16 random bytes, base64-encoded (22 or more characters).`, v)
      }
      if (/^http:\/\//i.test(v))
        add('recommended', 'LINT_INSECURE_SOURCE', d.name,
          d.name === 'report-uri'
            ? `'report-uri' sends violation reports over plain http (${v}).`
            : `'${d.name}' allows ${v}, loaded over plain http, which anyone on the network can change.`,
          `Use https:// in ${v}${/localhost|127\.0\.0\.1/.test(v) ? ', or remove this development address from the production policy' : ''}.`, v)
      const host = kind === 'host' ? parseHostSource(v)?.host : undefined
      if (host && (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(host) || host === 'localhost'))
        add('strict', 'LINT_IP_SOURCE', d.name,
          `'${d.name}' allows ${v}, an IP address or localhost, usually a development leftover.`,
          `Remove ${v} from the production policy, or use the site's host name.`, v)
    }
  }

  if (!getDirective(policy, 'require-trusted-types-for'))
    add('strict', 'LINT_NO_TRUSTED_TYPES', 'require-trusted-types-for',
      `There is no require-trusted-types-for, so DOM sinks such as innerHTML accept plain strings.`,
      `Add 'require-trusted-types-for': ["'script'"] once your code and libraries create Trusted Types.`)

  return out
}

function unique(list: readonly (Directive | undefined)[]): Directive[] {
  return [...new Set(list.filter((d): d is Directive => d !== undefined))]
}
