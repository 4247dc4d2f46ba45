import { definePreset, presetFactory } from './define.js'

/**
 * StackBlitz embeds. StackBlitz has no CSP page (none in the stored copies, 2026-12-01): the host is
 * the one its embedding docs (https://developer.stackblitz.com/guides/integration/embedding) and
 * `@stackblitz/sdk` 1.11 use: the SDK replaces an element with an iframe of https://stackblitz.com
 * (/edit/<id>?embed=1, /github/<repo>?embed=1). What runs inside that frame (WebContainers, the
 * preview) is governed by StackBlitz's own policy, not the page's.
 *
 * Proven with @stackblitz/sdk in Chromium (test/presets-sdks-6.test.ts): embedProjectId's own code,
 * the editor page a stand-in. embedProject (a project from files) posts a form into the frame,
 * which form-action also governs: the preset lists stackblitz.com there too.
 */
export const stackblitzPreset = definePreset({
  name: 'stackblitz',
  title: 'StackBlitz embeds',
  docs: 'https://developer.stackblitz.com/guides/integration/embedding',
  checked: '2026-12-01',
  sdk: '@stackblitz/sdk',
  sdkStandIn: 'the editor page',
  notes: 'No vendor CSP page; host from the embedding docs and the SDK. form-action: embedProject/openProject post the files to stackblitz.com.',
  directives: {
    'frame-src': ['https://stackblitz.com'],
    'form-action': ['https://stackblitz.com'],
  },
})

export const stackblitz = presetFactory(stackblitzPreset)
