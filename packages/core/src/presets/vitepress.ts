import { definePreset, presetFactory } from './define.js'

/**
 * VitePress default theme. Not a third-party service: the theme's appearance switch (VueUse
 * useColorMode) inserts this <style> at run time to pause transitions while the colour scheme
 * changes (VueUse 12.8.2's CSS_DISABLE_TRANS, the `*,*::before,*::after{…transition:none!important}`
 * rule). Content added at run time is not in the built HTML, so cspkit cannot hash it; its hash is
 * fixed. Measured on VitePress 1.6.4 in Chromium (test/fixtures/vitepress-site, test/cli-vitepress.test.ts),
 * 2026-11-24.
 */
export const vitepressPreset = definePreset({
  name: 'vitepress',
  title: 'VitePress default theme',
  docs: 'https://vitepress.dev/reference/default-theme-config#appearance',
  checked: '2026-11-24',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  notes: "The hash of the <style> VitePress 1.6.4's appearance switch inserts at run time (measured in Chromium, not from vendor docs). Other VitePress versions may insert a different style.",
  directives: {
    'style-src': ["'sha256-skqujXORqzxt1aE0NNXxujEanPTX6raoqSscTV/Ww/Y='"],
  },
})

export const vitepress = presetFactory(vitepressPreset)
