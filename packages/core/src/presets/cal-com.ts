import { definePreset, presetFactory } from './define.js'

/**
 * Cal.com embeds. Cal.com has no CSP page (none in the stored copies, 2026-12-01): the host is the
 * one its embed docs (https://cal.com/docs/core-features/embed/install-embed) and
 * `@calcom/embed-snippet` 1.3 use: the snippet loads https://app.cal.com/embed/embed.js, which
 * frames the booking page from https://app.cal.com/<user>/<event>?embed=… (inline, floating
 * button or modal).
 *
 * Tested with @calcom/embed-snippet in Chromium (test/presets-sdks-6b.test.ts): the snippet's own
 * code and queue; embed.js (embed-core) is served by Cal.com and a stand-in frames the booking
 * page as it does, so the proof covers the snippet and the hosts. A self-hosted Cal.com needs its
 * own origin instead.
 */
export const calComPreset = definePreset({
  name: 'cal-com',
  title: 'Cal.com embeds',
  docs: 'https://cal.com/docs/core-features/embed/install-embed',
  checked: '2026-12-01',
  // Strict mode: its embed snippet is inline and inserts embed.js by script.
  strictDynamic: 'works',
  sdk: '@calcom/embed-snippet',
  sdkStandIn: 'embed.js and the booking page',
  notes: 'No vendor CSP page; host from the embed docs and the snippet. Self-hosted Cal.com: use your instance origin instead.',
  directives: {
    'script-src': ['https://app.cal.com'],
    'frame-src': ['https://app.cal.com'],
  },
})

export const calCom = presetFactory(calComPreset)
