import { Slug } from './common.ts';
import * as z from './zod.ts';

/** A city office or department: receives follow-up tasks. */
export const Org = z.named('Org', () =>
  z.strictObject({
    id: Slug,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    kind: z.enum(['party-office', 'council-office', 'department']),
    head: z.strictObject({ title: z.string(), email: z.email() }),
    /** Sees every task, not only its own (the offices that compile reports for the city). */
    readsAll: z.optional(z.boolean()),
  }),
);
export type Org = z.infer<typeof Org>;

/** A city leader who leads visits and assigns tasks. */
export const Leader = z.named('Leader', () =>
  z.strictObject({
    id: Slug,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    title: z.string(),
    titleEn: z.string(),
    email: z.email(),
  }),
);
export type Leader = z.infer<typeof Leader>;
