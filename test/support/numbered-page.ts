/**
 * Page `i` of a generated test site: every kind of inline content (a `<style>`, a `style=""`, an
 * event handler, a `<script>`), different per page so every page gets its own hashes; `pad` bytes of
 * comment make it as large as a test needs.
 */
export function numberedPage(i: number, pad = 0): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Page ${i}</title>
<style>.n${i} { color: rgb(0, ${i % 200}, 0) }</style>
</head>
<body>
<p class="n${i}" style="margin: ${i}px">page ${i}</p>
<button onclick="window.clicked = ${i}">go</button>
<script>window.ran = ${i}</script>
${pad > 0 ? `<!-- ${'x'.repeat(pad)} -->\n` : ''}</body>
</html>
`
}
