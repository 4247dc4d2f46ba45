// Trimmed for the test (../../SOURCE.md): without the translation-status banner of
// vitepress-translation-helper, which only the trimmed locales use.
import Theme from 'vitepress/theme'
import './custom.css'

export default Theme
