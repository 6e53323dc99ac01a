/**
 * Photos and files as evidence on an obstacle, a task or a visit's finding. A caller who
 * may change the item asks for an upload and gets a presigned POST whose policy binds the
 * key to the item and the upload, the content type, the size and a short expiry; the
 * browser sends the file straight to the bucket; then the caller registers it, and the
 * attachment is written with a history event of the item (a finding has no history: the
 * attachment alone) in one transaction. Reading one gives a presigned GET of a few minutes,
 * only to a caller who may see the item (404 otherwise, as everywhere).
 */
import {
  type Attachment,
  type AttachmentInput,
  type AttachmentItemType,
  type AttachmentView,
  maxAttachmentBytes,
  type UploadRequest,
  type UploadTicket,
} from '../schemas/attachments.ts';
import type { ObstacleEvent } from '../schemas/obstacles.ts';
import type { TaskEvent } from '../schemas/tasks.ts';
import type { Caller } from './caller.ts';
import type { DirectoryStore } from './directory.ts';
import {
  ForbiddenError,
  InvalidTransitionError,
  LimitReachedError,
  NotFoundError,
  ValidationError,
} from './errors.ts';
import {
  claimOf,
  type IdempotencyClaim,
  type OwnedClaim,
  type Replayable,
  replayOr,
} from './idempotency.ts';
import { closedStatuses, getObstacle, type ObstacleStore } from './obstacles.ts';
import { getTask } from './tasks/access.ts';
import type { TaskStore } from './tasks/ports.ts';
import { assignmentOf, canSeeFinding, canSeeVisit, isAssignerOf } from './visibility.ts';
import type { VisitStore } from './visits/ports.ts';

/** At most this many files on one item. */
export const maxAttachmentsPerItem = 5;
/** How long an upload's form is good for. */
export const uploadExpirySeconds = 10 * 60;
/** How long a presigned read is good for. */
export const readExpirySeconds = 5 * 60;

/** The bucket, behind the same interface on AWS and on one machine. */
export interface UploadStore {
  /**
   * A presigned POST for exactly this key, type, size range and expiry. The object is
   * tagged `registered=false`: the bucket's lifecycle deletes it unless it is registered.
   */
  presignUpload(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
    meta: Record<string, string>;
  }): Promise<{ url: string; fields: Record<string, string> }>;
  /** Tags the object `registered=true`, so the lifecycle keeps it. */
  markRegistered(key: string): Promise<void>;
  /** What the bucket holds under `key`, if anything. */
  head(
    key: string,
  ): Promise<{ size: number; contentType?: string; meta: Record<string, string> } | undefined>;
  /** A presigned GET of `key`. */
  presignRead(
    key: string,
    input: { expiresInSeconds: number; fileName: string; contentType: string },
  ): Promise<string>;
}

export type AttachmentEvent =
  | { itemType: 'obstacle'; event: ObstacleEvent }
  | { itemType: 'task'; event: TaskEvent };

export interface AttachmentStore {
  /** An item's attachments, oldest first. */
  list(itemType: AttachmentItemType, itemId: string): Promise<Attachment[]>;
  get(itemType: AttachmentItemType, itemId: string, id: string): Promise<Attachment | undefined>;
  /**
   * Writes the attachment, with its history event when the item keeps a history, in one
   * transaction, refusing a sixth one on the item (409) and the same upload twice (409).
   */
  add(
    attachment: Attachment,
    history: AttachmentEvent | undefined,
    claim: OwnedClaim | undefined,
  ): Promise<Replayable<'attachment', Attachment>>;
  findReplay(claim: OwnedClaim): Promise<Attachment | undefined>;
}

/** The stores of the items that carry attachments, and the bucket. */
export interface AttachmentDeps {
  attachments: AttachmentStore;
  uploads: UploadStore;
  obstacles: ObstacleStore;
  tasks: TaskStore;
  visits: Pick<VisitStore, 'get' | 'findings'>;
  directory: DirectoryStore;
  now: () => string;
  newId: () => string;
  idempotency?: IdempotencyClaim;
}

/** The item an attachment is on: an obstacle or a task by its id, a finding under its visit. */
export type ItemRef =
  | { itemType: Exclude<AttachmentItemType, 'finding'>; itemId: string }
  | { itemType: 'finding'; itemId: string; visitId: string };

/** What a client sees: the attachment without where it is stored. */
export function viewAttachment({ key: _key, ...view }: Attachment): AttachmentView {
  return view;
}

/**
 * A finding if the caller sees it as `GET /visits/{visitId}` shows it: a visit of a unit
 * the caller sees, and a finding of that visit about such a unit (or about none).
 */
async function seenFinding(
  visitId: string,
  findingId: string,
  caller: Caller,
  deps: AttachmentDeps,
) {
  const visit = await deps.visits.get(visitId);
  if (!visit || !canSeeVisit(caller, visit)) {
    throw new NotFoundError(`There is no visit "${visitId}".`);
  }
  const finding = (await deps.visits.findings(visitId)).find((f) => f.id === findingId);
  if (!finding || !canSeeFinding(caller, finding)) {
    throw new NotFoundError(`There is no finding "${findingId}" on this visit.`);
  }
  return { visit, finding };
}

/** The item if the caller may see it; 404 otherwise, as its own GET answers. */
async function seenItem(ref: ItemRef, caller: Caller, deps: AttachmentDeps) {
  switch (ref.itemType) {
    case 'obstacle':
      return { kind: 'obstacle' as const, obstacle: await getObstacle(ref.itemId, caller, deps) };
    case 'task':
      return { kind: 'task' as const, task: await getTask(ref.itemId, caller, deps) };
    case 'finding':
      return {
        kind: 'finding' as const,
        ...(await seenFinding(ref.visitId, ref.itemId, caller, deps)),
      };
  }
}

/**
 * The item if the caller may change it: an obstacle that is open, seen by the caller (its
 * commune, an office, a delegation); a task the caller is an assignee or the assigner of; a
 * finding of a visit the caller's delegation records the findings of (as `addFinding`).
 */
async function changeableItem(ref: ItemRef, caller: Caller, deps: AttachmentDeps) {
  const item = await seenItem(ref, caller, deps);
  if (item.kind === 'obstacle') {
    if (closedStatuses.includes(item.obstacle.status)) {
      throw new InvalidTransitionError(
        `The obstacle is ${item.obstacle.status}; nothing more can be attached.`,
      );
    }
  } else if (item.kind === 'task') {
    if (!assignmentOf(caller, item.task) && !isAssignerOf(caller, item.task)) {
      throw new ForbiddenError(
        'Only an assignee or the assigner of the task attaches files to it.',
      );
    }
  } else if (!item.visit.leaders.some((leader) => caller.leaderIds.includes(leader.id))) {
    throw new ForbiddenError(
      'Only the delegation of a leader of the visit attaches files to its findings.',
    );
  }
  return item;
}

/** Where an upload's file goes: under its item and its upload, so no key names another's. */
export const uploadPrefix = (ref: ItemRef, uploadId: string) =>
  `attachments/${ref.itemType}/${ref.itemId}/${uploadId}/`;

/** A file name safe in a key and a URL: ASCII letters, digits, `.`, `-`, `_`. */
export function keyFileName(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(-100);
  return ascii || 'file';
}

export async function requestUpload(
  ref: ItemRef,
  input: UploadRequest,
  caller: Caller,
  deps: AttachmentDeps,
): Promise<UploadTicket> {
  await changeableItem(ref, caller, deps);
  const uploadId = deps.newId();
  const key = `${uploadPrefix(ref, uploadId)}${keyFileName(input.fileName)}`;
  const expiresAt = new Date(Date.parse(deps.now()) + uploadExpirySeconds * 1000).toISOString();
  const form = await deps.uploads.presignUpload({
    key,
    contentType: input.contentType,
    maxBytes: maxAttachmentBytes,
    expiresInSeconds: uploadExpirySeconds,
    meta: { uploader: caller.sub },
  });
  return { uploadId, ...form, key, expiresAt, maxBytes: maxAttachmentBytes };
}

function refuseFile(message: string, field = 'body.key'): never {
  throw new ValidationError(message, [{ field, message }]);
}

/** The item's history event of an attachment; a finding keeps no history. */
function historyOf(
  item: Awaited<ReturnType<typeof seenItem>>,
  attachment: Attachment,
): AttachmentEvent | undefined {
  const { addedAt: at, addedBy: by, fileName: note } = attachment;
  switch (item.kind) {
    case 'obstacle': {
      const { id: obstacleId, version, status } = item.obstacle;
      const event = { obstacleId, version, at, by, action: 'attach' as const, note };
      return { itemType: 'obstacle', event: { ...event, from: status, to: status } };
    }
    case 'task':
      return {
        itemType: 'task',
        event: { taskId: item.task.id, id: attachment.id, at, by, action: 'attach', note },
      };
    case 'finding':
      return undefined;
  }
}

export async function addAttachment(
  ref: ItemRef,
  input: AttachmentInput,
  caller: Caller,
  deps: AttachmentDeps,
): Promise<Replayable<'attachment', Attachment>> {
  const claim = claimOf(caller, deps.idempotency);
  return replayOr(claim, { attachment: (c) => deps.attachments.findReplay(c) }, async () => {
    const item = await changeableItem(ref, caller, deps);
    if (!input.key.startsWith(uploadPrefix(ref, input.uploadId))) {
      refuseFile('The key is not the one given for this upload');
    }
    const existing = await deps.attachments.list(ref.itemType, ref.itemId);
    if (existing.length >= maxAttachmentsPerItem) {
      throw new LimitReachedError(`An item carries at most ${maxAttachmentsPerItem} files.`);
    }
    const stored = await deps.uploads.head(input.key);
    if (!stored) refuseFile('No file was uploaded under this key');
    if (stored.meta.uploader !== caller.sub) refuseFile('The file was uploaded by someone else');
    if (stored.size !== input.size) refuseFile(`The file has ${stored.size} bytes`, 'body.size');
    if (stored.contentType !== input.contentType) {
      refuseFile(`The file is ${stored.contentType ?? 'of no type'}`, 'body.contentType');
    }
    // Kept before it is written: should the write then fail, a file is kept that no
    // attachment names (a cost), never an attachment whose file the lifecycle deletes.
    await deps.uploads.markRegistered(input.key);
    const at = deps.now();
    const by = { sub: caller.sub, name: caller.name, role: caller.role };
    const attachment: Attachment = {
      id: input.uploadId,
      itemType: ref.itemType,
      itemId: ref.itemId,
      fileName: input.fileName,
      contentType: input.contentType,
      size: input.size,
      ...(input.caption ? { caption: input.caption } : {}),
      addedBy: by,
      addedAt: at,
      key: input.key,
    };
    return deps.attachments.add(attachment, historyOf(item, attachment), claim);
  });
}

export async function listAttachments(ref: ItemRef, caller: Caller, deps: AttachmentDeps) {
  await seenItem(ref, caller, deps);
  return deps.attachments.list(ref.itemType, ref.itemId);
}

export async function readAttachment(
  ref: ItemRef,
  attachmentId: string,
  caller: Caller,
  deps: AttachmentDeps,
): Promise<{ url: string; expiresAt: string }> {
  await seenItem(ref, caller, deps);
  const attachment = await deps.attachments.get(ref.itemType, ref.itemId, attachmentId);
  if (!attachment) {
    throw new NotFoundError(`There is no attachment "${attachmentId}".`);
  }
  const url = await deps.uploads.presignRead(attachment.key, {
    expiresInSeconds: readExpirySeconds,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
  });
  const expiresAt = new Date(Date.parse(deps.now()) + readExpirySeconds * 1000).toISOString();
  return { url, expiresAt };
}
