import { vietnamCalendar } from '../domain/calendar/vietnam.ts';
import { newUlid } from '../ids.ts';
import { documentClient, tableConfig } from './client.ts';
import { createDirectoryRepository } from './directory-repository.ts';
import { createObstaclesRepository } from './obstacles-repository.ts';
import { createTasksRepository } from './tasks-repository.ts';
import { createUnitsRepository } from './units-repository.ts';
import { createVisitsRepository } from './visits-repository.ts';

/** What every visit function needs, built once per container. */
export const visitDeps = {
  visits: createVisitsRepository(documentClient, tableConfig.tableName),
  directory: createDirectoryRepository(documentClient, tableConfig.tableName),
  units: createUnitsRepository(documentClient, tableConfig.tableName),
  obstacles: createObstaclesRepository(documentClient, tableConfig.tableName),
  tasks: createTasksRepository(documentClient, tableConfig.tableName),
  calendar: vietnamCalendar,
  now: () => new Date().toISOString(),
  newId: () => newUlid(),
};
