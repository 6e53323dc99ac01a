/** What the task use cases need from the world: the store and the rest of their dependencies. */
import type { Task, TaskEvent, TaskStatus } from '../../schemas/tasks.ts';
import type { Visit } from '../../schemas/visits.ts';
import type { BusinessDate, Calendar } from '../calendar/calendar.ts';
import type { DirectoryStore } from '../directory.ts';
import type { IdempotencyClaim, OwnedClaim } from '../idempotency.ts';
import type { ObstacleStore } from '../obstacles.ts';
import type { UnitStore } from '../units.ts';
import type { VersionedStore } from '../versioning.ts';
import type { VisitStore } from '../visits/ports.ts';
import type { AssigneeKey } from './machine.ts';

export interface TaskQuery {
  assignee: AssigneeKey;
  status?: TaskStatus;
  /** Open tasks whose current due date is before this date (exclusive). */
  dueBefore?: BusinessDate;
}

export interface TaskStore extends VersionedStore<'task', Task, TaskEvent, TaskQuery> {
  /** Writes the change and its event at once, if the stored version is still `before.version`. */
  update(before: Task, after: Task, event: TaskEvent): Promise<void>;
  /**
   * Raises the escalation level to `level` with its history event, as one more version of
   * the task; false when the task is at that level already (or gone).
   */
  recordEscalation(task: Task, level: number, at: string, eventId: string): Promise<boolean>;
  /** A comment: an event that changes nothing else. */
  addComment(
    event: TaskEvent,
    claim: OwnedClaim | undefined,
  ): Promise<{ event: TaskEvent; replayed: boolean }>;
}

/** What stamps a write: the time it happens, and the ids of what it creates. */
export interface Stamps {
  now: () => string;
  newId: () => string;
}

export interface TaskDeps extends Stamps {
  tasks: TaskStore;
  directory: DirectoryStore;
  calendar: Calendar;
}

/** A create also checks the units, obstacles and visit it names. */
export type TaskCreationDeps = TaskDeps & {
  units: UnitStore;
  obstacles: Pick<ObstacleStore, 'get'>;
  visits: Pick<VisitStore, 'get' | 'findings'>;
  idempotency?: IdempotencyClaim;
};

export type TaskPreparationDeps = Stamps &
  Pick<TaskDeps, 'directory' | 'calendar'> & {
    units: UnitStore;
    obstacles: Pick<ObstacleStore, 'get'>;
    /** The visit of `input.visitId`, already read and checked as the caller's to see. */
    visit?: Pick<Visit, 'id' | 'units'>;
  };
