import 'vite'
const t0 = performance.now()
const { default: csp } = await import('@cspkit/vite')
const t1 = performance.now()
csp()
const t2 = performance.now()
console.log(JSON.stringify({ imp: t1 - t0, fac: t2 - t1 }))
