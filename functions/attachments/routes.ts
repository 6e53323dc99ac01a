/**
 * The attachment routes of obstacles and tasks alike: one handler of each kind, given the
 * item type, its manifest entry and its contract. Each route's file builds its own.
 */
import { attachmentDeps } from '#functions/deps/attachments.ts';
import { created, withClaim } from '#functions/glue.ts';
import {
  addAttachment,
  listAttachments,
  readAttachment,
  requestUpload,
  viewAttachment,
} from '#shared/domain/attachments.ts';
import { httpHandler } from '#shared/http/handler.ts';
import {
  type AttachmentItemType,
  obstacleAttachmentContracts,
  taskAttachmentContracts,
} from '#shared/schemas/attachments.ts';
import type { RouteSpec } from '#shared/schemas/contract.ts';

const contractsOf = (itemType: AttachmentItemType) =>
  itemType === 'obstacle' ? obstacleAttachmentContracts : taskAttachmentContracts;

export const uploadHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf(itemType).upload, async ({ params, body, caller }) => ({
    status: 201,
    body: await requestUpload({ itemType, itemId: params.id }, body, caller, attachmentDeps),
  }));

export const addHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf(itemType).add, async ({ params, body, caller, event }) => {
    const { attachment, replayed } = await addAttachment(
      { itemType, itemId: params.id },
      body,
      caller,
      withClaim(attachmentDeps, event, body),
    );
    return created(viewAttachment(attachment), replayed);
  });

export const listHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf(itemType).list, async ({ params, caller }) => {
    const items = await listAttachments({ itemType, itemId: params.id }, caller, attachmentDeps);
    return { body: { items: items.map(viewAttachment) } };
  });

export const readHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf(itemType).get, async ({ params, caller }) => ({
    headers: { 'Cache-Control': 'no-store' },
    body: await readAttachment(
      { itemType, itemId: params.id },
      params.attachmentId,
      caller,
      attachmentDeps,
    ),
  }));
