import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownIds } from '../http/caller-directory.ts';
import { directoryKeys } from './entities/directory.ts';
import { unitKeys } from './entities/unit.ts';
import { queryAll } from './reads.ts';

/**
 * Reads the ids of every unit, office and leader: three Queries of small partitions,
 * projecting the id alone (a unit item carries its facts, notes and contacts).
 */
export function createKnownIdsLoader(
  doc: DynamoDBDocumentClient,
  tableName: string,
): () => Promise<KnownIds> {
  const ids = async (PK: string, prefix: string) => {
    const found = await queryAll(
      doc,
      {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { '#id': 'id' },
      },
      (item) => item.id,
    );
    return new Set(found.filter((id): id is string => typeof id === 'string'));
  };
  return async () => {
    const [unit, org, leader] = await Promise.all([
      ids(unitKeys.unitsPartition, unitKeys.unitPrefix),
      ids(directoryKeys.orgsPartition, directoryKeys.orgPrefix),
      ids(directoryKeys.leadersPartition, directoryKeys.leaderPrefix),
    ]);
    return { unit, org, leader };
  };
}
