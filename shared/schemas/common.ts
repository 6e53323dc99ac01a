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

export const Problem = z.named(
  'Problem',
  () =>
    z.object({
      type: z.string(),
      title: z.string(),
      status: z.number(),
      detail: z.optional(z.string()),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    }),
  'RFC 9457 problem details; `errors` lists the failing fields of a 400.',
);

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
export const Actor = z.named('Actor', () =>
  z.strictObject({ sub: z.string(), name: z.string(), role: z.string() }),
);
export type Actor = z.infer<typeof Actor>;

/** A figure that explains itself. */
export const Ratio = z.named('Ratio', () =>
  z.strictObject({ numerator: z.int(), denominator: z.int(), value: z.nullable(z.number()) }),
);
export type Ratio = z.infer<typeof Ratio>;

/** The path of an item named by its id. */
export const IdParams = z.strictObject({ id: Ulid });
/** The path of a unit or of what belongs to one. */
export const UnitParams = z.strictObject({ unitId: Slug });

/** The day an answer is seen from (default: today in Viet Nam), as a query field. */
export const asOfField = () => ({ asOf: z.optional(BusinessDate) });

/** A list query's paging fields: where the page starts (a cursor it returned) and its size. */
export const pageFields = () => ({
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
});

/** A page of a list, named `id`: its items and, when more follow, the next page's cursor. */
export const pageOf = <T extends z.ZodMiniType>(id: string, item: T) =>
  z.named(id, () => z.strictObject({ items: z.array(item), nextCursor: z.optional(z.string()) }));

/** A whole list: its items, in one answer. */
export const itemsOf = <T extends z.ZodMiniType>(item: T) =>
  z.strictObject({ items: z.array(item) });

/**
 * A move through a life cycle, named `id`: the action, with the `note` or `reason` in words
 * that some actions require (each entity says which), and the attachments already
 * registered on the item that back it (each entity says with which action).
 */
export const transitionOf = <A extends z.ZodMiniType>(id: string, action: A) =>
  z.named(id, () =>
    z.strictObject({
      action,
      note: z.optional(Text(2000)),
      reason: z.optional(Text(2000)),
      attachments: z.optional(z.array(Ulid).check(z.maxLength(5))),
    }),
  );
