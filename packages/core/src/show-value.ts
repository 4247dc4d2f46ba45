/**
 * A value as a message quotes it: JSON, with every code unit outside printable ASCII escaped
 * (`\u2028`, `\u00e4`), so a hostile value can neither break the message's line nor hide in it.
 */
export function showValue(value: unknown): string {
  const json = JSON.stringify(value) ?? typeof value
  return json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
