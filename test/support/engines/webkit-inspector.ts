/**
 * A minimal WebKit Inspector Protocol client for WebKitGTK's remote inspector websocket. The socket
 * speaks for a page; page commands travel wrapped in `Target.sendMessageToTarget`. A cross-site
 * navigation swaps the page into a new web process, which appears as a new, provisional target: we
 * ask WebKit to pause such targets at start, set them up (preload script, console) before they run
 * anything, resume them, and follow `Target.didCommitProvisionalTarget` to the new one.
 */
import WebSocket from 'ws'

type Listener = (method: string, params: any) => void

export interface InspectorClient {
  /** The committed page target commands go to. */
  readonly targetId: string
  send<T = any>(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<T>
  onEvent(listener: Listener): void
  close(): void
}

/** `setUp` runs for the first target and for every provisional one, before it runs page code. */
export async function connectInspector(
  url: string,
  setUp: (send: (method: string, params?: Record<string, unknown>) => Promise<unknown>) => Promise<void>,
): Promise<InspectorClient> {
  const ws = new WebSocket(url)
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok())
    ws.once('error', fail)
  })
  let nextId = 1
  const pending = new Map<number, { ok: (v: any) => void; fail: (e: Error) => void }>()
  const listeners: Listener[] = []
  let targetId = ''
  let firstTarget: (id: string) => void
  const first = new Promise<string>((ok) => (firstTarget = ok))

  const rawSend = (method: string, params: Record<string, unknown> = {}) => {
    const id = nextId++
    // The outer ack gets a negative id, so it never answers the inner command.
    ws.send(JSON.stringify({ id: -id, method, params }))
  }
  const sendTo = (target: string, method: string, params: Record<string, unknown> = {}, timeoutMs = 10_000) => {
    const id = nextId++
    const message = JSON.stringify({ id, method, params })
    ws.send(JSON.stringify({ id: -id, method: 'Target.sendMessageToTarget', params: { targetId: target, message } }))
    return new Promise<any>((ok, fail) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        fail(new Error(`[cspkit tests] WebKit did not answer ${method} within ${timeoutMs} ms`))
      }, timeoutMs)
      pending.set(id, {
        ok: (v) => (clearTimeout(timer), ok(v)),
        fail: (e) => (clearTimeout(timer), fail(e)),
      })
    })
  }

  ws.on('message', (data) => {
    const m = JSON.parse(String(data))
    if (m.method === 'Target.targetCreated') {
      const info = m.params.targetInfo
      if (info.type !== 'page') return
      if (!targetId) {
        targetId = info.targetId
        firstTarget(info.targetId)
      } else if (info.isProvisional) {
        const setUpDone = setUp((method, params) => sendTo(info.targetId, method, params))
        setUpDone.finally(() => {
          if (info.isPaused) rawSend('Target.resume', { targetId: info.targetId })
        })
      }
      return
    }
    if (m.method === 'Target.didCommitProvisionalTarget') {
      targetId = m.params.newTargetId
      return
    }
    if (m.method === 'Target.dispatchMessageFromTarget') {
      const inner = JSON.parse(m.params.message)
      if (typeof inner.id === 'number') {
        const p = pending.get(inner.id)
        pending.delete(inner.id)
        if (inner.error) p?.fail(new Error(`[cspkit tests] WebKit inspector: ${inner.error.message}`))
        else p?.ok(inner.result)
      } else {
        // Every target's events: a provisional target's first ones may arrive just before its commit.
        for (const l of listeners) l(inner.method, inner.params)
      }
    }
  })
  ws.on('close', () => {
    for (const p of pending.values()) p.fail(new Error('[cspkit tests] the WebKit inspector connection closed'))
    pending.clear()
  })

  await first
  rawSend('Target.setPauseOnStart', { pauseOnStart: true })
  await setUp((method, params) => sendTo(targetId, method, params))
  return {
    get targetId() {
      return targetId
    },
    send: (method, params, timeoutMs) => sendTo(targetId, method, params, timeoutMs),
    onEvent: (l) => void listeners.push(l),
    close: () => ws.close(),
  }
}
