import { definePreset, presetFactory } from './define.js'

/**
 * Vercel Web Analytics. Vercel has no CSP page for it: the hosts are the ones its package docs
 * describe (https://vercel.com/docs/analytics/package, checked 2026-11-24): on Vercel the script and
 * its events are on your own origin (/_vercel/insights/…); the @vercel/analytics package loads its
 * debug script from va.vercel-scripts.com in development.
 *
 * Tested with @vercel/analytics 2.0 in Chromium (test/presets-sdks-2.test.ts). A production build
 * loads /_vercel/insights/script.js and its script sends to /_vercel/insights/… on the site's own
 * origin: cspkit's default policy ('self') already allows that, with or without this preset. The
 * package picks development mode (va.vercel-scripts.com/v1/script.debug.js) from `mode` or from
 * NODE_ENV being 'development' or 'test' when the bundle is built, which the bundler inlines: a
 * build run under a test runner ships the debug script. That host is this preset's only addition
 * to the default policy. Both scripts are served by Vercel, not on npm (stand-ins in the test).
 */
export const vercelAnalyticsPreset = definePreset({
  name: 'vercel-analytics',
  title: 'Vercel Web Analytics',
  docs: 'https://vercel.com/docs/analytics/package',
  checked: '2026-11-24',
  // Strict mode: @vercel/analytics inserts its script by script.
  strictDynamic: 'works',
  sdk: '@vercel/analytics',
  sdkStandIn: "the insights script",
  notes: "No vendor CSP page; hosts from the package docs. Deployed on Vercel it is first-party ('self'): the default policy already allows it. va.vercel-scripts.com serves the development-mode script (mode 'development', or NODE_ENV development/test at build time).",
  directives: {
    'script-src': ["'self'", 'https://va.vercel-scripts.com'],
    'connect-src': ["'self'"],
  },
})

export const vercelAnalytics = presetFactory(vercelAnalyticsPreset)
