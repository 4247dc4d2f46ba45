import type MagicString from 'magic-string'
import { magicString } from './lazy.js'
import { diagnostic, type Diagnostic } from './diagnostics.js'
import { hashMemo } from './html/hash-memo.js'
import { scanPage, type CspMetaTag, type InlineContent, type InlineKind, type PageScan } from './html/scan.js'
import { unionGroups } from './scope/hash-union.js'
import { lineStartIfAlone, renderContentAttribute, renderMetaTag } from './html/edit.js'
import { addHashes, addHashesShared, type HashGroup, type HashPlacement } from './policy/add-hashes.js'
import { allowedBy, governingDirective, type InlineTarget } from './policy/inline.js'
import { mergePageMeta } from './policy/merge.js'
import { lintPageOwnPolicy, pageMetaWideningDiagnostics } from './lint/page-policy.js'
import { META_IGNORED_DIRECTIVES, dedupe, hasDirective, type Policy } from './policy/model.js'
import { parsePolicyString } from './policy/parse.js'
import { readPageMetaText } from './policy/page-meta-text.js'
import { validatePolicy } from './lint/validate.js'
import { serializeMetaPolicy, serializePolicy } from './policy/serialize.js'
import type { HashOptions, ResolvedOptions } from './options.js'
import type { PresetOrigins } from './presets/types.js'
import { checkPageLoads, type BlockedLoad } from './loads/check-page.js'
import { checkInlineScript } from './loads/check-scripts.js'
import { checkSrcdocs, srcdocBlockedDiagnostics } from './loads/check-srcdoc.js'
import { beforeMetaDiagnostics, documentWriteDiagnostics } from './html/unhashable.js'
import type { PageLoad } from './loads/elements.js'
import { faviconDiagnostics } from './loads/favicon.js'
import { strictPage, type StrictPage, type StrictPageScripts } from './strict/integrity.js'
import { strictPagePolicy } from './strict/policy.js'
import { strictHandlerDiagnostics } from './strict/handlers.js'
import type { BuildScriptDigests } from './strict/build-scripts.js'
import { rebaseScan } from './strict/rebase-scan.js'

export interface PageInput {
  /** Output-relative path, e.g. `index.html` or `docs/intro/index.html`. */
  readonly fileName: string
  readonly html: string
}

export interface PageResult {
  readonly fileName: string
  /** The page after editing; equal to the input when nothing had to change. */
  readonly html: string
  readonly changed: boolean
  /**
   * How many characters at the end of `html` are the input's own, untouched (all edits are in
   * `<head>`): a writer can copy those bytes from the file it read instead of encoding them again.
   */
  readonly unchangedTail: number
  /** The page's full policy: configured policy ⊕ the page's own CSP meta ⊕ hashes of its inline content. */
  readonly policy: Policy
  /** `policy` serialised for a `Content-Security-Policy` header. */
  readonly headerPolicy: string
  /** `policy` serialised for the meta tag (without directives browsers ignore there). */
  readonly metaPolicy: string
  /** Every piece of inline content the page has, hashed or not. */
  readonly inline: readonly InlineContent[]
  /** Hash-sources added for this page's inline content. */
  readonly hashes: readonly string[]
  /** Inline content the page's policy still blocks. */
  readonly blocked: readonly InlineContent[]
  /** Every URL the page's HTML loads, as written (outside `<template>`; loads/elements.ts). */
  readonly loads: readonly PageLoad[]
  /** The loads the page's policy blocks (each also a LOAD_BLOCKED error). */
  readonly blockedLoads: readonly BlockedLoad[]
  readonly diagnostics: readonly Diagnostic[]
  /**
   * Strict mode only: every `<script src>`, `<link rel=modulepreload>` and `<link rel=preload
   * as=script>` of the page, with the integrity it ends up with (undefined when cspkit could not hash
   * it: another origin without integrity, a file not in the build, or a mismatch).
   */
  readonly strict?: StrictPageScripts
}

/** Everything a page is processed against; computed once per site. */
export interface PageContext {
  readonly options: ResolvedOptions
  /** The configured policy with presets merged in. */
  readonly basePolicy: Policy
  /** Which preset added which source (directive → source → preset name), for diagnostics. */
  readonly origins?: PresetOrigins
  /**
   * Site scope: every page's hash groups (scope/hash-union.ts), which each page's policy then holds
   * instead of only its own, in the groups' order of {@link PageAnalysis.groups}.
   */
  readonly site?: readonly HashGroup[]
  /** Strict mode: the digests of the build's scripts as emitted, by output path (strict/build-scripts.ts). */
  readonly scripts?: BuildScriptDigests
}

const HASH_OPTION_OF: Readonly<Record<InlineKind, keyof HashOptions>> = {
  script: 'scripts',
  style: 'styles',
  'event-handler': 'eventHandlers',
  'style-attribute': 'styleAttributes',
  'javascript-url': 'javascriptUrls',
}

const KIND_LABEL: Readonly<Record<InlineKind, string>> = {
  script: 'inline <script>',
  style: 'inline <style>',
  'event-handler': 'event-handler attribute',
  'style-attribute': 'style="" attribute',
  'javascript-url': 'javascript: URL',
}

/**
 * One page through the pipeline: scan, compose its policy, hash its inline content, and write or
 * update its CSP meta in place. Pure: the same input gives the same output, and running it over its
 * own output changes nothing.
 */
export function processPage(page: PageInput, ctx: PageContext): PageResult {
  if (ctx.options.strict) {
    const { input, analysis, strict } = analyseStrictPage(page, ctx)
    return composePage(input, analysis, ctx, strict)
  }
  return composePage(page, analysePage(page, ctx.options), ctx)
}

/** Strict mode's first step: integrity written on the page's scripts (strict/integrity.ts). */
export function prepareStrictPage(page: PageInput, ctx: Pick<PageContext, 'options' | 'scripts'>, loads?: readonly PageLoad[]): StrictPage {
  return strictPage(page.fileName, page.html, ctx.scripts, ctx.options.strict!, ctx.options.origin, loads)
}

/**
 * A strict page scanned once: the page as it is, then strict mode's edits located from that scan's
 * loads, and the scan carried through them (strict/rebase-scan.ts); scanned again only when an edit
 * could move a line.
 */
export function analyseStrictPage(page: PageInput, ctx: Pick<PageContext, 'options' | 'scripts'>): { input: PageInput; analysis: PageAnalysis; strict: StrictInput } {
  const first = analysePage(page, ctx.options)
  const strictPage = prepareStrictPage(page, ctx, first.scan.loads)
  const strict = { page: strictPage, original: page }
  if (strictPage.edits.length === 0) return { input: page, analysis: first, strict }
  const input = { fileName: page.fileName, html: strictPage.html }
  const rebased = rebaseScan(page.html, first.scan, first.sources, strictPage, ctx.options)
  const analysis = rebased ? { scan: rebased.scan, sources: rebased.sources, groups: hashGroups(rebased.scan.inline, rebased.sources) } : analysePage(input, ctx.options)
  return { input, analysis, strict }
}

/** A page that went through {@link prepareStrictPage}: what it found, and the page as it was before. */
export interface StrictInput {
  readonly page: StrictPage
  readonly original: PageInput
}

/** What a page holds, before any policy: its scan and the hash-sources of its inline content. */
export interface PageAnalysis {
  readonly scan: PageScan
  /** `sources[i]` is the hash-source of `scan.inline[i]`, or undefined when its kind is not hashed. */
  readonly sources: readonly (string | undefined)[]
  /** The page's hash-sources per kind of inline content, in the order policies receive them. */
  readonly groups: readonly HashGroup[]
}

/** The first step of processPage: scan and hash (no policy yet), so a site can first collect every page's hashes. */
export function analysePage(page: PageInput, options: Pick<ResolvedOptions, 'hash' | 'algorithm'>): PageAnalysis {
  const scan = scanPage(page.html)
  // Each item's hash-source serves the policy and, in composePage, settles the usual "is it blocked?"
  // check (its hash was just added) without hashing or parsing again.
  const memo = hashMemo(options.algorithm)
  const sources = scan.inline.map((item) => (options.hash[HASH_OPTION_OF[item.kind]] ? memo.hash(item.text) : undefined))
  return { scan, sources, groups: hashGroups(scan.inline, sources) }
}

/**
 * The second step of processPage: the page's policy from its analysis (with `ctx.site`, the site's
 * hashes instead of its own), its CSP meta written, and what stays blocked.
 */
export function composePage(page: PageInput, analysis: PageAnalysis, ctx: PageContext, strict?: StrictInput): PageResult {
  const { options } = ctx
  const file = page.fileName
  const diagnostics: Diagnostic[] = strict ? [...strict.page.diagnostics] : []
  const { scan, sources } = analysis

  const enforced = scan.metas.length === 0 ? NO_METAS : scan.metas.filter((m) => !m.reportOnly && m.inHead)
  for (let i = 0; i < scan.metas.length; i++) diagnostics.push(...ignoredMetaDiagnostics(scan.metas[i]!, file))
  const primary = enforced[0]
  const secondary = enforced.slice(1)

  // A page meta cspkit cannot read as the browser does leaves the page as it was (readPageMetaText).
  const readings = enforced.map((m) => readPageMetaText(m.policy, `${file}:${m.line}`))
  const unreadable = readings.flatMap((r) => ('unreadable' in r ? [r.unreadable] : []))
  diagnostics.push(...unreadable)

  let base = ctx.basePolicy
  if (primary && unreadable.length === 0) {
    const parsed = parsePolicyString(secondaryTexts(readings, 0)[0]!, { file: `${file}:${primary.line}` })
    diagnostics.push(...parsed.diagnostics)
    // A typo in the page's own policy (unknown directive, malformed hash) is as real as one in the config.
    const own = validatePolicy(parsed.policy, { file: `${file}:${primary.line}` })
    diagnostics.push(...own)
    // Never weaker than asked: what the page's meta would widen is reported, and by pageMeta merged or left out.
    const merged = mergePageMeta(base, parsed.policy, options.pageMeta)
    diagnostics.push(...pageMetaWideningDiagnostics(merged.widening, options.pageMeta, `${file}:${primary.line}`))
    base = merged.policy
    if (options.lint !== 'off') diagnostics.push(...lintPageOwnPolicy(base, ctx.basePolicy, options.lint, file, [...parsed.diagnostics, ...own]))
  }

  // Strict mode: the integrity values of the page's scripts, and base-uri 'self' for a <base>.
  if (strict) base = strictPagePolicy(base, strict.page.sources, strict.page.hasBase)
  const groups = ctx.site ? withinSite(ctx.site, analysis.groups) : analysis.groups
  // Site scope: pages without a CSP meta of their own have one and the same policy, composed once.
  const shared = base === ctx.basePolicy && groups === ctx.site
  const composed = (shared && SITE_POLICIES.get(ctx.site!)) || composePolicy(base, groups, base === ctx.basePolicy, options)
  if (shared) SITE_POLICIES.set(ctx.site!, composed)
  const { policy, placements, placed, hashes, headerPolicy, metaIgnored, metaPolicy } = composed
  diagnostics.push(...placementDiagnostics(placements, base, file, ctx.origins))
  if (strict) diagnostics.push(...strictHandlerDiagnostics(scan.inline, policy, file))
  let html = page.html
  if (options.meta && unreadable.length === 0) {
    // Most pages have no CSP meta of their own: one insertion, no MagicString.
    html = primary
      ? editOwnMetas(page.html, scan.insertion, primary, secondary, secondaryTexts(readings), metaPolicy, groups, options, file, diagnostics)
      : insertMeta(page.html, scan.insertion, metaPolicy)
    for (const name of metaIgnored) diagnostics.push(metaIgnoredDiagnostic(name, file))
    // What the parser meets before the meta is not governed by it (writePrimaryMeta keeps a covering meta in place).
    const metaAt = primary?.coversPage && primary.contentAttribute ? primary.start : scan.insertion.offset
    diagnostics.push(...beforeMetaDiagnostics(page.html, scan.inline, metaAt, file))
  }
  diagnostics.push(...documentWriteDiagnostics(scan.inline, file))

  // An item whose hash went into a directive is allowed: that directive governs its target, with
  // 'unsafe-hashes' beside the hash where the item needs it (addHashes). The rest are checked.
  const governing = new Map<InlineTarget, ReturnType<typeof governingDirective>>()
  const blocked = scan.inline.filter((item, i) => {
    if (sources[i] !== undefined && placed[GROUP_OF[item.kind]]) return false
    if (!governing.has(item.target)) governing.set(item.target, governingDirective(policy, item.target))
    return !allowedBy(governing.get(item.target), item, sources[i])
  })
  if (blocked.length > 0) {
    // Content of an <iframe srcdoc> is hashed like the page's own; what stays blocked is said per frame.
    const own = blocked.filter((item) => !item.inSrcdoc)
    if (own.length > 0) diagnostics.push(...blockedDiagnostics(own, policy, options, file))
    if (own.length < blocked.length) diagnostics.push(...srcdocBlockedDiagnostics(blocked.filter((item) => item.inSrcdoc), policy, file))
  }

  // What the page loads and what its inline scripts do, against the policy it ends up with.
  // Scripts strict mode could not hash have their own finding (STRICT_SCRIPT_UNHASHED): not a second one here.
  const checked = strict && strict.page.unhashed.size > 0 ? scan.loads.filter((l) => !(l.kind === 'script-src-elem' && strict.page.unhashed.has(l.url))) : scan.loads
  const loads = checkPageLoads(checked, policy, file, ctx.basePolicy, options.origin)
  diagnostics.push(...loads.diagnostics)
  if (scan.srcdocs.length > 0) diagnostics.push(...checkSrcdocs(scan.srcdocs, policy, ctx.basePolicy, file, options.origin))
  diagnostics.push(...faviconDiagnostics(scan.loads, policy, file, ctx.basePolicy, options.origin))
  for (const item of scan.inline) if (item.kind === 'script') diagnostics.push(...checkInlineScript(item.text, policy, file, item.line, item.column, options.origin))

  const changed = html !== page.html
  // Every edit is at the meta insertion point or inside an enforced meta, so nothing after the last of those changed.
  let editEnd = scan.insertion.offset
  for (let i = 0; i < enforced.length; i++) editEnd = Math.max(editEnd, enforced[i]!.end)
  let unchangedTail = changed ? page.html.length - editEnd : html.length
  // Strict mode edited the original first (integrity attributes): its tail past the last of those is the original's.
  if (strict && strict.page.editEnd > 0) unchangedTail = Math.min(unchangedTail, strict.original.html.length - strict.page.editEnd)
  return {
    fileName: file,
    html,
    changed: strict ? html !== strict.original.html : changed,
    unchangedTail,
    policy,
    headerPolicy,
    metaPolicy,
    inline: scan.inline,
    hashes,
    blocked,
    loads: scan.loads,
    blockedLoads: loads.blocked,
    diagnostics,
    // An inline module counts too: its imports are fetched without integrity.
    ...(strict ? { strict: strict.page.found.modules || !scan.inline.some((i) => i.scriptType === 'module') ? strict.page.found : { ...strict.page.found, modules: true } } : {}),
  }
}

interface ComposedPolicy {
  readonly policy: Policy
  readonly placements: readonly HashPlacement[]
  readonly placed: readonly boolean[]
  readonly hashes: readonly string[]
  readonly headerPolicy: string
  readonly metaIgnored: readonly string[]
  readonly metaPolicy: string
}

const SITE_POLICIES = new WeakMap<readonly HashGroup[], ComposedPolicy>()

function composePolicy(base: Policy, groups: readonly HashGroup[], configured: boolean, options: ResolvedOptions): ComposedPolicy {
  // Pages without a CSP meta of their own share the configured policy, and with it a placement plan.
  const { policy, placements } = (configured ? addHashesShared : addHashes)(base, groups, options.unsafeInline)
  const placed = placedGroups(groups, placements)
  const hashes = addedHashes(groups, placed, policy)
  const headerPolicy = serializePolicy(policy)
  const metaIgnored = META_IGNORED_DIRECTIVES.filter((name) => hasDirective(policy, name))
  const metaPolicy = metaIgnored.length > 0 ? serializeMetaPolicy(policy) : headerPolicy
  return { policy, placements, placed, hashes, headerPolicy, metaIgnored, metaPolicy }
}

const SITE_SETS = new WeakMap<readonly HashGroup[], readonly Set<string>[]>()

/**
 * The site's groups, which hold the page's own hashes (the union was taken over this page), or,
 * should a page have changed since (a file rewritten between directory mode's passes), the site's
 * groups with the page's own added: the blocked check trusts that every own hash is in its group.
 */
function withinSite(site: readonly HashGroup[], own: readonly HashGroup[]): readonly HashGroup[] {
  let sets = SITE_SETS.get(site)
  if (!sets) SITE_SETS.set(site, (sets = site.map((g) => new Set(g.hashes))))
  for (let i = 0; i < own.length; i++) {
    const hashes = own[i]!.hashes
    for (let k = 0; k < hashes.length; k++) if (!sets[i]?.has(hashes[k]!)) return unionGroups([site, own])
  }
  return site
}

const NO_METAS: readonly CspMetaTag[] = []

/** The order hashes are added in, and where each kind of inline content is checked. */
const GROUPS: readonly { kind: InlineKind; target: HashGroup['target']; unsafeHashes: boolean }[] = [
  { kind: 'script', target: 'script-elem', unsafeHashes: false },
  { kind: 'javascript-url', target: 'script-elem', unsafeHashes: true },
  { kind: 'event-handler', target: 'script-attr', unsafeHashes: true },
  { kind: 'style', target: 'style-elem', unsafeHashes: false },
  { kind: 'style-attribute', target: 'style-attr', unsafeHashes: true },
]

/** Each kind's index in GROUPS. */
const GROUP_OF = Object.fromEntries(GROUPS.map((g, i) => [g.kind, i])) as Readonly<Record<InlineKind, number>>

/** `sources[i]` is the hash-source of `inline[i]`, or undefined when its kind is not hashed. */
function hashGroups(inline: readonly InlineContent[], sources: readonly (string | undefined)[]): HashGroup[] {
  return GROUPS.map(({ kind, target, unsafeHashes }) => {
    const hashes: string[] = []
    for (let i = 0; i < inline.length; i++) {
      const source = sources[i]
      if (source !== undefined && inline[i]!.kind === kind) hashes.push(source)
    }
    return { target, unsafeHashes, hashes: hashes.length > 1 ? dedupe(hashes) : hashes }
  })
}

/** Whether each group's hashes went into a directive (addHashes places every group that has hashes, in order). */
function placedGroups(groups: readonly HashGroup[], placements: readonly HashPlacement[]): boolean[] {
  const placed: boolean[] = []
  let p = 0
  for (let i = 0; i < groups.length; i++) placed.push(groups[i]!.hashes.length > 0 && placements[p++]!.directive !== undefined)
  // The blocked check trusts this pairing: a mismatch is a bug in cspkit, never a page to pass silently.
  if (p !== placements.length) throw new Error(`[cspkit] internal: ${placements.length} placements for ${p} groups with hashes`)
  return placed
}

/** The groups' hash-sources that the policy took (a directive with 'unsafe-inline' may have been left alone). */
function addedHashes(groups: readonly HashGroup[], placed: readonly boolean[], policy: Policy): string[] {
  const taken = new Set<string>()
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!
    for (let k = 0; k < g.hashes.length; k++) {
      const h = g.hashes[k]!
      // A group left alone may still find its hash in the policy (written there by hand, or by another group).
      if (placed[i] || policy.directives.some((d) => d.values.includes(h))) taken.add(h)
    }
  }
  return [...taken]
}

function writePrimaryMeta(
  s: MagicString,
  html: string,
  insertion: ReturnType<typeof scanPage>['insertion'],
  primary: CspMetaTag | undefined,
  metaPolicy: string,
  file: string,
  diagnostics: Diagnostic[],
): void {
  if (primary?.coversPage && primary.contentAttribute) {
    if (primary.policy !== metaPolicy)
      s.overwrite(primary.contentAttribute.start, primary.contentAttribute.end, renderContentAttribute(metaPolicy))
    return
  }
  if (primary) {
    // A meta policy covers only what comes after it (CSP-RULES d1): move it to the top of <head>.
    s.remove(lineStartIfAlone(html, primary.start), primary.end)
    diagnostics.push(
      diagnostic({
        code: 'META_MOVED',
        file: `${file}:${primary.line}`,
        message: 'The page\'s CSP meta came after content it should govern, so cspkit moved it to the top of <head>.',
        fix: 'Put the CSP meta first in <head> (only <meta charset> before it) in your source HTML.',
      }),
    )
  }
  s.appendLeft(insertion.offset, metaText(insertion, metaPolicy))
}

/**
 * A page with CSP metas of its own: the first gets the page's policy (and moves to the top of
 * <head> if it came after content it should govern); each further one, a second policy browsers
 * enforce as well (CSP-RULES d2), gets the hashes its own directives need.
 */
function editOwnMetas(
  html: string,
  insertion: ReturnType<typeof scanPage>['insertion'],
  primary: CspMetaTag,
  secondary: readonly CspMetaTag[],
  secondaryText: readonly string[],
  metaPolicy: string,
  groups: readonly HashGroup[],
  options: ResolvedOptions,
  file: string,
  diagnostics: Diagnostic[],
): string {
  const s = new (magicString())(html)
  writePrimaryMeta(s, html, insertion, primary, metaPolicy, file, diagnostics)
  for (const [i, meta] of secondary.entries()) {
    const own = parsePolicyString(secondaryText[i]!, { file: `${file}:${meta.line}` })
    const updated = serializeMetaPolicy(addHashes(own.policy, groups, options.unsafeInline).policy)
    if (updated !== meta.policy && meta.contentAttribute)
      s.overwrite(meta.contentAttribute.start, meta.contentAttribute.end, renderContentAttribute(updated))
  }
  return s.hasChanged() ? s.toString() : html
}

/** The metas' texts as the browser reads them, from the `from`th on (the primary is 0). */
function secondaryTexts(readings: readonly ReturnType<typeof readPageMetaText>[], from = 1): string[] {
  return readings.slice(from).map((r) => ('text' in r ? r.text : ''))
}

/** The page with a new CSP meta at the insertion point (the page had none in <head>). */
function insertMeta(html: string, insertion: ReturnType<typeof scanPage>['insertion'], metaPolicy: string): string {
  return html.slice(0, insertion.offset) + metaText(insertion, metaPolicy) + html.slice(insertion.offset)
}

function metaText(insertion: ReturnType<typeof scanPage>['insertion'], metaPolicy: string): string {
  return `${insertion.prefix}${renderMetaTag(metaPolicy, insertion.selfClosing)}`
}

function ignoredMetaDiagnostics(meta: CspMetaTag, file: string): Diagnostic[] {
  if (meta.reportOnly)
    return [
      diagnostic({
        code: 'META_REPORT_ONLY_IGNORED',
        file: `${file}:${meta.line}`,
        message: 'Browsers ignore a Content-Security-Policy-Report-Only policy delivered in a <meta> tag.',
        fix: 'Send report-only policies as an HTTP header, or remove the meta tag.',
      }),
    ]
  if (!meta.inHead)
    return [
      diagnostic({
        code: 'META_OUTSIDE_HEAD',
        file: `${file}:${meta.line}`,
        message: 'Browsers ignore a CSP <meta> tag outside <head>.',
        fix: 'Move it into <head>, or remove it and configure the policy in cspkit.',
      }),
    ]
  return []
}

function metaIgnoredDiagnostic(name: string, file: string): Diagnostic {
  return diagnostic({
    code: 'META_IGNORED_DIRECTIVE',
    file,
    directive: name,
    option: `policy.${name}`,
    message: `'${name}' has no effect in a <meta> policy, so it is left out of the meta tag.`,
    fix: `Deliver the policy as an HTTP header from your host (e.g. a _headers file), or remove '${name}'.`,
  })
}

function placementDiagnostics(
  placements: readonly HashPlacement[],
  base: Policy,
  file: string,
  origins: PresetOrigins | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const p of placements) {
    if (p.skipped !== 'unsafe-inline' && !p.unsafeInlineIgnored) continue
    const governing = governingDirective(base, p.target)?.name ?? ''
    // A preset that adds 'unsafe-inline' does so because its service inserts inline content at run time.
    const preset = origins?.[governing]?.["'unsafe-inline'"]
    if (p.skipped === 'unsafe-inline')
      out.push(
        diagnostic({
          code: 'UNSAFE_INLINE_KEPT',
          file,
          directive: governing,
          // The user chose the service; its need is not a weakness to warn about on every build.
          ...(preset ? { preset, severity: 'info' as const } : {}),
          message: `'${governing}' allows all inline ${p.target.startsWith('script') ? 'scripts' : 'styles'} with 'unsafe-inline'${preset ? ` (added by the '${preset}' preset, whose service inserts them at run time)` : ''}, so cspkit added no hashes to it (they would make browsers ignore 'unsafe-inline').`,
          fix: preset
            ? `Nothing to do while you use '${preset}'. unsafeInline: 'override' would hash this page's own inline content and block what '${preset}' inserts.`
            : `For a strict policy remove 'unsafe-inline' from '${governing}' (keep it only in 'style-src-attr' if style attributes are set at run time), or set unsafeInline: 'override'.`,
        }),
      )
    else if (p.unsafeInlineIgnored && !strictDynamicIn(base, p.directive))
      out.push(
        diagnostic({
          code: 'UNSAFE_INLINE_IGNORED',
          file,
          directive: p.directive,
          message: `'${p.directive}' has 'unsafe-inline' and hash-sources; browsers ignore 'unsafe-inline' there.`,
          fix: `Remove 'unsafe-inline' from '${p.directive}'. Inline content inserted at run time needs its own hash or 'strict-dynamic'; style="" attributes can be allowed with 'style-src-attr': ["'unsafe-inline'"].`,
        }),
      )
  }
  return out
}

/** 'unsafe-inline' beside 'strict-dynamic' is a CSP1/2 fallback kept on purpose (CSP3 browsers ignore it): no warning. */
function strictDynamicIn(policy: Policy, directive: string | undefined): boolean {
  return directive !== undefined && (policy.directives.find((d) => d.name === directive)?.values.includes("'strict-dynamic'") ?? false)
}

function blockedDiagnostics(
  blocked: readonly InlineContent[],
  policy: Policy,
  options: ResolvedOptions,
  file: string,
): Diagnostic[] {
  const seen = new Set<InlineKind>()
  const out: Diagnostic[] = []
  for (const item of blocked) {
    if (seen.has(item.kind)) continue
    seen.add(item.kind)
    const directive = governingDirective(policy, item.target)?.name ?? 'default-src'
    const option = `hash.${HASH_OPTION_OF[item.kind]}`
    const what = item.attribute ? `${KIND_LABEL[item.kind]} (${item.attribute} on <${item.tag}>)` : KIND_LABEL[item.kind]
    const count = blocked.filter((b) => b.kind === item.kind).length
    out.push(
      diagnostic({
        code: 'INLINE_BLOCKED',
        file: `${file}:${item.line}:${item.column}`,
        directive,
        message: `The ${what} will be blocked by '${directive}'${count > 1 ? ` (${count} on this page)` : ''}.`,
        fix: options.hash[HASH_OPTION_OF[item.kind]]
          ? `Allow it in '${directive}' (its hash with 'unsafe-hashes' for attributes), or move it into a file.`
          : `Set ${option}: true so cspkit hashes it, or move it into a file.`,
      }),
    )
  }
  return out
}
