import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownIds } from '../http/caller-directory.ts';
import { keys } from './keys.ts';
import { queryItems } from './query.ts';

/**
 * Reads the ids of every unit, office and leader: three Queries of small partitions,
 * projecting the id alone (a unit item carries its facts, notes and contacts).
 */
export function createKnownIdsLoader(
  doc: DynamoDBDocumentClient,
  tableName: string,
): () => Promise<KnownIds> {
  const ids = async (PK: string, prefix: string) => {
    const items = await queryItems<{ id?: unknown }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
      ProjectionExpression: '#id',
      ExpressionAttributeNames: { '#id': 'id' },
    });
    return new Set(items.flatMap((item) => (typeof item.id === 'string' ? [item.id] : [])));
  };
  return async () => {
    const [unit, org, leader] = await Promise.all([
      ids(keys.unitsPartition, 'UNIT#'),
      ids(keys.orgsPartition, 'ORG#'),
      ids(keys.leadersPartition, 'LEADER#'),
    ]);
    return { unit, org, leader };
  };
}
