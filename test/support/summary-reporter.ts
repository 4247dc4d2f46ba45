import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node'
import { relative } from 'node:path'

/**
 * Beside vitest's own reporter: a line when each test file starts (so a long run shows what it is
 * doing, not only what it finished), every skipped test with the reason it gave, and the plain
 * closing line CI reads: `tests: N passed, N failed, N skipped`.
 */
export default class SummaryReporter implements Reporter {
  private started = 0
  private files = 0
  private readonly began = Date.now()

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.files = specifications.length
  }

  onTestModuleStart(module: TestModule): void {
    this.started++
    const seconds = Math.round((Date.now() - this.began) / 1000)
    process.stdout.write(`[tests ${seconds}s] started ${relative(process.cwd(), module.moduleId)} (${this.started} of ${this.files} files)\n`)
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    const skipped: TestCase[] = []
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++ // a file that failed to load
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped.push(test)
      }
    }
    for (const test of skipped) {
      const result = test.result()
      const note = result.state === 'skipped' ? result.note : undefined
      process.stdout.write(`skipped: ${relative(process.cwd(), test.module.moduleId)} > ${test.fullName}: ${note ?? 'no reason given (use ctx.skip(reason))'}\n`)
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped.length} skipped\n`)
  }
}
