import type { Request } from 'playwright-core'

/** The directive the browser checks for a request the page itself made. */
export function directiveFor(request: Request): string | undefined {
  const type = request.resourceType()
  if (request.isNavigationRequest()) return request.frame().parentFrame() ? 'frame-src' : undefined
  return (
    { script: 'script-src-elem', stylesheet: 'style-src-elem', image: 'img-src', font: 'font-src', media: 'media-src', fetch: 'connect-src', xhr: 'connect-src', websocket: 'connect-src', eventsource: 'connect-src', ping: 'connect-src' } as Record<string, string>
  )[type]
}
