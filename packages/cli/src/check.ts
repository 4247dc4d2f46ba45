import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import {
  CspkitError,
  allowsInline,
  checkPageLoads,
  checkSrcdocs,
  checkScripts,
  readScripts,
  diagnostic,
  formatDiagnostic,
  governingDirective,
  hashSource,
  hostTitle,
  enforcedPolicies,
  folderLinkDiagnostic,
  listFolderFiles,
  resolveOptions,
  scanPage,
  type Diagnostic,
  type FolderFiles,
  type HashAlgorithm,
  type InlineContent,
  type Policy,
} from '@cspkit/core'
import { headerDeliveries, loadHeaderRules, type HeaderDelivery } from './check-headers.js'
import { EXIT } from './codes.js'
import { loadConfig } from './config.js'
import { OPTION_FLAGS, optionsFromFlags, parseFlags, usage } from './flags.js'
import { helpText, line, type CliIo } from './io.js'
import { count, headersSentBy } from './wording.js'

/** One policy the browser enforces on a page, and from where in the page on. */
export interface DeliveredPolicy {
  /** How a person finds it, e.g. `<meta> at line 4`. */
  readonly label: string
  readonly policy: Policy
  /** Offset in the page from which it applies: a meta governs only what the parser meets after it (CSP-RULES d1). */
  readonly from: number
}

const KIND_LABEL: Readonly<Record<InlineContent['kind'], string>> = {
  script: 'inline <script>',
  style: 'inline <style>',
  'event-handler': 'event handler',
  'style-attribute': 'style="" attribute',
  'javascript-url': 'javascript: URL',
}

/**
 * `cspkit check <dir>`: for CI. Checks every page's inline content against the policies delivered
 * with it, independently of how they got there (cspkit, another tool, hand-written), and fails on
 * anything a browser would block.
 */
export async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags('check', args, {
    config: OPTION_FLAGS.config,
    include: OPTION_FLAGS.include,
    algorithm: OPTION_FLAGS.algorithm,
    'allow-no-policy': { type: 'boolean' },
    host: { type: 'string' },
    'vercel-config': { type: 'string' },
    'netlify-config': { type: 'string' },
    browser: { type: 'boolean' },
    'max-pages': { type: 'string' },
    'page-timeout': { type: 'string' },
    'action-timeout': { type: 'string' },
    json: { type: 'string' },
    help: OPTION_FLAGS.help,
  })
  if (flags.help) {
    line(io.stdout, await helpText('check'))
    return EXIT.OK
  }
  const [dir, ...extra] = positionals
  if (!dir || extra.length > 0) throw usage('check', dir ? `Expected one folder, got ${positionals.length}.` : 'Which folder? cspkit check needs the built folder to check.')
  const browserOnly = (['max-pages', 'page-timeout', 'action-timeout', 'json'] as const).find((f) => flags[f] !== undefined)
  if (browserOnly && !flags.browser) throw usage('check', `--${browserOnly} belongs to a visit in Chromium; add --browser.`)
  const config = await loadConfig(io.cwd, flags.config as string | undefined)
  const options = resolveOptions(optionsFromFlags(config.options, flags))
  const root = resolve(io.cwd, dir)
  const { files: listed, links } = await listPages(root)
  const files = listed.filter((f) => options.include(f))
  // A link to a page or a folder that is not followed ships unchecked: the check fails.
  const unfollowed = links.filter((l) => options.include(l.path) || !/\.[a-z0-9]+$/i.test(l.path)).map((l) => folderLinkDiagnostic(l, 'CHECK_LINK_NOT_FOLLOWED'))
  if (files.length === 0)
    throw new CspkitError([
      diagnostic({
        code: 'CHECK_NO_PAGES',
        file: root,
        message: 'No pages found here, so there is nothing to check.',
        fix: 'Pass the folder your site was built into, after building it (or widen --include).',
      }),
    ])

  const headers = loadHeaderRules(
    root,
    io.cwd,
    { host: flags.host as string | undefined, vercelConfig: flags['vercel-config'] as string | undefined, netlifyConfig: flags['netlify-config'] as string | undefined },
    options,
  )
  for (const m of new Set(headers.diagnostics.map(formatDiagnostic))) line(io.stderr, m)
  for (const d of unfollowed) line(io.stderr, formatDiagnostic(d))
  if (flags.browser) {
    // Loaded only here: the visit needs playwright-core, a plain check does not.
    const { checkInBrowser } = await import('./browser/check-browser.js')
    return checkInBrowser(
      {
        root,
        where: displayPath(io.cwd, root),
        files,
        headers,
        options,
        maxPages: flags['max-pages'] as string | undefined,
        pageTimeout: flags['page-timeout'] as string | undefined,
        actionTimeout: flags['action-timeout'] as string | undefined,
        json: flags.json as string | undefined,
        allowNoPolicy: Boolean(flags['allow-no-policy']),
      },
      io,
    )
  }

  let failing = 0
  let blockedCount = 0
  let blockedLoads = 0
  let withoutPolicy = 0
  /** What the landing page is delivered: the policy the folder's scripts are checked against. */
  let scriptPolicy: Policy | undefined
  for (const fileName of files) {
    const html = await readFile(join(root, fileName), 'utf8')
    const delivered = headerDeliveries(fileName, headers.hosts)
    const problems = checkPage(fileName, html, flags.algorithm ? options.algorithm : undefined, Boolean(flags['allow-no-policy']), delivered, options.origin)
    if (fileName === 'index.html' || scriptPolicy === undefined) scriptPolicy = firstPolicy(html, fileName, delivered) ?? scriptPolicy
    if (problems.length > 0) failing++
    blockedCount += problems.filter((p) => p.code === 'CHECK_INLINE_BLOCKED').length
    blockedLoads += problems.filter((p) => p.code === 'LOAD_BLOCKED').length
    if (problems.some((p) => p.code === 'CHECK_NO_POLICY')) withoutPolicy++
    for (const p of problems) line(io.stderr, formatDiagnostic(p))
  }
  // What the folder's JavaScript does, as the build checks it: warnings (read from the text, not run).
  if (scriptPolicy)
    for (const d of checkScripts(readScripts(root, listed), scriptPolicy, options.origin)) line(io.stderr, formatDiagnostic(d))
  const where = displayPath(io.cwd, root)
  const via = headers.hosts.length > 0 ? ` (with ${headersSentBy(headers.hosts.map((h) => h.host))})` : ''
  line(
    io.stdout,
    failing === 0 && unfollowed.length === 0
      ? `[cspkit] check: ${count(files.length, 'page')} in ${where}, every inline script and style and every URL the HTML loads is allowed by ${files.length === 1 ? 'its policy' : 'their policies'}${via}.`
      : `[cspkit] check: ${failing} of ${count(files.length, 'page')} in ${where} ${failing === 1 ? 'fails' : 'fail'} (${[
          ...(blockedCount > 0 ? [count(blockedCount, 'blocked inline item')] : []),
          ...(blockedLoads > 0 ? [count(blockedLoads, 'blocked load')] : []),
          ...(withoutPolicy > 0 ? [`${count(withoutPolicy, 'page')} without a policy`] : []),
          ...(unfollowed.length > 0 ? [`${count(unfollowed.length, 'symbolic link')} not followed`] : []),
        ].join(', ')}).`,
  )
  return failing === 0 && unfollowed.length === 0 ? EXIT.OK : EXIT.PROBLEMS
}

/**
 * Every problem of one page: inline content a delivered policy blocks, or no policy at all. Without
 * header files only the page's metas count; with them, the page is checked at every URL each host
 * serves it at, against its metas and the headers sent there (every policy must allow every item).
 */
export function checkPage(
  fileName: string,
  html: string,
  algorithm: HashAlgorithm | undefined,
  allowNoPolicy: boolean,
  headers: readonly HeaderDelivery[] = [],
  origin?: string,
): Diagnostic[] {
  const scan = scanPage(html)
  const out = new Map<string, Diagnostic>()
  const metas: DeliveredPolicy[] = []
  for (const m of scan.metas) {
    if (!m.inHead || m.reportOnly) continue
    // Read as the browsers read it: "," and line breaks included (policy/browser-read.ts).
    const read = enforcedPolicies(m.policy, 'meta')
    for (const p of read.policies)
      metas.push({ label: `<meta> CSP at line ${m.line}${p.reading ? `, ${p.reading}` : ''}`, policy: p.policy, from: m.coversPage ? 0 : m.end })
    if (read.unreadable.length > 0) out.set(`unreadable:${m.line}`, unreadableDiagnostic(`${fileName}:${m.line}`, 'The <meta> CSP', m.policy, read.unreadable))
  }
  for (const h of headers)
    for (const u of h.unreadable)
      out.set(`unreadable:${u.origin}`, unreadableDiagnostic(fileName, `The Content-Security-Policy header ${hostTitle(h.host)} sends at ${h.url} (${u.origin})`, u.text, ['all engines']))
  const deliveries = headers.length > 0 ? headers.map((h) => ({ where: `${hostTitle(h.host)} at ${h.url}`, policies: [...metas, ...h.policies] })) : [{ where: undefined, policies: metas }]

  const offsets = lineOffsets(html)
  const unprotected: string[] = []
  for (const { where, policies } of deliveries) {
    if (policies.length === 0) {
      unprotected.push(where ?? '')
      continue
    }
    for (const item of scan.inline) {
      const at = (offsets[item.line - 1] ?? 0) + item.column - 1
      for (const delivered of policies) {
        if (at < delivered.from || allowsInline(delivered.policy, item)) continue
        const d = blockedDiagnostic(fileName, item, delivered, algorithm)
        // The same policy at several URLs (a meta, a site-wide rule) is one problem.
        out.set(formatDiagnostic(d), d)
      }
    }
    // Every URL the HTML loads, against each policy the browser enforces there (as the build checks it).
    for (const delivered of policies) {
      for (const d of checkPageLoads(scan.loads, delivered.policy, fileName, delivered.policy, origin).diagnostics) out.set(formatDiagnostic(d), d)
      // What <iframe srcdoc> documents load, under the policy they inherit.
      for (const d of checkSrcdocs(scan.srcdocs, delivered.policy, delivered.policy, fileName, origin)) out.set(formatDiagnostic(d), d)
    }
  }
  // An unreadable policy has said why the page is unprotected already.
  if (unprotected.length > 0 && !allowNoPolicy && ![...out.keys()].some((k) => k.startsWith('unreadable:')))
    out.set(
      'no-policy',
      diagnostic({
        code: 'CHECK_NO_POLICY',
        file: fileName,
        message:
          headers.length === 0
            ? 'The page has no Content-Security-Policy <meta> in <head>, so nothing restricts it.'
            : `The page has no Content-Security-Policy <meta> in <head> and no Content-Security-Policy header (${unprotected.join(', ')}), so nothing restricts it there.`,
        fix: 'Run `cspkit build` on the folder after the last step that writes pages (or pass --allow-no-policy if a header delivers the policy).',
      }),
    )
  return [...out.values()]
}

/** A delivered policy text some engine reads as no policy at all: it restricts nothing there, so the page fails. */
function unreadableDiagnostic(file: string, what: string, text: string, readers: readonly string[]): Diagnostic {
  return diagnostic({
    code: 'CHECK_POLICY_UNREADABLE',
    file,
    message: `${what} is ${JSON.stringify(text)}, which ${readers.join(' and ')} ${readers.join() === 'Firefox' ? 'reads' : 'read'} as no policy at all (no directive a browser knows), so it restricts nothing there.`,
    fix: 'Write the policy as directives separated by ";" (one policy per <meta>; "," only between whole policies in a header), or run `cspkit build` on the folder to write it.',
  })
}

function blockedDiagnostic(fileName: string, item: InlineContent, delivered: DeliveredPolicy, algorithm: HashAlgorithm | undefined): Diagnostic {
  const directive = governingDirective(delivered.policy, item.target)?.name ?? 'default-src'
  const missing = [hashSource(item.text, algorithm ?? policyAlgorithm(delivered.policy, directive))]
  const values = delivered.policy.directives.find((d) => d.name === directive)?.values ?? []
  if (item.needsUnsafeHashes && !values.includes("'unsafe-hashes'")) missing.push("'unsafe-hashes'")
  const what = `${item.attribute ? `${KIND_LABEL[item.kind]} ${item.attribute}="" on <${item.tag}>` : KIND_LABEL[item.kind]}${item.inSrcdoc ? ' in the <iframe srcdoc> document (it inherits the page\'s policy)' : ''}`
  return diagnostic({
    code: 'CHECK_INLINE_BLOCKED',
    file: `${fileName}:${item.line}:${item.column}`,
    directive,
    message: `The ${what} is blocked by '${directive}' of the ${delivered.label}: it lacks ${missing.join(' and ')}.`,
    fix: 'Run `cspkit build` on the folder after the last step that changes this page, or add the missing source to that directive.',
  })
}

/** The algorithm of the hashes the directive already has, so the named missing hash looks like its neighbours. */
function policyAlgorithm(policy: Policy, directive: string): HashAlgorithm {
  const values = policy.directives.find((d) => d.name === directive)?.values ?? []
  const match = values.map((v) => /^'(sha256|sha384|sha512)-/i.exec(v)?.[1]?.toLowerCase()).find(Boolean)
  return (match as HashAlgorithm | undefined) ?? 'sha256'
}

/**
 * Start offset of each line as parse5 counts them: its locations are taken after the HTML
 * preprocessor folds CRLF (and lone CR) into one line break.
 */
function lineOffsets(html: string): number[] {
  const out = [0]
  for (let i = 0; i < html.length; i++) {
    const c = html.charCodeAt(i)
    if (c === 10) out.push(i + 1)
    else if (c === 13) {
      if (html.charCodeAt(i + 1) === 10) i++
      out.push(i + 1)
    }
  }
  return out
}

/** Every file once per URL a host serves it at: symbolic links inside the folder followed (each link's URL may get its own headers). */
async function listPages(root: string): Promise<FolderFiles> {
  return listFolderFiles(root, true).catch(() => {
    throw new CspkitError([
      diagnostic({
        code: 'CHECK_NO_PAGES',
        file: root,
        message: 'This folder does not exist or cannot be read.',
        fix: 'Pass the folder your site was built into, after building it.',
      }),
    ])
  })
}

/** The first policy a page is delivered (its meta, else a header), for checking the folder's scripts. */
function firstPolicy(html: string, fileName: string, headers: readonly HeaderDelivery[]): Policy | undefined {
  const meta = scanPage(html).metas.find((m) => m.inHead && !m.reportOnly)
  const policy = meta && enforcedPolicies(meta.policy, 'meta').policies[0]?.policy
  if (policy) return policy
  return headers[0]?.policies[0]?.policy
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path)
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel
}
