import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './builds.js'

export const CSPKIT_BIN = join(ROOT, 'packages/cli/dist/bin.js')
const run = promisify(execFile)

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * This process's environment without the NODE_PATH that pnpm's and npx's bin shims (and so this test
 * runner) add: with it, a child would also find packages in pnpm's hidden hoisting folder that the
 * package it runs does not depend on, and a missing dependency would go unnoticed.
 */
export function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.NODE_PATH
  return env
}

/** Runs the real `cspkit` bin as users do (optionally as another user); resolves with its exit code and output, never throws on a non-zero exit. */
export async function cspkit(args: string[], cwd = ROOT, as?: { uid: number; gid: number }): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CSPKIT_BIN, ...args], { cwd, env: plainEnv(), ...as })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}
