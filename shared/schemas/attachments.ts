/**
 * Photos and files attached to an obstacle, a task or a visit's finding as evidence: the upload a caller asks
 * for (an S3 presigned POST), the attachment registered once the file is up, and the
 * short-lived address to read it (docs/architecture.md#attachments).
 */
import { Actor, itemsOf, Text, Ulid } from './common.ts';
import { defineContract, keyReused, replayableCreated } from './contract.ts';
import * as z from './zod.ts';

export const attachmentContentTypes = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
] as const;
export const AttachmentContentType = z.enum(attachmentContentTypes);
export type AttachmentContentType = z.infer<typeof AttachmentContentType>;

/** The largest file an upload's policy lets through: 5 MB. */
export const maxAttachmentBytes = 5 * 1024 * 1024;

export const attachmentItemTypes = ['obstacle', 'task', 'finding'] as const;
export type AttachmentItemType = (typeof attachmentItemTypes)[number];

const FileName = () => Text(200);
const Size = () => z.int().check(z.minimum(1), z.maximum(maxAttachmentBytes));

export const UploadRequest = z.named('UploadRequest', () =>
  z.strictObject({
    fileName: FileName(),
    contentType: AttachmentContentType,
    size: Size(),
  }),
);
export type UploadRequest = z.infer<typeof UploadRequest>;

export const UploadTicket = z.named('UploadTicket', () =>
  z.strictObject({
    uploadId: z.string(),
    /** Where the form goes: the bucket's address. */
    url: z.string(),
    /** The form fields to send first, the file last (field `file`). */
    fields: z.record(z.string(), z.string()),
    key: z.string(),
    expiresAt: z.string(),
    maxBytes: z.int(),
  }),
);
export type UploadTicket = z.infer<typeof UploadTicket>;

export const AttachmentInput = z.named('AttachmentInput', () =>
  z.strictObject({
    uploadId: Ulid,
    /** The key the upload's ticket gave: under its item and upload, a safe file name. */
    key: z
      .string()
      .check(
        z.regex(
          /^attachments\/(obstacle|task|finding)\/[0-9A-HJKMNP-TV-Z]{26}\/[0-9A-HJKMNP-TV-Z]{26}\/[A-Za-z0-9._-]{1,100}$/,
        ),
      ),
    fileName: FileName(),
    contentType: AttachmentContentType,
    size: Size(),
    caption: z.optional(Text(500)),
  }),
);
export type AttachmentInput = z.infer<typeof AttachmentInput>;

/** What a client sees of an attachment; the stored one adds where its file is. */
const viewShape = () => ({
  id: z.string(),
  itemType: z.enum(attachmentItemTypes),
  itemId: z.string(),
  fileName: z.string(),
  contentType: AttachmentContentType,
  size: z.int(),
  caption: z.optional(z.string()),
  addedBy: Actor,
  addedAt: z.string(),
});

export const Attachment = z.named('Attachment', () =>
  z.strictObject({
    ...viewShape(),
    /** Where the file is in the bucket; not shown to clients. */
    key: z.string(),
  }),
);
export type Attachment = z.infer<typeof Attachment>;

/** What a client sees of an attachment: everything but where it is stored. */
export const AttachmentView = z.named('AttachmentView', () => z.strictObject(viewShape()));
export type AttachmentView = z.infer<typeof AttachmentView>;

export const AttachmentList = z.named('AttachmentList', () => itemsOf(AttachmentView));

export const AttachmentLink = z.named('AttachmentLink', () =>
  z.strictObject({ url: z.string(), expiresAt: z.string() }),
);

/** Each item's path parameters: an obstacle or a task by its id, a finding under its visit. */
const itemPaths = {
  obstacle: { id: Ulid },
  task: { id: Ulid },
  finding: { visitId: Ulid, findingId: Ulid },
} as const;

/** An item's path parameters, whichever the item type: strings the handler reads by name. */
export type AttachmentPathParams = Partial<Record<'id' | 'visitId' | 'findingId', string>>;

const notFound = { description: 'No such item, or not one the caller may see' };

const names = {
  obstacle: {
    upload: 'requestObstacleUpload',
    add: 'addObstacleAttachment',
    list: 'listObstacleAttachments',
    get: 'getObstacleAttachment',
  },
  task: {
    upload: 'requestTaskUpload',
    add: 'addTaskAttachment',
    list: 'listTaskAttachments',
    get: 'getTaskAttachment',
  },
  finding: {
    upload: 'requestFindingUpload',
    add: 'addFindingAttachment',
    list: 'listFindingAttachments',
    get: 'getFindingAttachment',
  },
} as const;

/** A finding is a visit's: its routes stand with the visit's. */
const tagOf = { obstacle: 'obstacles', task: 'tasks', finding: 'visits' } as const;

/** The four attachment routes of one item type, alike but for their names and paths. */
function contractsOf(itemType: AttachmentItemType) {
  const name = names[itemType];
  const tags = [tagOf[itemType]];
  const params: z.ZodMiniType<AttachmentPathParams> = z.strictObject(itemPaths[itemType]);
  const oneParams: z.ZodMiniType<AttachmentPathParams & { attachmentId: string }> = z.strictObject({
    ...itemPaths[itemType],
    attachmentId: Ulid,
  });
  return {
    upload: defineContract({
      name: name.upload,
      summary: `Ask for an upload of a photo or PDF for a ${itemType}: a presigned POST valid 10 minutes`,
      tags,
      params,
      body: UploadRequest,
      responses: {
        201: { description: 'The form to send the file with', schema: UploadTicket },
        403: { description: 'The caller may see the item but not change it' },
        404: notFound,
      },
    }),
    add: defineContract({
      name: name.add,
      summary: `Register an uploaded file on a ${itemType} (at most 5)${itemType === 'finding' ? '' : ', with a history event'}`,
      tags,
      params,
      body: AttachmentInput,
      headers: ['Idempotency-Key'],
      responses: {
        201: replayableCreated('The attachment', AttachmentView),
        400: { description: 'The file is not uploaded, or not as announced' },
        404: notFound,
        409: { description: 'The item has 5 attachments already, or this upload is registered' },
        422: keyReused,
      },
    }),
    list: defineContract({
      name: name.list,
      summary: `The attachments of a ${itemType}, oldest first`,
      tags,
      params,
      responses: { 200: { description: 'The attachments', schema: AttachmentList }, 404: notFound },
    }),
    get: defineContract({
      name: name.get,
      summary: 'A presigned address to read one attachment, valid 5 minutes',
      tags,
      params: oneParams,
      responses: {
        200: { description: 'Where to read the file', schema: AttachmentLink },
        404: notFound,
      },
    }),
  };
}

/** Each item type's attachment contracts. */
export const attachmentContractsOf = {
  obstacle: contractsOf('obstacle'),
  task: contractsOf('task'),
  finding: contractsOf('finding'),
} satisfies Record<AttachmentItemType, ReturnType<typeof contractsOf>>;

/** Every attachment route's contract, for the OpenAPI document. */
export const attachmentContracts = Object.values(attachmentContractsOf).flatMap((contracts) =>
  Object.values(contracts),
);
