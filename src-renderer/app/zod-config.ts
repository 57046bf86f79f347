import { config } from 'zod'

// zod compiles object parsers with `new Function` unless told not to; the renderer's CSP forbids
// eval, so the probe would only log a CSP violation. Imported first by main.tsx, before any schema
// module runs.
config({ jitless: true })
