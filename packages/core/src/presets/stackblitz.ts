import { definePreset, presetFactory } from './define.js'

/**
 * StackBlitz embeds. StackBlitz has no CSP page (none in the stored copies, 2026-12-01): the host is
 * the one its embedding docs (https://developer.stackblitz.com/guides/integration/embedding) and
 * `@stackblitz/sdk` 1.11 use: embedProjectId / embedGithubProject replace an element with an iframe
 * of https://stackblitz.com (/edit/<id>?embed=1, /github/<repo>?embed=1). What runs inside that
 * frame (WebContainers, the preview) is governed by StackBlitz's own policy, not the page's.
 *
 * Why there are hashes: without a `width` option the SDK sets style="width:100%;" on its iframe, a
 * style attribute set at run time (style-src-attr, with 'unsafe-hashes'). And embedProject (a
 * project made from files) writes a document into an about:blank iframe, which inherits the page's
 * policy: a hidden form
 * (style="display:none!important;") and an inline `document.getElementById('sb_run').submit();`
 * that POSTs the files to stackblitz.com/run (form-action). Without the script's hash the browser
 * blocks it and the embed stays blank. The texts are fixed in the SDK (setFrameDimensions, createProjectFrameHTML);
 * packages/core/test/presets-vendors.test.ts recomputes the hashes from the installed SDK.
 *
 * Proven with @stackblitz/sdk in Chromium (test/presets-sdks-6.test.ts), both variants: the SDK's
 * own code and connection handshake; the editor page is StackBlitz's and a stand-in.
 */
export const STACKBLITZ_SUBMIT_SCRIPT_HASH = "'sha256-/ENZiniM/oUORwh2vOMqctTWGlv74LCi2uG9JN6/Wws='" // document.getElementById('sb_run').submit();
export const STACKBLITZ_FRAME_STYLE_HASH = "'sha256-nMxMqdZhkHxz5vAuW/PAoLvECzzsmeAxD/BNwG15HuA='" // width:100%;
export const STACKBLITZ_FORM_STYLE_HASH = "'sha256-/xlTywVodeoTvZ3dyIDf08dkZ8a+RHH+V6j35AilqkA='" // display:none!important;

export const stackblitzPreset = definePreset({
  name: 'stackblitz',
  title: 'StackBlitz embeds',
  docs: 'https://developer.stackblitz.com/guides/integration/embedding',
  checked: '2026-12-01',
  // Strict mode: @stackblitz/sdk is bundled.
  strictDynamic: 'works',
  sdk: '@stackblitz/sdk',
  sdkStandIn: 'the editor page',
  notes:
    "No vendor CSP page; host from the embedding docs and the SDK. Adds the hash of the style=\"width:100%;\" the SDK sets on its frame (no width option). Default: embedProjectId / embedGithubProject / <iframe> embeds. 'project': embedProject, whose about:blank frame inherits the page's policy: adds the hashes of its inline submit script and form style, and form-action for the POST to stackblitz.com.",
  defaultVariant: 'embed',
  directives: {
    'frame-src': ['https://stackblitz.com'],
    'style-src-attr': ["'unsafe-hashes'", STACKBLITZ_FRAME_STYLE_HASH],
  },
  variants: {
    project: {
      'frame-src': ['https://stackblitz.com'],
      'form-action': ['https://stackblitz.com'],
      'script-src': [STACKBLITZ_SUBMIT_SCRIPT_HASH],
      'style-src-attr': ["'unsafe-hashes'", STACKBLITZ_FRAME_STYLE_HASH, STACKBLITZ_FORM_STYLE_HASH],
    },
  },
})

export const stackblitz = presetFactory(stackblitzPreset)
