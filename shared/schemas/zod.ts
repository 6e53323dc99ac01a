/**
 * zod/mini, not classic zod: the same strict objects and JSON Schema output at a
 * fraction of the bundle and cold-start cost (DESIGN §9). Schema modules use
 * `import * as z from './zod.ts'`, which esbuild tree-shakes member by member (a `z`
 * namespace passed around as a value would drag in every locale), and which configures
 * English messages exactly once.
 */

import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
