/**
 * What every stored item shares: its key, its entity tag, the storage attributes a read
 * strips, and the tolerant parse that turns a stored item into a domain record. Each
 * entity's own keys, listings, reads and writes live in its module under entities/
 * (docs/architecture.md#the-table).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ZodMiniType } from 'zod/mini';
import { isSlug } from '../domain/slug.ts';

export interface ItemKey {
  PK: string;
  SK: string;
}

export const entity = {
  unit: 'Unit',
  org: 'Org',
  leader: 'Leader',
  obstacle: 'Obstacle',
  obstacleEvent: 'ObstacleEvent',
  obstacleListing: 'ObstacleListing',
  idempotency: 'Idempotency',
  task: 'Task',
  taskEvent: 'TaskEvent',
  taskListing: 'TaskListing',
  visit: 'Visit',
  finding: 'Finding',
  visitListing: 'VisitListing',
  digest: 'Digest',
  dossierReport: 'DossierReport',
  dossierReportVersion: 'DossierReportVersion',
  dossierRevision: 'DossierRevision',
  attachment: 'Attachment',
  attachmentCount: 'AttachmentCount',
} as const;

export type Entity = (typeof entity)[keyof typeof entity];

/**
 * The listings' "every unit". A symbol, not the `*` it is written as: no string (a claim,
 * a query parameter, a stored id) can stand for it, so a caller's unit can never open the
 * city-wide listing.
 */
export const everyUnit: unique symbol = Symbol('every unit');
export type UnitScope = string | typeof everyUnit;

export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError';
}

/** A unit's part of a listing key: its slug, or `*` for `everyUnit` (or no unit filter). */
export function unitPart(unit: UnitScope | undefined): string {
  if (unit === undefined || unit === everyUnit) return '*';
  if (!isSlug(unit)) throw new InvalidKeyError(`Not a unit id: ${JSON.stringify(unit)}`);
  return unit;
}

/** A versioned item's history events sort under its partition after this prefix. */
export const eventPrefix = 'EVENT#';

/** An idempotency record: per caller, per route, per key. */
export const idempotencyKey = (owner: string, scope: string, key: string): ItemKey => ({
  PK: `IDEMPOTENCY#${owner}`,
  SK: `${scope}#${key}`,
});

/** The author of what the scheduled runs write into a history. */
export const systemActor = { sub: 'system', name: 'Hệ thống Tháo gỡ', role: 'system' };

/** Keys, index keys, the entity tag, the TTL, and the search text a listing copy carries. */
const storageAttribute = /^(PK|SK|GSI\d+PK|GSI\d+SK|entity|expiresAt|searchText)$/;

/** Strips the storage attributes from an item, leaving the record as stored. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!storageAttribute.test(name)) record[name] = value;
  }
  return record;
}

/** Where a read says that a stored item did not match its schema. */
export type StoreLog = (message: string, fields: Record<string, unknown>) => void;

let storeLogger: Logger | undefined;

/**
 * The store's own structured logger, for a repository built without one (the seed, the
 * tests): made on the first warning, so a read that never warns never builds it.
 */
export const structuredLog: StoreLog = (message, fields) => {
  storeLogger ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'thaogo' });
  storeLogger.warn(message, fields);
};

/** What every repository is built with: the client, the table's name, and the log. */
export type TableArgs = [doc: DynamoDBDocumentClient, tableName: string, log?: StoreLog];

export type ReadItem<T> = (item: Record<string, unknown>) => T;

/**
 * Turns a stored item into its domain record through the entity's schema. A read never
 * fails on what is stored (docs/architecture.md#write-discipline): an item the schema
 * refuses (a field written by an older version, a value no write would make today) is
 * logged with its key and the fields that failed, and returned as stored, so a list
 * shows what the item's GET shows.
 */
export function itemReader<T>(
  schema: ZodMiniType<T>,
  name: Entity,
  log: StoreLog = structuredLog,
): ReadItem<T> {
  return (item) => {
    const record = stripKeys(item);
    const parsed = schema.safeParse(record);
    if (parsed.success) return parsed.data;
    log('stored item read as stored: it does not match its schema', {
      entity: name,
      PK: item.PK,
      SK: item.SK,
      fields: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
    return record as T;
  };
}
