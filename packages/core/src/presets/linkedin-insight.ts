import { definePreset, presetFactory } from './define.js'

/**
 * LinkedIn Insight Tag. NOT CONFIRMED against a vendor CSP page: LinkedIn's help articles on the
 * tag were not in the stored copies with a CSP list (searched 2026-12-01); `docs` is LinkedIn's
 * "Add the LinkedIn Insight Tag to your website" article. The hosts are those of the tag's code: the inline snippet loads
 * https://snap.licdn.com/li.lms-analytics/insight.min.js, which reports to px.ads.linkedin.com
 * (image and fetch) and syncs through www.linkedin.com.
 */
export const linkedinInsightPreset = definePreset({
  name: 'linkedin-insight',
  title: 'LinkedIn Insight Tag',
  docs: 'https://www.linkedin.com/help/lms/answer/a418880',
  checked: '2026-12-01',
  // Strict mode: its snippet is inline and inserts insight.min.js by script.
  strictDynamic: 'works',
  notes: 'No vendor CSP list in the stored copies; hosts from the tag. The inline snippet is hashed by cspkit.',
  directives: {
    'script-src': ['https://snap.licdn.com'],
    'connect-src': ['https://px.ads.linkedin.com'],
    'img-src': ['https://px.ads.linkedin.com', 'https://www.linkedin.com'],
  },
})

export const linkedinInsight = presetFactory(linkedinInsightPreset)
