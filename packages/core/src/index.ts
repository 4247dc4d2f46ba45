export { processSite, type SiteResult, type SiteExtras } from './site.js'
export { analysePage, composePage, type PageAnalysis } from './page.js'
export { chooseScope, SCOPE_OPTIONS, type ScopeDecision, type ScopeOption } from './scope/choose-scope.js'
export { detectRouter, moduleEntry, pageEvidence, mergeEvidence, ROUTER_MARKERS, type RouterMarker, type ScopeEvidence } from './scope/detect-router.js'
export { HashUnion, unionGroups } from './scope/hash-union.js'
export { buildSummary, scopeSummary } from './summary.js'
// What pages load and what their scripts do, checked against the policy (loads/).
export { loadsOfElement, type PageLoad } from './loads/elements.js'
export { checkUrl, fallbackChain, governingFor, sourceListAllows, type UrlCheck } from './loads/match.js'
export { checkPageLoads, type BlockedLoad, type PageLoadsCheck } from './loads/check-page.js'
export { checkSrcdocs } from './loads/check-srcdoc.js'
export { pageUrl, SITE_ORIGIN } from './loads/resolve.js'
export { analyzeScript, type ScriptFinding } from './loads/script-analysis.js'
export { checkScripts, type ScriptInput } from './loads/check-scripts.js'
export { suggestPresets } from './loads/suggest.js'
export {
  processDirectory,
  readScripts,
  AUTO_WORKERS_MIN_PAGES,
  type DirectoryPage,
  type DirectoryProgress,
  type DirectoryResult,
  type DirectoryRunOptions,
  type DirectoryTotals,
  WORKER_RESOURCE_LIMITS,
} from './directory.js'
export { defineConfig } from './config.js'
export { processPage, type PageInput, type PageResult, type PageContext } from './page.js'
export {
  resolveOptions,
  isResolvedOptions,
  defaultPolicy,
  type Options,
  type HashOptions,
  type ResolvedOptions,
} from './options.js'
export {
  CspkitError,
  DIAGNOSTIC_CODES,
  diagnostic,
  formatDiagnostic,
  type Diagnostic,
  type DiagnosticInit,
  type DiagnosticCode,
  type FailOn,
  type Severity,
} from './diagnostics.js'
export { reportDiagnostics, type DiagnosticSink } from './report.js'
export { headroom } from './summary.js'
export { parsePolicy, parsePolicyString, directiveName, type PolicyInput, type PolicyObject, type DirectiveValue } from './policy/parse.js'
export { serializePolicy, serializeMetaPolicy } from './policy/serialize.js'
export { listFolderFiles, folderLinkDiagnostic, type FolderFiles, type FolderLink } from './folder-files.js'
export { enforcedPolicies, parseSerializedPolicy, type EnforcedPolicies, type EnforcedPolicy, type PolicyDelivery } from './policy/browser-read.js'
export { mergePolicies } from './policy/merge.js'
export { addHashes, type HashGroup, type UnsafeInlineMode } from './policy/add-hashes.js'
export { allowsInline, governingDirective, type InlineCheck, type InlineTarget } from './policy/inline.js'
export {
  META_IGNORED_DIRECTIVES,
  getDirective,
  policyToObject,
  type Directive,
  type Policy,
} from './policy/model.js'
export { classifySource, type HashAlgorithm, type SourceKind } from './policy/source.js'
export { hashSource } from './html/hash.js'
export { lintPolicy, LINT_LEVELS, type LintLevel, type LintOptions } from './lint/lint.js'
export { validatePolicy, type ValidateContext } from './lint/validate.js'
export { scanPage, type InlineContent, type InlineKind, type PageScan, type ScriptType } from './html/scan.js'
export { scanPageWithPath, parse5ScanPage, type ScanWithPath } from './html/scan.js'
export { createCspkit, vitePlugin, webpackPlugin, PLUGIN_NAME, type CspkitApi } from './unplugin.js'
export {
  HOST_NAMES,
  HEADERLESS_HOSTS,
  type HostName,
  type HeaderFileOptions,
  type SecurityHeadersOptions,
  type VercelHostOptions,
  type NginxHostOptions,
  type OverflowStrategy,
  type ResolvedHeaderFileOptions,
} from './headers/host-options.js'
export { HOST_TITLES, hostTitle } from './headers/host-title.js'
export { planHostFiles, type HostFile, type HostPlan, type HostFileLocation, type ReadExisting } from './headers/plan.js'
export { planRules, type HeaderRule, type RuleStrategy } from './headers/rules.js'
export { pageUrls, type VercelRouting } from './headers/routes.js'
export {
  readHeadersFile,
  readNetlifyToml,
  readVercelJson,
  readNginxConfig,
  readCaddyfile,
  readApacheHtaccess,
  readFirebaseJson,
  readAzureSwaConfig,
  readVercelOutputConfig,
  readNetlifyFrameworksConfig,
  readAmplifyCustomHttp,
  globRegExp,
  headersAt,
  cspPoliciesAt,
  pathMatcher,
  vercelSourceRegExp,
  type HeaderHost,
  type HeaderRules,
  type ReadHeaderRule,
  type SentHeader,
} from './headers/read.js'
export {
  devServerMiddlewares,
  pageFileName,
  type DevServerContext,
  type DevServerMiddlewares,
} from './dev/server.js'
export { devPolicy, reportingPolicy, REPORT_PATH, type DevAllowances } from './dev/dev-policy.js'
export { reportEndpoint, type Middleware } from './dev/report-endpoint.js'
export { policyHeaderMiddleware, type PolicyHeader } from './dev/header-middleware.js'
export { parseViolationReports, type Violation } from './dev/violation.js'
export { adviseViolation, type Advice, type PresetLookup } from './dev/advice.js'
export { presetLookup, registryPresetLookup, type PresetPolicy } from './dev/preset-lookup.js'
export * from './presets/index.js'
export { createViolationPrinter, violationDiagnostic } from './dev/printer.js'
export type { DevMode, DevOptions, ResolvedDevOptions } from './dev/options.js'
