// Generates the README's options table from the JSDoc of `Options` in packages/core/src/options.ts
// (and the option interfaces it nests), so the table cannot drift from the code.
// `node scripts/options-table.mjs` rewrites each README in READMES between the markers; test/readme.test.ts fails on drift.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
const SOURCE = `${root}packages/core/src/options.ts`
// The same table in the project README and in each bundler package's README.
export const READMES = ['README.md', 'packages/vite/README.md', 'packages/webpack/README.md', 'packages/rollup/README.md', 'packages/rolldown/README.md', 'packages/rspack/README.md', 'packages/astro/README.md']
export const START = '<!-- options:start -->'
export const END = '<!-- options:end -->'

export function renderOptionsTable() {
  const program = ts.createProgram([SOURCE], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const file = program.getSourceFile(SOURCE)
  const options = file.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'Options')
  const rows = []
  const visit = (type, prefix) => {
    for (const symbol of type.getProperties()) {
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0]
      if (!declaration || !ts.isPropertySignature(declaration)) continue
      const name = `${prefix}${symbol.name}`
      const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim()
      const defaultTag = symbol.getJsDocTags(checker).find((t) => t.name === 'default')
      const defaultText = defaultTag ? ts.displayPartsToString(defaultTag.text).replace(/\s+/g, ' ').trim() : ''
      const typeText = typeLabel(checker, declaration)
      const nested = nestedOptions(checker, checker.getNonNullableType(checker.getTypeOfSymbol(symbol)))
      rows.push(`| \`${name}\` | ${code(nested && !typeText.includes('|') ? 'object' : typeText)} | ${code(defaultText)} | ${cell(doc)} |`)
      if (nested) visit(nested, `${name}.`)
    }
  }
  visit(checker.getTypeAtLocation(options.name), '')
  return [START, '| option | type | default | what it does |', '|---|---|---|---|', ...rows, END].join('\n')
}

/** The type as written, with aliases of literal unions ('sha256' | …) spelled out. */
function typeLabel(checker, declaration) {
  const written = declaration.type.getText().replace(/\s+/g, ' ')
  const type = checker.getTypeFromTypeNode(declaration.type)
  const members = type.isUnion() ? type.types : [type]
  const literal = (t) => t.isLiteral() || (t.flags & ts.TypeFlags.BooleanLiteral) !== 0
  if (ts.isTypeReferenceNode(declaration.type) && members.every(literal)) {
    const names = members.map((t) => checker.typeToString(t).replace(/^"(.*)"$/, "'$1'"))
    // `true | false` is boolean.
    return names.join(' | ').replace('false | true', 'boolean')
  }
  return written
}

/** The object type of an option that has options of its own (an interface or type literal of ours), if any. */
function nestedOptions(checker, type) {
  const candidates = type.isUnion() ? type.types : [type]
  return candidates.find((t) => {
    if (!(t.flags & ts.TypeFlags.Object) || checker.isArrayType(t) || t.getCallSignatures().length > 0) return false
    if (checker.getIndexInfosOfType(t).length > 0) return false
    const props = t.getProperties()
    return props.length > 0 && props.every((p) => p.declarations?.some((d) => d.getSourceFile().fileName.includes('/packages/core/src/')))
  })
}

const code = (text) => (text ? `\`${text.replace(/`/g, '').replace(/\|/g, '\\|')}\`` : '')
const cell = (text) => text.replace(/\|/g, '\\|')

export function readmeWithTable(readme, table) {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < 0) throw new Error(`README.md needs the markers ${START} and ${END}`)
  return readme.slice(0, start) + table + readme.slice(end + END.length)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const table = renderOptionsTable()
  for (const readme of READMES) writeFileSync(`${root}${readme}`, readmeWithTable(readFileSync(`${root}${readme}`, 'utf8'), table))
  console.log(`Options table updated in ${READMES.join(', ')}.`)
}
