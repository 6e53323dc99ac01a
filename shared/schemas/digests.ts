import { BusinessDate, itemsOf } from './common.ts';
import { defineContract } from './contract.ts';
import * as z from './zod.ts';

export const digestKinds = ['end-of-day', 'escalation', 'weekly'] as const;
export const DigestKind = z.enum(digestKinds);
export type DigestKind = z.infer<typeof DigestKind>;

export const Recipient = z.named('Recipient', () =>
  z.strictObject({
    /** `unit:an-phu`, `org:so-xay-dung`, `leader:le-van-hieu`. */
    key: z.string(),
    kind: z.enum(['unit', 'org', 'leader']),
    id: z.string(),
    name: z.string(),
    emails: z.array(z.string()),
  }),
);
export type Recipient = z.infer<typeof Recipient>;

export const DigestLine = z.strictObject({
  text: z.string(),
  /** Path of the item, e.g. `/obstacles/01J…`: the same in the app (where a digest link opens it) and under /api. */
  link: z.optional(z.string()),
  /** The unit the line is about, when it is about one. */
  unitId: z.optional(z.string()),
});
export type DigestLine = z.infer<typeof DigestLine>;

export const DigestSection = z.strictObject({ title: z.string(), lines: z.array(DigestLine) });
export type DigestSection = z.infer<typeof DigestSection>;

export const Digest = z.named('Digest', () =>
  z.strictObject({
    id: z.string(),
    kind: DigestKind,
    /** The business date the run covers (the Monday for the weekly digest). */
    period: BusinessDate,
    scheduledTime: z.string(),
    recipient: Recipient,
    sections: z.array(DigestSection),
    /** Ids of the obstacles and tasks named, for audit and for the scope checks. */
    items: z.array(
      z.strictObject({
        type: z.enum(['obstacle', 'task']),
        id: z.string(),
        unitIds: z.array(z.string()),
      }),
    ),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    delivery: z.strictObject({
      status: z.enum(['pending', 'sending', 'sent', 'failed']),
      attempts: z.int(),
      sentAt: z.optional(z.string()),
      lastError: z.optional(z.string()),
      leaseUntil: z.optional(z.string()),
    }),
    createdAt: z.string(),
  }),
);
export type Digest = z.infer<typeof Digest>;

export const listDigestsContract = defineContract({
  name: 'listDigests',
  summary: 'Digests of a day: those sent to you (all of them for a city office)',
  tags: ['digests'],
  query: z.strictObject({ date: BusinessDate, kind: z.optional(DigestKind) }),
  responses: {
    200: { description: 'The digests', schema: itemsOf(Digest) },
  },
});
export const getDigestContract = defineContract({
  name: 'getDigest',
  summary: 'One digest with its items and delivery state',
  tags: ['digests'],
  params: z.strictObject({ id: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,200}$/)) }),
  responses: {
    200: { description: 'The digest', schema: Digest },
    404: { description: 'No such digest, or not yours' },
  },
});
