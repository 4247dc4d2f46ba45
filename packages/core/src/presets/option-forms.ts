/**
 * The grammars a free-text preset option may follow. A value is pasted into a source template
 * (`https://{site}.chargebee.com/`), so anything beyond its grammar (a `*`, a space, a quote, a
 * scheme, a port, a path, one label too many) could add a source or widen one. Each grammar is
 * strict on purpose: the value must be exactly the piece the template expects.
 */

/** The grammar of a preset option without `values`. */
export type OptionForm =
  /** One DNS label, the subdomain in `https://{site}.vendor.com`: letters, digits, inner '-'. */
  | 'dns-label'
  /** A full domain name of two or more labels, for `https://{domain}`: e.g. `'example.us.auth0.com'`. */
  | 'domain'
  /** The end of a Google domain after `google.`: `com`, `cat`, a country code, or `co.`/`com.` and one (`co.uk`, `com.au`). */
  | 'google-tld'
  /** A host name or one label of it (the form of users' own presets' options that name none). */
  | 'host-name'

export const OPTION_FORMS: readonly OptionForm[] = Object.freeze(['dns-label', 'domain', 'google-tld', 'host-name'])

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
// A top-level label starts with a letter: an all-digit end would make the value an IP address, not a domain.
const TOP_LABEL = '[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'

const GRAMMARS: Readonly<Record<OptionForm, { readonly pattern: RegExp; readonly expected: string; readonly example: string }>> = {
  'dns-label': {
    pattern: new RegExp(`^${LABEL}$`),
    expected: "one DNS label (letters, digits and inner '-', at most 63), no dots",
    example: "'my-site'",
  },
  domain: {
    pattern: new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)+${TOP_LABEL}$`),
    expected: "a domain name of two or more dot-separated labels (letters, digits and inner '-'), without scheme, port or path",
    example: "'analytics.example.com'",
  },
  'google-tld': {
    pattern: /^(?:com|cat|[A-Za-z]{2}|(?:co|com)\.[A-Za-z]{2})$/,
    expected: "the end of a Google domain: 'com', a two-letter country code, or 'co.' or 'com.' and one",
    example: "'de', 'co.uk' or 'com.au'",
  },
  'host-name': {
    pattern: new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`),
    expected: "a host name or one label of it (letters, digits, '-' and '.')",
    example: "'my-site' or 'example.us.auth0.com'",
  },
}

/** True when `value` is a complete, well-formed value of `form`. */
export function matchesForm(value: string, form: OptionForm): boolean {
  return GRAMMARS[form].pattern.test(value)
}

/** What a value of `form` looks like, in words, and an example, for OPTION_INVALID. */
export function describeForm(form: OptionForm): { readonly expected: string; readonly example: string } {
  return GRAMMARS[form]
}
