/**
 * Syntax of one source expression (CSP3 §2.3.1 grammar), with a message that says what is wrong and
 * how to write it. Browsers skip an invalid source with a console message and apply the rest, so
 * the policy silently allows less (or, for a typo in a keyword, more) than its author meant.
 */
import { closest } from '../options.js'
import { KEYWORDS } from '../policy/source.js'
import { DIRECTIVES } from './directives.js'

export type SourceProblemCode =
  | 'POLICY_INVALID_HASH'
  | 'POLICY_INVALID_NONCE'
  | 'POLICY_INVALID_SOURCE'
  | 'POLICY_UNKNOWN_KEYWORD'
  | 'POLICY_UNQUOTED_KEYWORD'
  | 'POLICY_SYNTAX'

export interface SourceProblem {
  readonly code: SourceProblemCode
  readonly message: string
  readonly fix: string
}

/** Digest length in bytes of each algorithm CSP accepts. */
const DIGEST_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 }

/** Old or never-shipped spellings people copy from outdated posts, with their CSP3 name. */
const RENAMED_KEYWORDS: Readonly<Record<string, string>> = {
  'wasm-eval': 'wasm-unsafe-eval',
  'unsafe-hashed-attributes': 'unsafe-hashes',
  'unsafe-dynamic': 'strict-dynamic',
  'unsafe-inline-attributes': 'unsafe-hashes',
}

const BASE64_VALUE = /^[A-Za-z0-9+/_-]+={0,2}$/
const SCHEME_SOURCE = /^[a-z][a-z0-9+.-]*:$/i
const SCHEME_PART = /^[a-z][a-z0-9+.-]*$/i
const HOST_PART = /^(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)$/i
const PORT_PART = /^(?:[0-9]+|\*)$/
// RFC 3986 path characters, without ";" and "," which end a source or a policy.
const PATH_PART = /^\/(?:[A-Za-z0-9\-._~!$&'()*+=:@/]|%[0-9A-Fa-f]{2})*$/

/** Returns what is wrong with `token` as a source in `directive`, or undefined when it is valid. */
export function checkSourceExpression(token: string, directive: string): SourceProblem | undefined {
  if (token.startsWith("'")) return checkQuoted(token, directive)
  const lower = token.toLowerCase()
  if (/^(sha\d*|md5|nonce)-./i.test(token))
    return {
      code: 'POLICY_UNQUOTED_KEYWORD',
      message: `'${directive}' has ${token} without single quotes; browsers read it as a host name and ignore it as a ${lower.startsWith('nonce') ? 'nonce' : 'hash'}.`,
      fix: `Write "'${token}'" (with the single quotes inside the string).`,
    }
  if (RENAMED_KEYWORDS[lower])
    return {
      code: 'POLICY_UNQUOTED_KEYWORD',
      message: `'${directive}' has ${token}, which is neither a host nor a keyword.`,
      fix: `Write "'${RENAMED_KEYWORDS[lower]}'" (the CSP3 keyword, with its single quotes).`,
    }
  if (DIRECTIVES.has(lower))
    return {
      code: 'POLICY_SYNTAX',
      message: `'${directive}' has the source ${token}, which is a directive name: a ";" is probably missing before it.`,
      fix: `End '${directive}' with ";" before '${token}', or give '${token}' its own entry in the policy object.`,
    }
  if (token === '*' || SCHEME_SOURCE.test(token)) return undefined
  return checkHostSource(token, directive)
}

function checkQuoted(token: string, directive: string): SourceProblem | undefined {
  const inner = token.slice(1, -1)
  if (token.length < 2 || !token.endsWith("'") || inner.includes("'"))
    return {
      code: 'POLICY_INVALID_SOURCE',
      message: `'${directive}' has ${token}, whose single quotes do not pair up.`,
      fix: `Quote keywords, hashes and nonces as a whole, e.g. "'self'"; write hosts and schemes without quotes.`,
    }
  const lower = inner.toLowerCase()
  if (lower === 'none' || KEYWORDS.includes(lower)) return undefined
  const hash = /^(sha\d*|md5)-(.*)$/i.exec(inner)
  if (hash) return checkHash(token, hash[1]!.toLowerCase(), hash[2]!, directive)
  if (lower.startsWith('nonce-')) return checkNonce(token, inner.slice('nonce-'.length), directive)
  const renamed = RENAMED_KEYWORDS[lower]
  const suggestion = renamed ?? closest(lower, ['none', ...KEYWORDS])
  return {
    code: 'POLICY_UNKNOWN_KEYWORD',
    message: `'${directive}' has ${token}, which is not a CSP keyword${renamed ? ` (it was renamed to '${renamed}')` : ''}; browsers ignore it.`,
    fix: renamed
      ? `Write "'${renamed}'".`
      : suggestion
        ? `Did you mean "'${suggestion}'"?`
        : `Use a CSP keyword such as "'self'" or a hash "'sha256-…'", or write a host without quotes.`,
  }
}

function checkHash(token: string, algorithm: string, digest: string, directive: string): SourceProblem | undefined {
  const bytes = DIGEST_BYTES[algorithm]
  if (bytes === undefined)
    return {
      code: 'POLICY_INVALID_HASH',
      message: `'${directive}' has ${token}: ${algorithm} is not a hash algorithm CSP accepts, so browsers ignore it.`,
      fix: `Hash with sha256, sha384 or sha512 and write e.g. "'sha256-<base64 digest>'" (cspkit adds hashes of inline content itself).`,
    }
  const core = digest.replace(/=+$/, '')
  const expected = Math.ceil((bytes * 4) / 3)
  if (new RegExp(`^[0-9a-f]{${bytes * 2}}$`, 'i').test(digest))
    return {
      code: 'POLICY_INVALID_HASH',
      message: `'${directive}' has ${token}, whose digest is hexadecimal; CSP hashes are base64.`,
      fix: `Encode the ${bytes}-byte digest as base64 (e.g. \`openssl dgst -${algorithm} -binary | base64\`), ${expected + ((4 - (expected % 4)) % 4)} characters.`,
    }
  if (!BASE64_VALUE.test(digest))
    return {
      code: 'POLICY_INVALID_HASH',
      message: `'${directive}' has ${token}, whose digest has characters outside base64 (A–Z, a–z, 0–9, "+", "/", or "-", "_", then "=" padding).`,
      fix: `Copy the digest again from the browser console or from cspkit's report; only base64 characters belong after '${algorithm}-'.`,
    }
  const padded = expected + ((4 - (expected % 4)) % 4)
  if (core.length !== expected || (digest.length !== core.length && digest.length !== padded))
    return {
      code: 'POLICY_INVALID_HASH',
      message: `'${directive}' has ${token}, whose digest is ${digest.length} character${digest.length === 1 ? '' : 's'}; a ${algorithm} digest in base64 is ${padded} (${bytes} bytes), so this one matches nothing.`,
      fix: `Copy the whole digest again (it may be cut off), or change the algorithm prefix to the one it was made with.`,
    }
  // Chromium and WebKit accept a digest without its padding; Firefox does not, and blocks the content.
  if (digest.length !== padded)
    return {
      code: 'POLICY_INVALID_HASH',
      message: `'${directive}' has ${token}, whose digest lacks its "=" padding; Firefox ignores such a hash (Chromium and WebKit accept it), so the content it allows is blocked in Firefox.`,
      fix: `Write it as '${algorithm}-${core}${'='.repeat(padded - core.length)}'.`,
    }
  return undefined
}

function checkNonce(token: string, value: string, directive: string): SourceProblem | undefined {
  if (BASE64_VALUE.test(value)) return undefined
  return {
    code: 'POLICY_INVALID_NONCE',
    message: `'${directive}' has ${token}, whose value is ${value ? 'not base64 (A–Z, a–z, 0–9, "+", "/", "-", "_", then "=" padding)' : 'empty'}; browsers ignore it.`,
    fix: `Use a random base64 value of at least 16 bytes, e.g. "'nonce-${'R4nd0mB4se64V4lue'}'".`,
  }
}

function checkHostSource(token: string, directive: string): SourceProblem | undefined {
  const invalid = (why: string, fix: string): SourceProblem => ({
    code: 'POLICY_INVALID_SOURCE',
    message: `'${directive}' has the source ${token}, which ${why}; browsers ignore it.`,
    fix,
  })
  // eslint-disable-next-line no-control-regex
  if (/[^\x21-\x7e]/.test(token))
    return invalid('has characters outside printable ASCII', 'Write international domain names in punycode (xn--…), and percent-encode paths.')
  if (token.startsWith('//'))
    return invalid('starts with "//" (a scheme-relative URL is not a CSP source)', `Write the host alone (${token.slice(2)}) or with its scheme (https:${token}).`)
  let rest = token
  const schemeEnd = rest.indexOf('://')
  if (schemeEnd !== -1) {
    const scheme = rest.slice(0, schemeEnd)
    if (!SCHEME_PART.test(scheme))
      return invalid(`has "${scheme}" where a scheme belongs`, 'Write e.g. https://cdn.example.com.')
    rest = rest.slice(schemeEnd + 3)
  }
  if (/[?#]/.test(rest))
    return invalid('has a query or fragment, which CSP sources cannot match', `Drop everything from "${/[?#]/.exec(rest)![0]}" on: ${token.replace(/[?#].*$/, '')}.`)
  const slash = rest.indexOf('/')
  const authority = slash === -1 ? rest : rest.slice(0, slash)
  const path = slash === -1 ? '' : rest.slice(slash)
  if (authority.startsWith('['))
    return invalid('is an IPv6 address, which CSP source syntax has no form for', 'Allow the site by host name instead.')
  if (authority.includes('@'))
    return invalid('has user information ("…@") in it', 'Write the host only, e.g. https://cdn.example.com.')
  const colon = authority.lastIndexOf(':')
  const host = colon === -1 ? authority : authority.slice(0, colon)
  const port = colon === -1 ? undefined : authority.slice(colon + 1)
  if (host === '')
    return invalid('has no host', schemeEnd !== -1 ? `To allow every URL of the scheme, write "${token.slice(0, schemeEnd)}:"; otherwise add the host.` : 'Add the host, e.g. cdn.example.com.')
  if (!HOST_PART.test(host))
    return host.includes('*')
      ? invalid('has "*" somewhere other than the start of the host', 'A wildcard may only replace the leftmost labels: write *.example.com.')
      : invalid(`has the host "${host}", with characters a host name cannot have (letters, digits, "-" and "." only)`, 'Check the spelling; write the host without spaces or underscores.')
  if (port !== undefined && !PORT_PART.test(port))
    return invalid(`has the port "${port}", which is neither digits nor "*"`, `Write e.g. ${host}:8443, or leave the port out.`)
  if (path && !PATH_PART.test(path))
    return invalid(`has the path "${path}", with characters a URL path cannot have unencoded`, 'Percent-encode them (space is %20).')
  return undefined
}
