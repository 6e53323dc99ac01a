/**
 * zod/mini, not classic zod: the same strict objects and JSON Schema output at a
 * fraction of the bundle and cold-start cost (DESIGN §9). Every schema module imports
 * `z` from here so that English messages are configured exactly once.
 */
import { en } from 'zod/locales';
import { z } from 'zod/mini';

z.config(en());

export { z };
