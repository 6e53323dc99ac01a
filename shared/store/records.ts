/**
 * The reference records: units, offices and leaders, each kind kept whole in one small,
 * read-mostly partition (`UNITS` / `UNIT#id`). Written once by the seed, if absent; read by
 * key or as the whole partition.
 */
import type { ZodMiniType } from 'zod/mini';
import { type Entity, type ItemKey, itemReader, type TableArgs } from './item.ts';
import { putIfAbsent } from './put-if-absent.ts';
import { getItem, queryAll } from './reads.ts';

export interface RecordKind<T> {
  partition: string;
  prefix: string;
  tag: Entity;
  schema: ZodMiniType<T>;
}

/** The key of a record of that kind. */
export const recordKey =
  (kind: Pick<RecordKind<unknown>, 'partition' | 'prefix'>) =>
  (id: string): ItemKey => ({ PK: kind.partition, SK: `${kind.prefix}${id}` });

/** The Query of a whole partition of records. */
export const recordsQuery = (
  tableName: string,
  kind: Pick<RecordKind<unknown>, 'partition' | 'prefix'>,
) => ({
  TableName: tableName,
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  ExpressionAttributeValues: { ':pk': kind.partition, ':prefix': kind.prefix },
});

export function recordStore<T extends { id: string }>(
  [doc, tableName, log]: TableArgs,
  kind: RecordKind<T>,
) {
  const read = itemReader(kind.schema, kind.tag, log);
  const key = recordKey(kind);
  return {
    list: () => queryAll(doc, recordsQuery(tableName, kind), read),
    get: (id: string) => getItem(doc, tableName, key(id), read, false),
    putIfAbsent: (record: T) =>
      putIfAbsent(doc, tableName, { ...key(record.id), entity: kind.tag, ...record }),
  };
}
