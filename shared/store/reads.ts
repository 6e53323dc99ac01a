/** The store's reads of one item and of a Query's pages, each item parsed as it is read. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch-get.ts';
import { sent } from './errors.ts';
import type { ItemKey, ReadItem } from './item.ts';

/** One item by its key, read strongly unless `consistent` is false. */
export async function getItem<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: ItemKey,
  read: ReadItem<T>,
  consistent = true,
): Promise<T | undefined> {
  const { Item } = await sent(
    doc.send(
      new GetCommand({
        TableName: tableName,
        Key: key,
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    ),
  );
  return Item ? read(Item) : undefined;
}

export type QueryInput = Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;

export interface PageRequest {
  /** How many items the page holds at most; without it, every item to the end. */
  limit?: number;
  /** The key to continue after (a previous page's `last`). */
  after?: Record<string, unknown>;
  /** The attributes that continue after an item: the table's keys, and the index's. */
  keyAttributes?: readonly string[];
}

export interface Page<T> {
  items: T[];
  /** The key of the page's last item, when more items may follow it. */
  last?: Record<string, unknown>;
}

/**
 * A page of a Query, filled. With a FilterExpression one request may return fewer items
 * than it read, so it reads on from where DynamoDB stopped until the page holds `limit`
 * items or the partition ends: a filtered page is as full as an unfiltered one.
 */
export async function queryPage<T>(
  doc: DynamoDBDocumentClient,
  input: QueryInput,
  read: ReadItem<T>,
  page: PageRequest = {},
): Promise<Page<T>> {
  const { limit, keyAttributes = ['PK', 'SK'] } = page;
  const items: T[] = [];
  let startKey = page.after;
  let lastItem: Record<string, unknown> | undefined;
  do {
    const result = await sent(
      doc.send(
        new QueryCommand({
          ...input,
          ...(limit === undefined ? {} : { Limit: limit - items.length }),
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of result.Items ?? []) {
      items.push(read(item));
      lastItem = item;
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey && (limit === undefined || items.length < limit));
  const tail = startKey ? lastItem : undefined;
  return {
    items,
    last: tail && Object.fromEntries(keyAttributes.map((name) => [name, tail[name]])),
  };
}

/** Every item a Query finds, page after page. */
export async function queryAll<T>(
  doc: DynamoDBDocumentClient,
  input: QueryInput,
  read: ReadItem<T>,
): Promise<T[]> {
  return (await queryPage(doc, input, read)).items;
}

/** The items of one partition whose sort keys begin with `prefix`, read strongly. */
export function queryPrefix<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  prefix: string,
  read: ReadItem<T>,
): Promise<T[]> {
  return queryAll(
    doc,
    {
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
      ConsistentRead: true,
    },
    read,
  );
}

/** Items by key, each key read once however often it is named; in no particular order. */
export async function getItems<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: ItemKey[],
  read: ReadItem<T>,
): Promise<T[]> {
  const distinct = new Map(itemKeys.map((key) => [`${key.PK}\u0000${key.SK}`, key]));
  return (await batchGet(doc, tableName, [...distinct.values()])).map(read);
}
