import { diagnostic, type Diagnostic } from '../diagnostics.js'
import type { InlineContent } from './scan.js'

const KIND_LABEL: Readonly<Record<InlineContent['kind'], string>> = {
  script: 'inline <script>',
  style: 'inline <style>',
  'event-handler': 'event handler',
  'style-attribute': 'style="" attribute',
  'javascript-url': 'javascript: URL',
}

/**
 * Inline content that comes before the CSP meta in the page (a `style` attribute on `<html>`, a
 * handler on it, anything the parser meets before `<head>`): a meta governs only what the parser
 * meets after it (CSP-RULES d1), so browsers apply or run it whatever the policy says. Only a
 * header covers it. `metaOffset` is where the page's CSP meta is (or is written).
 */
export function beforeMetaDiagnostics(html: string, inline: readonly InlineContent[], metaOffset: number, file: string): Diagnostic[] {
  const meta = lineAndColumn(html, metaOffset)
  const early = inline.filter((item) => item.line < meta.line || (item.line === meta.line && item.column < meta.column))
  return early.map((item) =>
    diagnostic({
      code: 'INLINE_BEFORE_META',
      file: `${file}:${item.line}:${item.column}`,
      message: `The ${KIND_LABEL[item.kind]}${item.attribute ? ` (${item.attribute} on <${item.tag}>)` : ''} comes before the CSP <meta>, and a meta governs only what the parser meets after it, so the page's policy does not cover it (a style="" attribute there applies whatever the policy says).`,
      fix: `Move it after the start of <head> (a class instead of style="" on <${item.tag}>), or deliver the policy as a header from your host (hosts: ['netlify'], ['vercel'] …), which covers the whole page.`,
    }),
  )
}

// document.write / writeln called with markup that opens a <script> ("<scr" + "ipt" splits included).
const DOCUMENT_WRITE = /\bdocument\s*\.\s*write(?:ln)?\s*\(/
const SCRIPT_OPEN = /<\s*(?:\\\/)?scr/i

/**
 * An inline script that writes a `<script>` with `document.write`: that script's content exists only
 * at run time, so no build can hash it, and the policy blocks it (one with `src` loads only if
 * script-src allows its URL). Read from the text, so a warning.
 */
export function documentWriteDiagnostics(inline: readonly InlineContent[], file: string): Diagnostic[] {
  return inline
    .filter((item) => item.kind === 'script' && DOCUMENT_WRITE.test(item.text) && SCRIPT_OPEN.test(item.text))
    .map((item) =>
      diagnostic({
        code: 'DOCUMENT_WRITE_SCRIPT',
        file: `${file}:${item.line}:${item.column}`,
        message: `The inline <script> writes a <script> with document.write: what that script holds exists only when the page runs, so no build can hash it and the browser blocks it (a written <script src> loads only if 'script-src' allows its URL).`,
        fix: 'Put the written script in the page itself or in a file loaded with <script src>, or create it with document.createElement(\'script\') under \'strict-dynamic\'.',
      }),
    )
}

/** 1-based line and column of `offset`, counted as parse5 counts them (CRLF and lone CR are one line break). */
function lineAndColumn(html: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < html.length; i++) {
    const c = html.charCodeAt(i)
    if (c === 10 || (c === 13 && html.charCodeAt(i + 1) !== 10)) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
