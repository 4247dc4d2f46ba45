import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from './support/builds.js'
import { cspkit } from './support/cli.js'

// What the READMEs tell a newcomer to type must work as written: config examples load, commands and
// flags exist.

const READMES = ['README.md', 'packages/cli/README.md']
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8')

/** Fenced code blocks of a Markdown file, with their language. */
function codeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }))
}

// Inside packages/cli, so `cspkit` resolves (a package may import itself by name) and so does `@cspkit/core`.
const scratch = mkdtempSync(join(ROOT, 'packages/cli/.readme-examples-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('README examples', () => {
  const configs = READMES.flatMap((file) =>
    codeBlocks(text(file))
      .filter((b) => /^\/\/ cspkit\.config\.(ts|mjs|js)\n/.test(b.code))
      .map((b, i) => ({ file, i, code: b.code, ext: /^\/\/ cspkit\.config\.(\w+)/.exec(b.code)![1]! })),
  )

  it('the CLI README has a config example to check', () => {
    expect(configs.length).toBeGreaterThan(0)
  })

  it.each(configs)('$file config example $i loads and builds a site as written', async ({ code, ext, i, file }) => {
    const dir = join(scratch, `${file.replace(/\W/g, '-')}-${i}`)
    mkdirSync(join(dir, 'site'), { recursive: true })
    writeFileSync(join(dir, `cspkit.config.${ext}`), code)
    writeFileSync(join(dir, 'site/index.html'), '<!doctype html><html><head><title>t</title></head><body><script>1</script></body></html>')
    const run = await cspkit(['build', 'site', '--dry-run'], dir)
    expect(run.stderr).not.toMatch(/CONFIG_/)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/\[cspkit\] build: 1 page in site/)
  })

  it("the config example's comment holds: the same imports work from '@cspkit/core'", async () => {
    const example = configs.find((c) => c.code.includes("from 'cspkit'   // the same names as @cspkit/core's"))
    expect(example, "the CLI README's config imports from cspkit and says @cspkit/core has the same names").toBeDefined()
    const dir = join(scratch, 'from-core')
    mkdirSync(join(dir, 'site'), { recursive: true })
    writeFileSync(join(dir, `cspkit.config.${example!.ext}`), example!.code.replace("from 'cspkit'", "from '@cspkit/core'"))
    writeFileSync(join(dir, 'site/index.html'), '<!doctype html><html><head></head><body></body></html>')
    const run = await cspkit(['build', 'site', '--dry-run'], dir)
    expect(run.code, run.stderr).toBe(0)
  })

  it('every `cspkit <command>` and every flag the READMEs show exists', async () => {
    const help = await cspkit(['--help'])
    const commands = [...help.stdout.matchAll(/^ {2}cspkit (\w+)/gm)].map((m) => m[1]!)
    const helps = Object.fromEntries(await Promise.all(commands.map(async (c) => [c, (await cspkit([c, '--help'])).stdout] as const)))
    const shown = READMES.flatMap((file) =>
      codeBlocks(text(file))
        .filter((b) => b.lang === 'sh' || b.lang === '')
        .flatMap((b) => [...b.code.matchAll(/(?:^|&& |\$ )(?:npx (?:--yes )?)?cspkit (\w+)([^\n|&;#]*)/gm)].map((m) => ({ file, command: m[1]!, rest: m[2]! }))),
    )
    expect(shown.length).toBeGreaterThan(2)
    for (const { file, command, rest } of shown) {
      expect(commands, `${file}: cspkit ${command}`).toContain(command)
      for (const [flag] of rest.matchAll(/--[a-z][a-z-]*/g)) expect(helps[command], `${file}: cspkit ${command} ${flag}`).toContain(flag)
    }
  })
})
