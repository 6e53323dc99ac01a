import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownIds } from '../http/caller-directory.ts';
import { leaderRecords, orgRecords } from './entities/directory.ts';
import { unitRecords } from './entities/unit.ts';
import { queryAll } from './reads.ts';
import { type RecordKind, recordsQuery } from './records.ts';

/**
 * Reads the ids of every unit, office and leader: three Queries of small partitions,
 * projecting the id alone (a unit item carries its facts, notes and contacts).
 */
export function createKnownIdsLoader(
  doc: DynamoDBDocumentClient,
  tableName: string,
): () => Promise<KnownIds> {
  const ids = async (kind: Pick<RecordKind<unknown>, 'partition' | 'prefix'>) => {
    const found = await queryAll(
      doc,
      {
        ...recordsQuery(tableName, kind),
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { '#id': 'id' },
      },
      (item) => item.id,
    );
    return new Set(found.filter((id): id is string => typeof id === 'string'));
  };
  return async () => {
    const [unit, org, leader] = await Promise.all([
      ids(unitRecords),
      ids(orgRecords),
      ids(leaderRecords),
    ]);
    return { unit, org, leader };
  };
}
