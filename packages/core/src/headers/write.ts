// Host files are written with the shared two-phase writer (fs/atomic-write.ts) and read exactly (fs/read-text.ts).
export { writeFileAtomic } from '../fs/atomic-write.js'
export { readTextIfExists as readIfExists } from '../fs/read-text.js'
