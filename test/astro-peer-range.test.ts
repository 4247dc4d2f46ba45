/**
 * A user's `npm install @cspkit/astro` beside the Astro they have: npm resolves the packed integration
 * (its package.json as published, test/support/peer-resolution.ts) beside an exact `astro` of every
 * major the tests build with. The control is the same tarball with the peer range of before
 * (`^5.0.0`), which npm refuses beside Astro 7 (ERESOLVE): the check can fail.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { peerRange, peerResolutions, type PeerResolution } from './support/peer-resolution.js'
import { packageVersion } from './support/real-sites.js'

/** The range of @cspkit/astro 0.1.0 before Astro 6 and 7 were tested: the control. */
const OLD_RANGE = '^5.0.0'
const RANGE = peerRange('astro', 'astro')
/** The Astro packages the tests build with (test/cli-astro.test.ts, test/astro-latest.test.ts). */
const ASTROS = ['astro', 'astro6', 'astro7'].map((pkg) => ({ pkg, version: packageVersion(pkg) }))

let resolutions: PeerResolution[]

beforeAll(async () => {
  resolutions = await peerResolutions({ dir: 'astro', name: '@cspkit/astro', peer: 'astro', versions: ASTROS.map((a) => a.version), oldRange: OLD_RANGE, controlVersion: packageVersion('astro7') })
}, 300_000)

describe(`@cspkit/astro's peer range (${RANGE}) as npm resolves it`, () => {
  it.each(ASTROS)('npm installs the packed @cspkit/astro beside astro@$version without a peer conflict', ({ version }) => {
    const found = resolutions.find((r) => r.range === RANGE && r.version === version)!
    expect(found.stderr).not.toContain('ERESOLVE')
    expect(found.code).toBe(0)
    expect(found.locked).toEqual({ version, peer: RANGE })
  })

  it(`control: with the range of before (${OLD_RANGE}) npm refuses it beside astro@${packageVersion('astro7')} (ERESOLVE), naming the peer`, () => {
    const found = resolutions.find((r) => r.range === OLD_RANGE)!
    expect(found.code).not.toBe(0)
    expect(found.stderr).toContain('ERESOLVE')
    expect(found.stderr).toContain(`peer astro@"${OLD_RANGE}" from @cspkit/astro@`)
  })
})
