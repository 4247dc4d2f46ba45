import { invalidOption, type Diagnostic } from '../diagnostics.js'

/** How the policy is applied while developing (`vite dev`, `vite preview`, webpack-dev-server). */
export type DevMode = 'enforce' | 'report-only' | 'off'

export interface DevOptions {
  /**
   * `'enforce'` sends each page's policy as a `Content-Security-Policy` header, so what the dev
   * server shows is what production will allow; `'report-only'` sends it as
   * `Content-Security-Policy-Report-Only`, so nothing breaks while violations are still printed;
   * `'off'` sends no policy and installs no report endpoint. Either way each distinct violation is
   * printed once in the terminal with its fix. Never changes the build output.
   * @default 'enforce'
   */
  mode?: DevMode
}

export interface ResolvedDevOptions {
  readonly mode: DevMode
}

const DEV_MODES: readonly DevMode[] = ['enforce', 'report-only', 'off']
const DEV_OPTION_NAMES = ['mode'] as const

type UnknownKeys = (object: object, known: readonly string[], prefix: string, diagnostics: Diagnostic[]) => void

/** Validates `dev` like every other option: unknown keys get a did-you-mean, wrong values say what is expected. */
export function resolveDevOptions(input: unknown, diagnostics: Diagnostic[], unknownKeys: UnknownKeys): ResolvedDevOptions {
  if (input === undefined) return Object.freeze({ mode: 'enforce' })
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    diagnostics.push(invalidOption('dev', "an object such as { mode: 'report-only' }", input))
    return Object.freeze({ mode: 'enforce' })
  }
  unknownKeys(input, DEV_OPTION_NAMES, 'dev.', diagnostics)
  const mode = (input as DevOptions).mode ?? 'enforce'
  if (!DEV_MODES.includes(mode)) {
    diagnostics.push(invalidOption('dev.mode', DEV_MODES.map((m) => `'${m}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'), mode))
    return Object.freeze({ mode: 'enforce' })
  }
  return Object.freeze({ mode })
}

