/** What the task functions need, built once per container. */

import type { BusinessDate } from '#shared/domain/calendar/calendar.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { type TaskDeps, viewTask } from '#shared/domain/tasks.ts';
import { newUlid } from '#shared/ids.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { createAttachmentsRepository } from '#shared/store/entities/attachment.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { now, table, today } from './table.ts';

export const taskDeps: TaskDeps = {
  tasks: createTasksRepository(...table),
  directory: createDirectoryRepository(...table),
  calendar: vietnamCalendar,
  now,
  newId: () => newUlid(),
};

/** The task as the API shows it, as of a day: today unless the request asks for another. */
export const taskView = (task: Task, asOf: BusinessDate = today()) =>
  viewTask(task, asOf, taskDeps.calendar);

/** A create also checks the units, obstacles and visit it names. */
export const taskCreationDeps = {
  ...taskDeps,
  units: createUnitsRepository(...table),
  obstacles: createObstaclesRepository(...table),
  visits: createVisitsRepository(...table),
};

/** A transition also reads the attachments a completion names (shared/domain/evidence.ts). */
export const taskTransitionDeps = {
  ...taskDeps,
  attachments: createAttachmentsRepository(...table),
};
