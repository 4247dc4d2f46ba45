import type { HostFile } from './plan.js'
import { AZURE_SWA_MAX_BYTES } from './writers/azure-swa.js'

/**
 * The summary line's headroom for the platform hosts' files (rules in the file; Azure SWA's 20 KB
 * file limit), or undefined for the other hosts.
 */
export function platformHeadroom(file: HostFile): string | undefined {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  switch (file.host) {
    case 'firebase':
      // hosting.headers is one "headers" list, and each rule holds another.
      return count(Math.max(0, file.text.split(/"headers"\s*:\s*\[/).length - 2), 'rule')
    case 'azure-swa': {
      const bytes = Buffer.byteLength(file.text)
      return `${bytes.toLocaleString('en')} of ${AZURE_SWA_MAX_BYTES.toLocaleString('en')} bytes`
    }
    case 'vercel-output':
      return count((file.text.match(/"src":/g) ?? []).length, 'route')
    case 'netlify-frameworks':
      return count((file.text.match(/"for":/g) ?? []).length, 'rule')
    case 'amplify':
      return count((file.text.match(/^\s*-\s+pattern:/gm) ?? []).length, 'rule')
    default:
      return undefined
  }
}
