import type { DigestSection, Recipient } from '../../schemas/digests.ts';
import type { Leader, Org } from '../../schemas/directory.ts';
import type { DossierReport } from '../../schemas/dossiers.ts';
import type { Obstacle, ObstacleStatus } from '../../schemas/obstacles.ts';
import type { Task } from '../../schemas/tasks.ts';
import type { Unit } from '../../schemas/units.ts';
import type { BusinessDate } from '../calendar/calendar.ts';

/** What the digests read. Every method is a Query on an index; none scans. */
export interface DigestSource {
  units(): Promise<Unit[]>;
  orgs(): Promise<Org[]>;
  leaders(): Promise<Leader[]>;
  /** Obstacles of a unit (or every unit) reported between two instants. */
  obstaclesCreatedBetween(
    unitId: string | undefined,
    status: ObstacleStatus | undefined,
    from: string | undefined,
    to: string,
  ): Promise<Obstacle[]>;
  obstaclesInStatus(unitId: string | undefined, status: ObstacleStatus): Promise<Obstacle[]>;
  /** Obstacles of a unit (or every unit) that entered a status between two instants. */
  obstaclesEnteredStatusBetween(
    unitId: string | undefined,
    status: ObstacleStatus,
    from: string,
    to: string,
  ): Promise<Obstacle[]>;
  /** Open tasks of an assignee (`unit:x`, `org:y`, `*`) due before a date (exclusive). */
  openTasksDueBefore(assignee: string, date: BusinessDate): Promise<Task[]>;
  reportsOfDay(date: BusinessDate): Promise<DossierReport[]>;
}

export interface DigestDraft {
  recipient: Recipient;
  sections: DigestSection[];
  items: { type: 'obstacle' | 'task'; id: string; unitIds: string[] }[];
}
