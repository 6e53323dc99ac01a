/** The directory entities: city offices and leaders, the people tasks are assigned to and by. */
import type { DirectoryStore } from '../../domain/directory.ts';
import { Leader, Org } from '../../schemas/directory.ts';
import { entity, type ItemKey, itemReader, type TableArgs } from '../item.ts';
import { putIfAbsent } from '../put-if-absent.ts';
import { getItem, queryAll } from '../reads.ts';

export const directoryKeys = {
  orgsPartition: 'ORGS',
  orgPrefix: 'ORG#',
  org: (orgId: string): ItemKey => ({ PK: 'ORGS', SK: `ORG#${orgId}` }),
  leadersPartition: 'LEADERS',
  leaderPrefix: 'LEADER#',
  leader: (leaderId: string): ItemKey => ({ PK: 'LEADERS', SK: `LEADER#${leaderId}` }),
} as const;

export function createDirectoryRepository(...[doc, tableName, log]: TableArgs): DirectoryStore {
  const readOrg = itemReader(Org, entity.org, log);
  const readLeader = itemReader(Leader, entity.leader, log);
  const all = <T>(PK: string, read: (item: Record<string, unknown>) => T) =>
    queryAll(
      doc,
      {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': PK },
      },
      read,
    );
  return {
    listOrgs: () => all(directoryKeys.orgsPartition, readOrg),
    listLeaders: () => all(directoryKeys.leadersPartition, readLeader),
    getOrg: (orgId) => getItem(doc, tableName, directoryKeys.org(orgId), readOrg, false),
    getLeader: (leaderId) =>
      getItem(doc, tableName, directoryKeys.leader(leaderId), readLeader, false),
    putOrgIfAbsent: (org) =>
      putIfAbsent(doc, tableName, { ...directoryKeys.org(org.id), entity: entity.org, ...org }),
    putLeaderIfAbsent: (leader) =>
      putIfAbsent(doc, tableName, {
        ...directoryKeys.leader(leader.id),
        entity: entity.leader,
        ...leader,
      }),
  };
}
