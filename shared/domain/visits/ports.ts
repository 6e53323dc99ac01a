/** What the visit use cases need from the world: the store and the rest of their dependencies. */
import type { Obstacle, ObstacleEvent } from '../../schemas/obstacles.ts';
import type { Task, TaskEvent } from '../../schemas/tasks.ts';
import type { Finding, Visit } from '../../schemas/visits.ts';
import type { BusinessDate } from '../calendar/calendar.ts';
import type { DirectoryStore } from '../directory.ts';
import type { OwnedClaim } from '../idempotency.ts';
import type { UnitStore } from '../units.ts';

/** What a finding brings into being with it, written in one transaction. */
export interface FindingCreations {
  obstacle?: { obstacle: Obstacle; event: ObstacleEvent };
  tasks: { task: Task; event: TaskEvent }[];
}

export interface VisitStore {
  create(visit: Visit, claim: OwnedClaim | undefined): Promise<{ visit: Visit; replayed: boolean }>;
  findVisitReplay(claim: OwnedClaim): Promise<Visit | undefined>;
  get(id: string): Promise<Visit | undefined>;
  findings(visitId: string): Promise<Finding[]>;
  /** `unit` is a unit id or `*`; dates inclusive. */
  list(
    unit: string,
    range: { from?: BusinessDate; to?: BusinessDate },
    page: { after?: string; limit: number },
  ): Promise<{ items: Visit[]; last?: string }>;
  /**
   * Whether the finding and all it creates (with its idempotency record) fit in one write:
   * the store knows what it writes for each and the bound of one transaction.
   */
  fitsOneWrite(creations: FindingCreations, claim: OwnedClaim | undefined): boolean;
  /** The finding and all it creates, or nothing. */
  addFinding(
    finding: Finding,
    creations: FindingCreations,
    claim: OwnedClaim | undefined,
  ): Promise<{ finding: Finding; replayed: boolean }>;
  findFindingReplay(claim: OwnedClaim): Promise<Finding | undefined>;
}

export interface VisitDeps {
  visits: VisitStore;
  directory: DirectoryStore;
  units: UnitStore;
  now: () => string;
  newId: () => string;
}
