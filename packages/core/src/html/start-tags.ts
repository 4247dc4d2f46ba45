import type { Token, TokenHandler } from 'parse5'
import { parse5 } from '../lazy.js'

/**
 * parse5's own tokenizer over a piece of markup, reporting only its start tags: attribute values
 * decoded exactly as the browser's tokenizer decodes them (character references included), with
 * locations relative to `source` when asked.
 */
export function tokenizeStartTags(source: string, onStartTag: (token: Token.TagToken) => void, locations = false): void {
  const ignore = () => {}
  const handler: TokenHandler = {
    onStartTag,
    onEndTag: ignore,
    onComment: ignore,
    onDoctype: ignore,
    onEof: ignore,
    onCharacter: ignore,
    onNullCharacter: ignore,
    onWhitespaceCharacter: ignore,
  }
  new (parse5().Tokenizer)({ sourceCodeLocationInfo: locations }, handler).write(source, true)
}
