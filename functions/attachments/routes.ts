/**
 * The attachment routes of obstacles, tasks and findings alike: one handler of each kind,
 * given the item type and its manifest entry. Each route's file builds its own.
 */
import { attachmentDeps } from '#functions/deps/attachments.ts';
import { created, withClaim } from '#functions/glue.ts';
import {
  addAttachment,
  type ItemRef,
  listAttachments,
  readAttachment,
  requestUpload,
  viewAttachment,
} from '#shared/domain/attachments.ts';
import { httpHandler } from '#shared/http/handler.ts';
import {
  type AttachmentItemType,
  type AttachmentPathParams,
  attachmentContractsOf as contractsOf,
} from '#shared/schemas/attachments.ts';
import type { RouteSpec } from '#shared/schemas/contract.ts';

/** The item the path names: a finding under its visit, an obstacle or a task by its id. */
function refOf(itemType: AttachmentItemType, params: AttachmentPathParams): ItemRef {
  // The contract of the item type validated the path: these parameters are there.
  if (itemType === 'finding') {
    return { itemType, itemId: params.findingId ?? '', visitId: params.visitId ?? '' };
  }
  return { itemType, itemId: params.id ?? '' };
}

export const uploadHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf[itemType].upload, async ({ params, body, caller }) => ({
    status: 201,
    body: await requestUpload(refOf(itemType, params), body, caller, attachmentDeps),
  }));

export const addHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf[itemType].add, async ({ params, body, caller, event }) => {
    const { attachment, replayed } = await addAttachment(
      refOf(itemType, params),
      body,
      caller,
      withClaim(attachmentDeps, event, body),
    );
    return created(viewAttachment(attachment), replayed);
  });

export const listHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf[itemType].list, async ({ params, caller }) => {
    const items = await listAttachments(refOf(itemType, params), caller, attachmentDeps);
    return { body: { items: items.map(viewAttachment) } };
  });

export const readHandler = (itemType: AttachmentItemType, spec: RouteSpec) =>
  httpHandler(spec, contractsOf[itemType].get, async ({ params, caller }) => ({
    headers: { 'Cache-Control': 'no-store' },
    body: await readAttachment(
      refOf(itemType, params),
      params.attachmentId,
      caller,
      attachmentDeps,
    ),
  }));
