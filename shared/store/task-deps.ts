import { vietnamCalendar } from '../domain/calendar/vietnam.ts';
import type { TaskDeps } from '../domain/tasks.ts';
import { newUlid } from '../ids.ts';
import { documentClient, tableConfig } from './client.ts';
import { createDirectoryRepository } from './directory-repository.ts';
import { createTasksRepository } from './tasks-repository.ts';

/** What every task function needs, built once per container. */
export const taskDeps: TaskDeps = {
  tasks: createTasksRepository(documentClient, tableConfig.tableName),
  directory: createDirectoryRepository(documentClient, tableConfig.tableName),
  calendar: vietnamCalendar,
  now: () => new Date().toISOString(),
  newId: () => newUlid(),
};
