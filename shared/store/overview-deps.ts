import { vietnamCalendar } from '../domain/calendar/vietnam.ts';
import { documentClient, tableConfig } from './client.ts';
import { createDossiersRepository } from './dossiers-repository.ts';
import { createObstaclesRepository } from './obstacles-repository.ts';
import { createTasksRepository } from './tasks-repository.ts';
import { createUnitsRepository } from './units-repository.ts';
import { createVisitsRepository } from './visits-repository.ts';

/** What the dossier and unit-overview functions need, built once per container. */
export const overviewDeps = {
  units: createUnitsRepository(documentClient, tableConfig.tableName),
  obstacles: createObstaclesRepository(documentClient, tableConfig.tableName),
  tasks: createTasksRepository(documentClient, tableConfig.tableName),
  visits: createVisitsRepository(documentClient, tableConfig.tableName),
  dossiers: createDossiersRepository(documentClient, tableConfig.tableName),
  calendar: vietnamCalendar,
  now: () => new Date().toISOString(),
};
