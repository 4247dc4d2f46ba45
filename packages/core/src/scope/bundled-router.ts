import { diagnostic, type Diagnostic } from '../diagnostics.js'

/**
 * Client-side routers by package name, as they appear in a bundle's module ids. A router bundled into
 * a multi-page build may or may not navigate between its pages (it can route inside one page), so
 * this is a reason to say something, not to choose site scope.
 */
export const ROUTER_PACKAGES: readonly string[] = [
  'vue-router',
  'react-router',
  'react-router-dom',
  '@tanstack/react-router',
  '@tanstack/vue-router',
  '@tanstack/solid-router',
  '@solidjs/router',
  'svelte-spa-router',
  'preact-router',
  'wouter',
  '@vaadin/router',
]

/** The first router package among module ids (file paths, as Rollup, Rolldown and webpack give them), or undefined. */
export function bundledRouter(moduleIds: Iterable<string>): string | undefined {
  for (const id of moduleIds) {
    const at = id.replace(/\\/g, '/').lastIndexOf('/node_modules/')
    if (at < 0) continue
    const rest = id.slice(at + '/node_modules/'.length).replace(/\\/g, '/').split('/')
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
    if (name && ROUTER_PACKAGES.includes(name)) return name
  }
  return undefined
}

/** SCOPE_AMBIGUOUS for a multi-page build that bundles a router while 'auto' chose per-page policies. */
export function bundledRouterDiagnostic(router: string, pages: number): Diagnostic {
  return diagnostic({
    code: 'SCOPE_AMBIGUOUS',
    option: 'scope',
    message: `The bundle contains the client-side router '${router}' and the build has ${pages} pages; if it navigates between them without reloading, pages it reaches keep the first page's policy and their inline content is blocked. cspkit cannot tell from the HTML, so each page gets its own policy.`,
    fix: `Set scope: 'site' if '${router}' navigates between these pages, or scope: 'page' if it routes inside one page (this silences the message).`,
  })
}
