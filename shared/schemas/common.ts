import * as z from './zod.ts';

/** ASCII slug ids (`nguyen-giap`): safe in keys, URLs and file names. */
export const Slug = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
  })
  .register(z.globalRegistry, {
    id: 'Problem',
    description: 'RFC 9457 problem details; `errors` lists the failing fields of a 400.',
  });
