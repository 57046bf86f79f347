// Worker entry: plain JS so it loads in any runtime (node --import tsx, vitest's forks, Electron);
// it compiles the TypeScript task with tsx's scoped loader instead of relying on the parent's hooks.
import { tsImport } from 'tsx/esm/api'

const mod = await tsImport('./pdf.worker.ts', import.meta.url)
export default mod.default
