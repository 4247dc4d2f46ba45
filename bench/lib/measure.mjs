import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = fileURLToPath(new URL('..', import.meta.url))
const PEAK_HOOK = join(HERE, 'peak-memory.mjs')
/** A run that takes longer than this is stopped (its own child only) and reported as such. */
const LIMIT_MS = 30 * 60_000

/**
 * Runs `node argv` in a child with the peak-memory hook preloaded. Resolves its wall time (ms, measured
 * here), its peak RSS (MB, the child's own maxRSS: every thread of it), exit code, the last lines of
 * stderr and all of stdout (children that report figures print one JSON line).
 */
export function measure(argv, { cwd, env = {}, scratch }) {
  const peakFile = join(scratch, `peak-${process.pid}-${process.hrtime.bigint()}`)
  return new Promise((ok) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', PEAK_HOOK, ...argv], {
      cwd,
      env: { ...process.env, ...env, BENCH_PEAK_FILE: peakFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const ms = performance.now() - started
      let peakMb = NaN
      try {
        peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024
        rmSync(peakFile, { force: true })
      } catch {}
      ok({ ms, peakMb, code: code ?? signal, stdout, stderr: stderr.trim().split('\n').slice(-3).join(' | '), stderrFull: stderr.slice(-4000) })
    })
  })
}

/** The JSON a figure-reporting child printed last on stdout. */
export function lastJson(stdout) {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop()
  return line ? JSON.parse(line) : undefined
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * A 95% interval for the median of `xs` by the percentile bootstrap (2,000 resamples, a fixed seed so
 * the same runs print the same interval): how far the machine's noise leaves the figure uncertain.
 */
export function medianInterval(xs) {
  let seed = 1
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const medians = Array.from({ length: 2000 }, () => median(Array.from(xs, () => xs[Math.floor(rand() * xs.length)])))
  medians.sort((a, b) => a - b)
  return [medians[Math.floor(medians.length * 0.025)], medians[Math.floor(medians.length * 0.975)]]
}

export const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`
export const fmtMiB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
export const pct = (x, digits = 0) => `${(x * 100).toFixed(digits)}%`
export const pad = (s, n) => String(s).padEnd(n)
