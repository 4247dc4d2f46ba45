import { describe, expect, it } from 'vitest'
import { analyzeScript } from '../src/loads/script-analysis.js'
import { suggestPresets } from '../src/loads/suggest.js'
import { checkScripts } from '../src/loads/check-scripts.js'
import { resolveOptions } from '../src/options.js'

const found = (code: string) => analyzeScript(code).map((f) => [f.kind, f.call, f.directive, f.url].filter((x) => x !== undefined).join(' '))

// The heuristic's contract on the shapes minifiers emit: what it must find, and the look-alikes it
// must leave alone (the real-bundle tests in test/loads-builds.test.ts run it on real output).
describe('analyzeScript: what emitted JavaScript does that a policy decides', () => {
  it.each([
    ['eval("1+1")', 'eval eval() script-src'],
    ['new Function(`return ${r.slice(7)}`)()', 'eval new Function() script-src'],
    ['var f=Function(a,"return "+b)', 'eval Function() script-src'],
    ['setTimeout("go()",10)', 'eval setTimeout("…") script-src'],
    ['window.setInterval(`tick()`,5)', 'eval setInterval("…") script-src'],
    ['WebAssembly.instantiateStreaming(r)', 'wasm WebAssembly.instantiateStreaming() script-src'],
    ['new WebAssembly.Module(bytes)', 'wasm new WebAssembly.Module() script-src'],
    ['fetch("https://api.example.com/v1/users")', 'url fetch() connect-src https://api.example.com/v1/users'],
    ['window.fetch(`https://api.example.com/u/${id}`)', 'url fetch() connect-src https://api.example.com/u/'],
    ['x.open("POST","https://xhr.example.com/a")', 'url XMLHttpRequest.open() connect-src https://xhr.example.com/a'],
    ['new WebSocket("wss://ws.example.com/s")', 'url new WebSocket() connect-src wss://ws.example.com/s'],
    ['new EventSource("https://sse.example.com/e")', 'url new EventSource() connect-src https://sse.example.com/e'],
    ['navigator.sendBeacon("https://b.example.com/c",d)', 'url navigator.sendBeacon() connect-src https://b.example.com/c'],
    ['import("https://esm.example.com/x.js")', 'url import() script-src-elem https://esm.example.com/x.js'],
    ['new Worker("https://w.example.com/w.js")', 'url new Worker() worker-src https://w.example.com/w.js'],
    ['fetch("\\/\\/cdn.example.com\\/x")', 'url fetch() connect-src https://cdn.example.com/x'],
    ['a=b/2;fetch("https://yes.example.com/")/3', 'url fetch() connect-src https://yes.example.com/'],
  ])('%s', (code, expected) => {
    expect(found(code)).toEqual([expected])
  })

  it.each([
    ['x.eval("a")', 'a property named eval'],
    ['a.Function("return 1")', 'a property named Function'],
    ['$eval(1);_eval(2)', 'other names'],
    ['var s="eval(1) new Function(x) fetch(\'https://no.example.com/\')"', 'text in a string'],
    ['/* eval(x) */ // new Function(a)\n', 'comments'],
    ['/eval\\(|fetch\\("https:\\/\\/no.example.com"\\)/.test(s)', 'a regular expression'],
    ['const t=`new Function(a) ${x} eval(b)`', 'template text'],
    ['a={eval(e){return e},fetch(u){return u}};class B{async fetch(u){}}', 'methods with these names'],
    ['setTimeout(()=>go(),1);setTimeout(fn,2)', 'timers with functions'],
    ['fetch("/api/x");fetch("./y");import("./chunk-a1.js")', 'relative URLs (the site\'s own)'],
    ['fetch(`https://${host}/x`);fetch("https://api." + region + ".example.com")', 'an origin built at run time'],
    ['window.open("https://w.example.com/")', 'window.open (a navigation, not a request)'],
    ['Worker("https://w.example.com/w.js");a.fetch("https://no.example.com/")', 'a call without new, a method of another object'],
    ['function eval2(){}var fetcher=1;x.sendBeaconish()', 'longer names'],
  ])('leaves alone: %s (%s)', (code) => {
    expect(found(code)).toEqual([])
  })

  it('marks an all-literal Function body as a probe (a guarded feature test), and a built one not', () => {
    expect(analyzeScript('try{Function("");ok=1}catch(e){}').map((f) => [f.call, f.probe])).toEqual([['Function()', true]])
    expect(analyzeScript('Function("a", "return a")(1)').map((f) => f.probe)).toEqual([true])
    // The bundlers' global-object fallback behind `typeof globalThis` never runs in a CSP browser: not even an info.
    expect(analyzeScript('try{return this||new Function("return this")()}catch(e){}')).toEqual([])
    expect(analyzeScript('new Function("a", body)').map((f) => f.probe)).toEqual([undefined])
  })

  it('reports a probe as info that says the page keeps working; real eval as a warning', () => {
    const policy = resolveOptions({}).basePolicy
    const [probe] = checkScripts([{ fileName: 'a.js', code: 'try{Function("")}catch(e){}' }], policy)
    expect(probe).toMatchObject({ code: 'EVAL_BLOCKED', severity: 'info', file: 'a.js:1:5' })
    expect(probe!.message).toMatch(/feature test.*'unsafe-eval'/)
    const [real] = checkScripts([{ fileName: 'b.js', code: 'new Function("a", body)' }], policy)
    expect(real).toMatchObject({ code: 'EVAL_BLOCKED', severity: 'warning' })
  })

  it('gives the line and column of each call', () => {
    const [f] = analyzeScript('var a=1;\n  var b="x";fetch("https://api.example.com/")')
    expect([f!.line, f!.column]).toEqual([2, 13])
  })
})

// The registry is read as data: whichever presets are registered, those whose default variant allows the URL.
describe('suggestPresets: which registered presets allow a URL for a directive', () => {
  it.each([
    ['https://www.youtube.com/embed/abc', 'frame-src', 'youtube'],
    ['https://www.youtube-nocookie.com/embed/abc', 'frame-src', 'youtube'],
    ['https://www.googletagmanager.com/gtag/js?id=G-1', 'script-src-elem', 'google-analytics'],
    ['https://region1.google-analytics.com/g/collect', 'connect-src', 'google-analytics'],
  ])('%s for %s: %s', (url, directive, preset) => {
    expect(suggestPresets(new URL(url), directive)).toContain(preset)
  })

  it('sentry for its ingest hosts, only where the preset allows them', () => {
    expect(suggestPresets(new URL('https://o1.ingest.sentry.io/api/1/envelope/'), 'connect-src')).toContain('sentry')
    expect(suggestPresets(new URL('https://o1.ingest.sentry.io/api/1/envelope/'), 'frame-src')).not.toContain('sentry')
  })

  it('none for a host no preset covers, and youtube not for scripts', () => {
    expect(suggestPresets(new URL('https://cdn.example.org/script.js'), 'script-src-elem')).toEqual([])
    expect(suggestPresets(new URL('https://cdn.usefathom.com/script.js'), 'script-src-elem')).toEqual(['fathom'])
    expect(suggestPresets(new URL('https://www.youtube.com/embed/abc'), 'script-src-elem')).not.toContain('youtube')
  })
})

describe('suggestPresets: schemes', () => {
  it('suggests no preset for data: or blob: URLs, even where a preset lists the scheme', () => {
    expect(suggestPresets(new URL('data:image/png;base64,AA=='), 'img-src')).toEqual([])
    expect(suggestPresets(new URL('blob:https://example.com/1'), 'img-src')).toEqual([])
  })
})
