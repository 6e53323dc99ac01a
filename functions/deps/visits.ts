/** What the visit functions need, built once per container. */
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { newUlid } from '#shared/ids.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { now, table } from './table.ts';

export const visitDeps = {
  visits: createVisitsRepository(...table),
  directory: createDirectoryRepository(...table),
  units: createUnitsRepository(...table),
  obstacles: createObstaclesRepository(...table),
  tasks: createTasksRepository(...table),
  calendar: vietnamCalendar,
  now,
  newId: () => newUlid(),
};
