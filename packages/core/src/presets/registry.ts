import { gleapPreset } from './gleap.js'
import { adobeFontsPreset } from './adobe-fonts.js'
import { algoliaPreset } from './algolia.js'
import { chargebeePreset } from './chargebee.js'
import { cloudflareTurnstilePreset } from './cloudflare-turnstile.js'
import { cloudflareWebAnalyticsPreset } from './cloudflare-web-analytics.js'
import { contentsquarePreset } from './contentsquare.js'
import { crispPreset } from './crisp.js'
import { customerIoPreset } from './customer-io.js'
import { friendlyCaptchaPreset } from './friendly-captcha.js'
import { googleAnalyticsPreset } from './google-analytics.js'
import { googleMapsPreset } from './google-maps.js'
import { googleTagManagerPreset } from './google-tag-manager.js'
import { hcaptchaPreset } from './hcaptcha.js'
import { hotjarPreset } from './hotjar.js'
import { intercomPreset } from './intercom.js'
import { mapboxPreset } from './mapbox.js'
import { paypalPreset } from './paypal.js'
import { posthogPreset } from './posthog.js'
import { primerPreset } from './primer.js'
import { recaptchaPreset } from './recaptcha.js'
import { sentryPreset } from './sentry.js'
import { simpleAnalyticsPreset } from './simple-analytics.js'
import { squarePreset } from './square.js'
import { stripePreset } from './stripe.js'
import { usertourPreset } from './usertour.js'
import { plausiblePreset } from './plausible.js'
import { segmentPreset } from './segment.js'
import { mixpanelPreset } from './mixpanel.js'
import { amplitudePreset } from './amplitude.js'
import { hubspotPreset } from './hubspot.js'
import { youtubePreset } from './youtube.js'
import { vimeoPreset } from './vimeo.js'
import { googleFontsPreset } from './google-fonts.js'
import { auth0Preset } from './auth0.js'
import { firebasePreset } from './firebase.js'
import { supabasePreset } from './supabase.js'
import { vercelAnalyticsPreset } from './vercel-analytics.js'
import { vitepressPreset } from './vitepress.js'
import { pagefindPreset } from './pagefind.js'
import { nextThemesPreset } from './next-themes.js'
import { fathomPreset } from './fathom.js'
import { microsoftClarityPreset } from './microsoft-clarity.js'
import { iconifyPreset } from './iconify.js'
import { giscusPreset } from './giscus.js'
import { stackblitzPreset } from './stackblitz.js'
import { typeformPreset } from './typeform.js'
import { loomPreset } from './loom.js'
import { calComPreset } from './cal-com.js'
import { zendeskPreset } from './zendesk.js'
import { calendlyPreset } from './calendly.js'
import { tallyPreset } from './tally.js'
import { codepenPreset } from './codepen.js'
import { codesandboxPreset } from './codesandbox.js'
import { githubGistPreset } from './github-gist.js'
import { spotifyPreset } from './spotify.js'
import { xEmbedsPreset } from './x-embeds.js'
import { metaPixelPreset } from './meta-pixel.js'
import { linkedinInsightPreset } from './linkedin-insight.js'
import { cloudinaryPreset } from './cloudinary.js'
import { imgixPreset } from './imgix.js'
import { unsplashPreset } from './unsplash.js'
import { umamiPreset } from './umami.js'
import { goatcounterPreset } from './goatcounter.js'
import { matomoPreset } from './matomo.js'
import { ethicaladsPreset } from './ethicalads.js'
import { pirschPreset } from './pirsch.js'
import { talkjsPreset } from './talkjs.js'
import { inkeepPreset } from './inkeep.js'
import type { Preset } from './types.js'

/**
 * Every built-in preset, keyed by the name users type. One file per service; adding one is adding a
 * line here (the README table is generated from this object by scripts/presets-table.mjs).
 */
export const presets = Object.freeze({
  gleap: gleapPreset,
  'adobe-fonts': adobeFontsPreset,
  algolia: algoliaPreset,
  chargebee: chargebeePreset,
  'cloudflare-turnstile': cloudflareTurnstilePreset,
  'cloudflare-web-analytics': cloudflareWebAnalyticsPreset,
  contentsquare: contentsquarePreset,
  crisp: crispPreset,
  'customer-io': customerIoPreset,
  'friendly-captcha': friendlyCaptchaPreset,
  'google-analytics': googleAnalyticsPreset,
  'google-maps': googleMapsPreset,
  'google-tag-manager': googleTagManagerPreset,
  hcaptcha: hcaptchaPreset,
  hotjar: hotjarPreset,
  intercom: intercomPreset,
  mapbox: mapboxPreset,
  paypal: paypalPreset,
  posthog: posthogPreset,
  primer: primerPreset,
  recaptcha: recaptchaPreset,
  sentry: sentryPreset,
  'simple-analytics': simpleAnalyticsPreset,
  square: squarePreset,
  stripe: stripePreset,
  usertour: usertourPreset,
  plausible: plausiblePreset,
  segment: segmentPreset,
  mixpanel: mixpanelPreset,
  amplitude: amplitudePreset,
  hubspot: hubspotPreset,
  youtube: youtubePreset,
  vimeo: vimeoPreset,
  'google-fonts': googleFontsPreset,
  auth0: auth0Preset,
  firebase: firebasePreset,
  supabase: supabasePreset,
  'vercel-analytics': vercelAnalyticsPreset,
  vitepress: vitepressPreset,
  pagefind: pagefindPreset,
  'next-themes': nextThemesPreset,
  fathom: fathomPreset,
  'microsoft-clarity': microsoftClarityPreset,
  iconify: iconifyPreset,
  giscus: giscusPreset,
  stackblitz: stackblitzPreset,
  typeform: typeformPreset,
  loom: loomPreset,
  'cal-com': calComPreset,
  zendesk: zendeskPreset,
  calendly: calendlyPreset,
  tally: tallyPreset,
  codepen: codepenPreset,
  codesandbox: codesandboxPreset,
  'github-gist': githubGistPreset,
  spotify: spotifyPreset,
  'x-embeds': xEmbedsPreset,
  'meta-pixel': metaPixelPreset,
  'linkedin-insight': linkedinInsightPreset,
  cloudinary: cloudinaryPreset,
  imgix: imgixPreset,
  unsplash: unsplashPreset,
  umami: umamiPreset,
  goatcounter: goatcounterPreset,
  matomo: matomoPreset,
  ethicalads: ethicaladsPreset,
  pirsch: pirschPreset,
  talkjs: talkjsPreset,
  inkeep: inkeepPreset,
} satisfies Record<string, Preset>)

export type PresetName = keyof typeof presets

export const PRESET_NAMES: readonly PresetName[] = Object.freeze(Object.keys(presets) as PresetName[])
