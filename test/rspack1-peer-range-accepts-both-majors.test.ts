/**
 * A user's `npm install @cspkit/rspack` beside the Rspack they have: npm resolves the packed plugin
 * (its package.json as published) beside an exact `@rspack/core` of each major the tests build with,
 * 1.x (the alias rspack1) and 2.x, without a peer conflict. The control is the same tarball with the
 * peer range of before (`^2.0.0`), which npm refuses beside Rspack 1 (ERESOLVE): the check can fail.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { peerRange, peerResolutions, type PeerResolution } from './support/peer-resolution.js'
import { packageVersion } from './support/real-sites.js'

/** The range of @cspkit/rspack 0.1.0 before Rspack 1 was tested: the control. */
const OLD_RANGE = '^2.0.0'
const RANGE = peerRange('rspack', '@rspack/core')
/** The Rspack versions the tests build with (test/rspack1-*.test.ts, test/doors-bundlers.test.ts). */
const VERSIONS = [packageVersion('rspack1'), packageVersion('@rspack/core')]

let resolutions: PeerResolution[]

beforeAll(async () => {
  resolutions = await peerResolutions({ dir: 'rspack', name: '@cspkit/rspack', peer: '@rspack/core', versions: VERSIONS, oldRange: OLD_RANGE, controlVersion: VERSIONS[0]! })
}, 300_000)

describe(`@cspkit/rspack's peer range (${RANGE}) as npm resolves it`, () => {
  it('the versions resolved are one of each major, 1 and 2', () => {
    expect(VERSIONS.map((version) => version.split('.')[0])).toEqual(['1', '2'])
  })

  it.each(VERSIONS)('npm installs the packed @cspkit/rspack beside @rspack/core@%s without a peer conflict', (version) => {
    const found = resolutions.find((r) => r.range === RANGE && r.version === version)!
    expect(found.stderr).not.toContain('ERESOLVE')
    expect(found.code).toBe(0)
    expect(found.locked).toEqual({ version, peer: RANGE })
  })

  it(`control: with the range of before (${OLD_RANGE}) npm refuses it beside @rspack/core@${VERSIONS[0]} (ERESOLVE), naming the peer`, () => {
    const found = resolutions.find((r) => r.range === OLD_RANGE)!
    expect(found.code).not.toBe(0)
    expect(found.stderr).toContain('ERESOLVE')
    expect(found.stderr).toContain(`peer @rspack/core@"${OLD_RANGE}" from @cspkit/rspack@`)
  })
})
