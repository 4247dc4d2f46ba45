import { definePreset, presetFactory } from './define.js'

/**
 * Supabase (supabase-js). Supabase has no CSP page: the hosts are the project URL its client docs
 * initialise with (https://supabase.com/docs/reference/javascript/initializing, checked 2026-11-24):
 * https://<project>.supabase.co for REST, Auth and Storage, and wss://<project>.supabase.co for Realtime.
 *
 * Proven with @supabase/supabase-js 2.119 in Chromium (test/presets-sdks-2.test.ts, 'project'
 * variant): a select (GET /rest/v1/todos) and a Realtime postgres_changes subscription over
 * wss://<project>.supabase.co/realtime/v1/websocket that reached SUBSCRIBED, zero violations.
 * Not covered: Storage files shown in the page (<img src> of a public object URL) need img-src
 * for the project host, which this preset does not add.
 */
export const supabasePreset = definePreset({
  name: 'supabase',
  title: 'Supabase (supabase-js)',
  docs: 'https://supabase.com/docs/reference/javascript/initializing',
  checked: '2026-11-24',
  // Strict mode: it adds no script sources.
  strictDynamic: 'works',
  sdk: '@supabase/supabase-js',
  notes: "No vendor CSP page; hosts from the client docs. Default: any project (*.supabase.co); 'project' pins yours (option project, the subdomain of <project>.supabase.co). Storage images shown in the page also need img-src for that host (not added).",
  defaultVariant: 'any-project',
  directives: {
    'connect-src': ['https://*.supabase.co', 'wss://*.supabase.co'],
  },
  variants: {
    project: {
      'connect-src': ['https://{project}.supabase.co', 'wss://{project}.supabase.co'],
    },
  },
  options: {
    project: { form: 'dns-label', description: 'Your Supabase project ref, the subdomain of <project>.supabase.co (project variant)' },
  },
})

export const supabase = presetFactory(supabasePreset)
