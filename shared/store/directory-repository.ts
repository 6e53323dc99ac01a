import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DirectoryStore } from '../domain/directory.ts';
import type { Leader, Org } from '../schemas/directory.ts';
import { entity, type ItemKey, keys, stripKeys } from './keys.ts';
import { putIfAbsent } from './put-if-absent.ts';
import { queryItems } from './query.ts';

/** City offices and leaders: the people tasks are assigned to and by. */
export function createDirectoryRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): DirectoryStore {
  const get = async <T>(Key: ItemKey) => {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key }));
    return Item ? stripKeys<T>(Item) : undefined;
  };
  const all = <T>(PK: string) =>
    queryItems<T>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
    });
  return {
    listOrgs: () => all<Org>(keys.orgsPartition),
    listLeaders: () => all<Leader>(keys.leadersPartition),
    getOrg: (orgId) => get<Org>(keys.org(orgId)),
    getLeader: (leaderId) => get<Leader>(keys.leader(leaderId)),
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
