import type { StubWebSocketRoute } from './https-stub.js'

/**
 * Supabase Realtime as the real-SDK tests' stub answers it (Phoenix protocol, vsn 2.0.0:
 * `[join_ref, ref, topic, event, payload]`): accepts the channel join and heartbeats.
 */
export const supabaseRealtime: StubWebSocketRoute = ({ host }, message) => {
  if (!host.endsWith('.supabase.co')) return undefined
  const [joinRef, ref, topic, event, payload] = JSON.parse(message) as [string | null, string, string, string, { config?: { postgres_changes?: object[] } }]
  if (event === 'phx_join') {
    // The server echoes each postgres_changes binding with its id; realtime-js checks they match.
    const changes = (payload.config?.postgres_changes ?? []).map((binding, i) => ({ ...binding, id: 1000 + i }))
    return [JSON.stringify([joinRef, ref, topic, 'phx_reply', { status: 'ok', response: { postgres_changes: changes } }])]
  }
  if (event === 'heartbeat') return [JSON.stringify([null, ref, topic, 'phx_reply', { status: 'ok', response: {} }])]
  return undefined
}
