/**
 * The attachment entity: a file registered on an obstacle or a task, kept in its item's
 * partition beside the item and its history, or on a visit's finding, kept in a partition
 * of the finding's own (a finding is named by its id alone there, and the visit's partition
 * keeps only the visit and its findings). Each item has a count of its attachments that the
 * same transaction raises under a condition, so no race makes a sixth.
 */
import {
  type AttachmentEvent,
  type AttachmentStore,
  maxAttachmentsPerItem,
} from '../../domain/attachments.ts';
import { Attachment, type AttachmentItemType } from '../../schemas/attachments.ts';
import { createIdempotency } from '../idempotency.ts';
import { entity, type ItemKey, itemReader, type TableArgs } from '../item.ts';
import { getItem, queryPrefix } from '../reads.ts';
import { putNew, type WriteItem } from '../transactions.ts';
import { obstacleKeys } from './obstacle.ts';
import { taskKeys } from './task.ts';

const partitionOf: Record<AttachmentItemType, (itemId: string) => string> = {
  obstacle: (id) => obstacleKeys.obstacle(id).PK,
  task: (id) => taskKeys.task(id).PK,
  finding: (id) => `FINDING#${id}`,
};
const itemPartition = (itemType: AttachmentItemType, itemId: string) =>
  partitionOf[itemType](itemId);

export const attachmentKeys = {
  /** Under the item, oldest first: ids are ULIDs. */
  attachment: (itemType: AttachmentItemType, itemId: string, id: string): ItemKey => ({
    PK: itemPartition(itemType, itemId),
    SK: `ATTACHMENT#${id}`,
  }),
  attachmentPrefix: 'ATTACHMENT#',
  /** How many files the item carries. */
  attachmentCount: (itemType: AttachmentItemType, itemId: string): ItemKey => ({
    PK: itemPartition(itemType, itemId),
    SK: 'ATTACHMENTS',
  }),
  /** An obstacle's attach event sorts after the version it was added on, as an escalation does. */
  obstacleAttachEvent: (obstacleId: string, version: number, id: string): ItemKey => {
    const { PK, SK } = obstacleKeys.obstacleEvent(obstacleId, version);
    return { PK, SK: `${SK}#ATTACH#${id}` };
  },
} as const;

function historyPut(tableName: string, history: AttachmentEvent, id: string): WriteItem {
  if (history.itemType === 'obstacle') {
    const { event } = history;
    return putNew(tableName, {
      ...attachmentKeys.obstacleAttachEvent(event.obstacleId, event.version, id),
      entity: entity.obstacleEvent,
      ...event,
    });
  }
  const { event } = history;
  return putNew(tableName, {
    ...taskKeys.taskEvent(event.taskId, event.at, event.id),
    entity: entity.taskEvent,
    ...event,
  });
}

export function createAttachmentsRepository(...table: TableArgs): AttachmentStore {
  const [doc, tableName, log] = table;
  const read = itemReader(Attachment, entity.attachment, log);
  const idempotency = createIdempotency(doc, tableName, 'addAttachment', read);

  return {
    list: (itemType, itemId) =>
      queryPrefix(
        doc,
        tableName,
        itemPartition(itemType, itemId),
        attachmentKeys.attachmentPrefix,
        read,
      ),

    get: (itemType, itemId, id) =>
      getItem(doc, tableName, attachmentKeys.attachment(itemType, itemId, id), read),

    findReplay: (claim) => idempotency.findReplay(claim),

    async add(attachment, history, claim) {
      const count: WriteItem = {
        Update: {
          TableName: tableName,
          Key: attachmentKeys.attachmentCount(attachment.itemType, attachment.itemId),
          UpdateExpression: 'SET #entity = :entity ADD #count :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#entity': 'entity', '#count': 'count' },
          ExpressionAttributeValues: {
            ':entity': entity.attachmentCount,
            ':one': 1,
            ':max': maxAttachmentsPerItem,
          },
        },
      };
      const items = [
        count,
        putNew(tableName, {
          ...attachmentKeys.attachment(attachment.itemType, attachment.itemId, attachment.id),
          entity: entity.attachment,
          ...attachment,
        }),
        ...(history ? [historyPut(tableName, history, attachment.id)] : []),
      ];
      const { value, replayed } = await idempotency.createOnce(
        items,
        claim,
        attachment,
        attachment.addedAt,
      );
      return { attachment: value, replayed };
    },
  };
}
