import { failsBuild, formatDiagnostic, type Diagnostic, type FailOn } from './diagnostics.js'

/** Where a door sends messages: the bundler's own logger and its way of failing a build. */
export interface DiagnosticSink {
  info(message: string): void
  warn(message: string): void
  /** Called once with every message that fails the build. */
  fail(messages: readonly string[]): void
}

export function reportDiagnostics(diagnostics: readonly Diagnostic[], failOn: FailOn, sink: DiagnosticSink): void {
  const failing: string[] = []
  for (const d of diagnostics) {
    const message = formatDiagnostic(d)
    if (failsBuild(d, failOn)) failing.push(message)
    else if (d.severity === 'info') sink.info(message)
    else sink.warn(message)
  }
  if (failing.length > 0) sink.fail(failing)
}
