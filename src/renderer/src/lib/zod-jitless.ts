import { z } from 'zod';

// The CSP forbids eval. Zod probes `new Function` when it builds its first object schema (at import time
// of the shared contract), and that probe alone makes every page log a CSP violation. Jitless zod
// validates the same way without compiled parsers. main.tsx imports this module first, before any schema.
z.config({ jitless: true });
