import * as z from './zod.ts';

/** ASCII slug ids (`nguyen-giap`): safe in keys, URLs and file names. */
export const Slug = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));

export const Problem = z
  .lazy(() =>
    z.object({
      type: z.string(),
      title: z.string(),
      status: z.number(),
      detail: z.optional(z.string()),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    }),
  )
  .register(z.globalRegistry, {
    id: 'Problem',
    description: 'RFC 9457 problem details; `errors` lists the failing fields of a 400.',
  });

/** A calendar date, `2025-07-18`, that exists. */
export const BusinessDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/),
  z.refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'Not a calendar date',
    },
  ),
);
export type BusinessDate = z.infer<typeof BusinessDate>;

/** Who did something: the token's subject, name and role. */
export const Actor = z
  .lazy(() => z.strictObject({ sub: z.string(), name: z.string(), role: z.string() }))
  .register(z.globalRegistry, { id: 'Actor' });
export type Actor = z.infer<typeof Actor>;
