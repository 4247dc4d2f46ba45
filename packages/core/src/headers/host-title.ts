import type { HostName } from './host-options.js'

/** Each host as its vendor writes it in prose: messages say "the headers Netlify sends", not "netlify". */
export const HOST_TITLES: Readonly<Record<HostName, string>> = Object.freeze({
  netlify: 'Netlify',
  'netlify-toml': 'Netlify',
  cloudflare: 'Cloudflare',
  vercel: 'Vercel',
  nginx: 'nginx',
  caddy: 'Caddy',
  apache: 'Apache',
  'github-pages': 'GitHub Pages',
  firebase: 'Firebase Hosting',
  'azure-swa': 'Azure Static Web Apps',
  'vercel-output': 'Vercel',
  'netlify-frameworks': 'Netlify',
  amplify: 'AWS Amplify Hosting',
})

export function hostTitle(host: HostName): string {
  return HOST_TITLES[host] ?? host
}
