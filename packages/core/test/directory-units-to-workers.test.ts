import { describe, expect, it } from 'vitest'
import { nextUnit } from '../src/directory.js'

// Directory mode's pool hands each unit of work (a chunk of pages) to a worker; with site scope, a
// chunk goes back to the worker that kept its pages' analyses when that worker is free for it.

/** Units taken by workers in turn (round robin) until none is left: what each took, in order. */
function drain(units: number, workers: number, prefer?: readonly number[], turns: readonly number[] = []): number[][] {
  const next = nextUnit(units, workers, prefer)
  const took: number[][] = Array.from({ length: workers }, () => [])
  const active = new Set(Array.from({ length: workers }, (_, w) => w))
  for (let t = 0; active.size > 0; t++) {
    const w = turns[t] ?? t % workers
    if (!active.has(w)) continue
    const unit = next(w)
    if (unit < 0) active.delete(w)
    else took[w]!.push(unit)
  }
  return took
}

describe('nextUnit', () => {
  it('without preferences hands out units in order, each once', () => {
    expect(drain(5, 2)).toEqual([[0, 2, 4], [1, 3]])
  })

  it('gives each worker the units it kept, in order', () => {
    expect(drain(6, 2, [1, 0, 1, 0, 1, 0])).toEqual([[1, 3, 5], [0, 2, 4]])
  })

  it('lets a free worker take another worker\'s units from the end, so none idles while units are left', () => {
    // Worker 0 kept all six; worker 1 kept none and, taking its turn as often, takes from the end.
    const took = drain(6, 2, [0, 0, 0, 0, 0, 0])
    expect(took[0]).toEqual([0, 1, 2])
    expect(took[1]).toEqual([5, 4, 3])
    // A worker that is always busy (never asks) leaves every unit to the other one.
    expect(drain(4, 2, [0, 0, 1, 1], [1, 1, 1, 1, 1, 1, 0])).toEqual([[], [2, 3, 1, 0]])
  })

  it('hands units no worker kept after each worker\'s own, and ignores preferences for missing workers', () => {
    expect(drain(4, 2, [undefined as unknown as number, 5, 0, -1])).toEqual([[2, 1], [0, 3]])
  })
})
