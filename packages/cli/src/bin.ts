#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8'

// A build of a few pages is over in ~0.1 s, before V8's optimising compiler pays off: at its default
// budget it compiles dozens of hot functions (~50 ms of CPU on a 10-page site as built) that run a few
// times more afterwards. Fifteen times the budget leaves a small build in the interpreter and baseline
// code, while a large one still optimises what it runs thousands of times (the first few pages later).
// The flag is the process's, so directory mode's worker threads have it too; set before the CLI loads.
setFlagsFromString('--interrupt-budget=1000000')

const { main } = await import('./main.js')

// The streams are getters: Node makes process.stdout and stderr on first use (a pipe's loads net and
// its streams, ~3 ms), and a quiet build with nothing to say uses neither.
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  get stdout() {
    return process.stdout
  },
  get stderr() {
    return process.stderr
  },
  env: process.env,
})
