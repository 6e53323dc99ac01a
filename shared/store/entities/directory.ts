/** The directory entities: city offices and leaders, the people tasks are assigned to and by. */
import type { DirectoryStore } from '../../domain/directory.ts';
import { Leader, Org } from '../../schemas/directory.ts';
import { entity, type TableArgs } from '../item.ts';
import { type RecordKind, recordKey, recordStore } from '../records.ts';

export const orgRecords: RecordKind<Org> = {
  partition: 'ORGS',
  prefix: 'ORG#',
  tag: entity.org,
  schema: Org,
};

export const leaderRecords: RecordKind<Leader> = {
  partition: 'LEADERS',
  prefix: 'LEADER#',
  tag: entity.leader,
  schema: Leader,
};

export const directoryKeys = {
  org: recordKey(orgRecords),
  leader: recordKey(leaderRecords),
} as const;

export function createDirectoryRepository(...table: TableArgs): DirectoryStore {
  const orgs = recordStore(table, orgRecords);
  const leaders = recordStore(table, leaderRecords);
  return {
    listOrgs: orgs.list,
    listLeaders: leaders.list,
    getOrg: orgs.get,
    getLeader: leaders.get,
    putOrgIfAbsent: orgs.putIfAbsent,
    putLeaderIfAbsent: leaders.putIfAbsent,
  };
}
