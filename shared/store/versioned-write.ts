import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ZodMiniType } from 'zod/mini';
import { BusyError, PreconditionFailedError } from '../domain/errors.ts';
import type { OwnedClaim } from '../domain/idempotency.ts';
import { createIdempotency } from './idempotency.ts';
import { type Entity, eventPrefix, type ItemKey, itemReader, type TableArgs } from './item.ts';
import { getItem, getItems, queryPrefix } from './reads.ts';
import { defaultRetry, type RetryPolicy, withRetry } from './retry.ts';
import {
  cancellationCodes,
  isTransactionConflict,
  transact,
  type WriteItem,
} from './transactions.ts';

/**
 * The one writer discipline for a versioned item (an obstacle, a task): every write puts
 * the whole item with its version raised by one, conditioned on the version it read, in
 * one transaction with its history event and its listings. Nobody writes a versioned
 * item any other way (the escalation run included), so a write based on a stale read
 * can never put back what another write changed.
 *
 * A transaction that collided with another is tried again a few times with jitter, then
 * answered 503 (busy); a failed version check is a 412 (`PreconditionFailedError`).
 */
export async function writeVersioned(
  doc: DynamoDBDocumentClient,
  write: {
    tableName: string;
    key: ItemKey;
    /** The item as it is to be stored: its version one above `expectedVersion`. */
    item: Record<string, unknown> & { version: number };
    expectedVersion: number;
    /** The history event, the listings: written with the item, or not at all. */
    with: WriteItem[];
    staleMessage: string;
  },
  policy: RetryPolicy = defaultRetry,
): Promise<void> {
  if (write.item.version !== write.expectedVersion + 1) {
    throw new Error('A versioned write must raise the version by exactly one');
  }
  const items: WriteItem[] = [
    {
      Put: {
        TableName: write.tableName,
        Item: { ...write.item, ...write.key },
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': write.expectedVersion },
      },
    },
    ...write.with,
  ];
  await withRetry(
    async () => {
      try {
        await transact(doc, items);
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[0] === 'ConditionalCheckFailed')
          throw new PreconditionFailedError(write.staleMessage);
        throw error;
      }
    },
    isTransactionConflict,
    () => new BusyError('Others are changing this item at the same moment; try again shortly.'),
    policy,
  );
}

/** A versioned entity's tag and schema: of the item, of its history events, of its listings. */
export interface VersionedEntity<T, E> {
  item: [Entity, ZodMiniType<T>];
  event: [Entity, ZodMiniType<E>];
  listing: Entity;
}

/**
 * The reads, the create and the versioned write that an obstacle and a task share, built
 * from the entity's key, what a new one writes, and its tags and schemas. By convention a
 * versioned item's history sorts after `EVENT#` in its partition, its create's idempotency
 * scope is `create<Entity>`; each entity adds its listings and its own changes.
 */
export function versionedStore<T extends { id: string; version: number; createdAt: string }, E>(
  [doc, tableName, log]: TableArgs,
  key: (id: string) => ItemKey,
  creationItems: (tableName: string, item: T, event: E) => WriteItem[],
  { item: [tag, schema], event, listing }: VersionedEntity<T, E>,
) {
  const read = itemReader(schema, tag, log);
  const readEvent = itemReader(event[1], event[0], log);
  const idempotency = createIdempotency(doc, tableName, `create${tag}`, read);
  return {
    reads: {
      findReplay: (claim: OwnedClaim) => idempotency.findReplay(claim),
      get: (id: string) => getItem(doc, tableName, key(id), read),
      getMany: (ids: string[]) => getItems(doc, tableName, ids.map(key), read),
      history: (id: string) => queryPrefix(doc, tableName, key(id).PK, eventPrefix, readEvent),
    },
    readEvent,
    readListed: itemReader(schema, listing, log),
    /** Writes it new, with its first event, its listings and its idempotency record. */
    create: (created: T, first: E, claim: OwnedClaim | undefined) =>
      idempotency.createOnce(
        creationItems(tableName, created, first),
        claim,
        created,
        created.createdAt,
      ),
    /** The versioned write of `after` over `before`, with its event and listings. */
    write: (before: T, after: T, items: WriteItem[]) =>
      writeVersioned(doc, {
        tableName,
        key: key(after.id),
        item: { entity: tag, ...after },
        expectedVersion: before.version,
        with: items,
        staleMessage: `The ${tag.toLowerCase()} changed since you read it; read it again before changing it.`,
      }),
  };
}
