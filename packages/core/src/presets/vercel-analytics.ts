import { definePreset, presetFactory } from './define.js'

/**
 * Vercel Web Analytics. Vercel has no CSP page for it: the hosts are the ones its package docs
 * describe (https://vercel.com/docs/analytics/package, checked 2026-11-24): on Vercel the script and
 * its events are on your own origin (/_vercel/insights/…); the @vercel/analytics package loads its
 * debug script from va.vercel-scripts.com in development.
 */
export const vercelAnalyticsPreset = definePreset({
  name: 'vercel-analytics',
  title: 'Vercel Web Analytics',
  docs: 'https://vercel.com/docs/analytics/package',
  checked: '2026-11-24',
  notes: "No vendor CSP page; hosts from the package docs. Deployed on Vercel it is first-party ('self'); va.vercel-scripts.com serves the package's development script.",
  directives: {
    'script-src': ["'self'", 'https://va.vercel-scripts.com'],
    'connect-src': ["'self'"],
  },
})

export const vercelAnalytics = presetFactory(vercelAnalyticsPreset)
