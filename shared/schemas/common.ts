import { slugMaxLength, slugPattern } from '../domain/slug.ts';
import { hasVisibleCharacter } from '../domain/text.ts';
import * as z from './zod.ts';

/** ASCII slug ids (`nguyen-giap`): safe in keys, URLs and file names. */
export const Slug = z
  .string()
  .check(z.minLength(1), z.maxLength(slugMaxLength), z.regex(slugPattern));

/** A product id (obstacle, task, visit, finding, event): a ULID. */
export const Ulid = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));

/**
 * Every free text a client sends (titles, descriptions, notes, reasons, comments, labels):
 * stored composed (NFC), so that "Nguyên" typed with combining marks equals the
 * precomposed one in search, equality and sorting; trimmed; and refused when a reader would
 * see nothing (zero-width spaces, combining marks alone). Overwrites, not transforms: the
 * schema stays a string, and so does its JSON Schema.
 */
export const Text = (max: number, min = 1) =>
  z.string().check(
    z.normalize('NFC'),
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
    z.refine((text) => text === '' || hasVisibleCharacter(text), {
      message: 'Must contain a visible character',
    }),
  );

/**
 * A number that is going to be stored. DynamoDB holds a number only between 1e-130 and
 * 1e126 in magnitude (or 0), and refuses the whole write otherwise: such a value is a 400
 * on its field here, not a failed write. (Integers within the safe range always fit.)
 */
export const StoredNumber = () =>
  z.number().check(
    z.refine((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126), {
      message: 'Out of the range a stored number can hold (1e-130 to 1e126 in magnitude)',
      abort: true,
    }),
  );

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
