import { definePreset, presetFactory } from './define.js'

/**
 * CodeSandbox embeds. CodeSandbox has no CSP page (none in the stored copies, 2026-12-01): the host
 * is that of its embed docs (https://codesandbox.io/docs/learn/sandboxes/embedding): an iframe of
 * https://codesandbox.io/embed/<id> (or /p/… for the newer editor). The sandbox preview inside
 * (*.csb.app) is framed by CodeSandbox's document, so the page's frame-src does not govern it.
 */
export const codesandboxPreset = definePreset({
  name: 'codesandbox',
  title: 'CodeSandbox embeds',
  docs: 'https://codesandbox.io/docs/learn/sandboxes/embedding',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  notes: 'No vendor CSP page; host from the embed docs. Only the outer frame is for the page to allow.',
  directives: {
    'frame-src': ['https://codesandbox.io'],
  },
})

export const codesandbox = presetFactory(codesandboxPreset)
