import type { Leader, Org } from '../schemas/directory.ts';

/** City offices and leaders, as the use cases need them. */
export interface DirectoryStore {
  listOrgs(): Promise<Org[]>;
  listLeaders(): Promise<Leader[]>;
  getOrg(orgId: string): Promise<Org | undefined>;
  getLeader(leaderId: string): Promise<Leader | undefined>;
  putOrgIfAbsent(org: Org): Promise<'created' | 'exists'>;
  putLeaderIfAbsent(leader: Leader): Promise<'created' | 'exists'>;
}
