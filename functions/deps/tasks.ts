/** What the task functions need, built once per container. */
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { TaskDeps } from '#shared/domain/tasks.ts';
import { newUlid } from '#shared/ids.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { now, table } from './table.ts';

export const taskDeps: TaskDeps = {
  tasks: createTasksRepository(...table),
  directory: createDirectoryRepository(...table),
  calendar: vietnamCalendar,
  now,
  newId: () => newUlid(),
};

/** A create also checks the units, obstacles and visit it names. */
export const taskCreationDeps = {
  ...taskDeps,
  units: createUnitsRepository(...table),
  obstacles: createObstaclesRepository(...table),
  visits: createVisitsRepository(...table),
};
