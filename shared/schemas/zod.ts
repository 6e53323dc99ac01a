/**
 * zod/mini, not classic zod: the same strict objects and JSON Schema output at a
 * fraction of the bundle and cold-start cost (docs/architecture.md#decisions). Schema modules use
 * `import * as z from './zod.ts'`, which esbuild tree-shakes member by member (a `z`
 * namespace passed around as a value would drag in every locale), and which configures
 * English messages exactly once.
 */

import { config, globalRegistry, lazy, type ZodMiniLazy, type ZodMiniType } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * The schema a lazy one stands for. The named schemas are lazy (`z.lazy`), so a function
 * builds only those it uses: zod builds each schema object eagerly, and a module's worth
 * of them was most of a cold start's own cost (see bench/).
 */
export function built<T extends ZodMiniType>(schema: ZodMiniLazy<T>): T {
  return schema._zod.innerType;
}

/**
 * A named schema: lazy (built on first use, as above) and registered under its id, which
 * is its name among the OpenAPI document's components.
 */
export function named<T extends ZodMiniType>(
  id: string,
  build: () => T,
  description?: string,
): ZodMiniLazy<T> {
  const schema: ZodMiniLazy<ZodMiniType> = lazy(build);
  schema.register(globalRegistry, description === undefined ? { id } : { id, description });
  return schema as ZodMiniLazy<T>;
}
