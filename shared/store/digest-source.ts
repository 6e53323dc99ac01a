import type { EscalationRecorder } from '../domain/digests/run.ts';
import type { DigestSource } from '../domain/digests/source.ts';
import { drain } from '../domain/paging.ts';
import { newUlid } from '../ids.ts';
import { createDirectoryRepository } from './entities/directory.ts';
import { createDossiersRepository } from './entities/dossier.ts';
import { createObstaclesRepository } from './entities/obstacle.ts';
import { createTasksRepository } from './entities/task.ts';
import { createUnitsRepository } from './entities/unit.ts';
import type { TableArgs } from './item.ts';

/** The digests' reads, composed from the entities' own: each a Query on a listing or index. */
export function createDigestSource(...table: TableArgs): DigestSource {
  const units = createUnitsRepository(...table);
  const directory = createDirectoryRepository(...table);
  const obstacles = createObstaclesRepository(...table);
  const tasks = createTasksRepository(...table);
  const dossiers = createDossiersRepository(...table);
  return {
    units: () => units.listUnits(),
    orgs: () => directory.listOrgs(),
    leaders: () => directory.listLeaders(),
    obstaclesCreatedBetween: obstacles.obstaclesCreatedBetween,
    obstaclesEnteredStatusBetween: obstacles.obstaclesEnteredStatusBetween,
    obstaclesInStatus: (unitId, status) =>
      drain((after) => obstacles.list({ unitId, status }, { after, limit: 100 })),
    openTasksDueBefore: (assignee, date) =>
      drain((after) => tasks.list({ assignee, dueBefore: date }, { after, limit: 100 })),
    reportsOfDay: (date) => dossiers.listByDate(date),
  };
}

/** The ladder's writes, each the entity's own: every level once, in the item's history. */
export function createEscalationRecorder(...table: TableArgs): EscalationRecorder {
  const tasks = createTasksRepository(...table);
  const obstacles = createObstaclesRepository(...table);
  return {
    recordTaskLevel: (task, level, at) =>
      // Each level gets its own event id from the monotonic factory: levels recorded in one
      // run share their `at`, and still sort in the order they were reached.
      tasks.recordEscalation(task, level, new Date(at).toISOString(), newUlid(Date.parse(at))),
    recordObstacleEscalation: (obstacle, at) => obstacles.recordEscalation(obstacle, at),
  };
}
