import { diagnostic, type Diagnostic } from '@cspkit/core'

/**
 * The parts of Astro's config that switch on its own CSP: `experimental.csp` (Astro 5.9+) or
 * `security.csp` (Astro 6 and 7). Plain objects, so every Astro version's config fits.
 */
export interface AstroCspConfig {
  readonly experimental?: object
  readonly security?: object
}

/** Which of Astro's own CSP options is on, if one is (`true` or an object of settings). */
export function astroCspOption(config: AstroCspConfig): 'experimental.csp' | 'security.csp' | undefined {
  if (isOn(cspIn(config.security))) return 'security.csp'
  if (isOn(cspIn(config.experimental))) return 'experimental.csp'
  return undefined
}

function cspIn(section: object | undefined): unknown {
  return section && 'csp' in section ? section.csp : undefined
}

function isOn(value: unknown): boolean {
  return value === true || (typeof value === 'object' && value !== null)
}

/**
 * ASTRO_CSP_ENABLED: with Astro's CSP on, Astro writes its own CSP meta (its hashes, its directives)
 * and cspkit then merges that meta as each page's own policy, so two configs decide one policy.
 */
export function astroCspDiagnostic(option: 'experimental.csp' | 'security.csp'): Diagnostic {
  return diagnostic({
    code: 'ASTRO_CSP_ENABLED',
    option,
    message: `Astro's own Content-Security-Policy (${option} in astro.config) is on as well as @cspkit/astro: Astro writes a CSP <meta> into each page and cspkit merges it as the page's own policy, so the policy each page gets comes from both configs.`,
    fix: `Remove ${option} from astro.config and put its directives into the policy option of cspkit() (cspkit hashes every inline script and style Astro writes), or remove cspkit() from integrations to keep Astro's policy alone.`,
  })
}
