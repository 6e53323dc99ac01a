import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Leader, Org } from '../schemas/directory.ts';
import { entity, keys } from './keys.ts';
import { putIfAbsent } from './put-if-absent.ts';

/** City offices and leaders: the people tasks are assigned to and by. */
export function createDirectoryRepository(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    putOrgIfAbsent(org: Org) {
      return putIfAbsent(doc, tableName, { ...keys.org(org.id), entity: entity.org, ...org });
    },
    putLeaderIfAbsent(leader: Leader) {
      return putIfAbsent(doc, tableName, {
        ...keys.leader(leader.id),
        entity: entity.leader,
        ...leader,
      });
    },
  };
}
