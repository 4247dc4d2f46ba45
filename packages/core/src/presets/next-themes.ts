import { definePreset, presetFactory } from './define.js'

/**
 * next-themes (the theme switch of Nextra and many Next.js sites). With `disableTransitionOnChange`
 * its switch inserts a fixed <style> at run time to pause transitions while the theme changes
 * (`*,*::before,*::after{-webkit-transition:none!important;…}`, the same rule VueUse uses, so the same
 * hash as the `vitepress` preset). Content added at run time is not in the built HTML, so cspkit
 * cannot hash it from the pages. Measured with next-themes as Nextra 4.6.1 ships it, in Chromium
 * (test/real-site-nextra-export.test.ts), 2026-12-01.
 */
export const nextThemesPreset = definePreset({
  name: 'next-themes',
  title: 'next-themes theme switch',
  docs: 'https://github.com/pacocoursey/next-themes#disable-transitions-on-theme-change',
  checked: '2026-12-01',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  notes: 'The hash of the <style> next-themes inserts while switching themes with disableTransitionOnChange (measured in Chromium, not from vendor docs).',
  directives: {
    'style-src': ["'sha256-skqujXORqzxt1aE0NNXxujEanPTX6raoqSscTV/Ww/Y='"],
  },
})

export const nextThemes = presetFactory(nextThemesPreset)
