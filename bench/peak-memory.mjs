import { writeFileSync } from 'node:fs'

// Preloaded into every measured child (node --import): on exit it records the process's peak
// resident memory (all threads), in kilobytes, to the file the runner named.
process.on('exit', () => {
  if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS))
})
