import { documentClient, tableConfig } from './client.ts';
import { createDirectoryRepository } from './directory-repository.ts';
import { dossierDeps } from './dossier-deps.ts';
import { createObstaclesRepository } from './obstacles-repository.ts';
import { createTasksRepository } from './tasks-repository.ts';
import { createVisitsRepository } from './visits-repository.ts';

/** What the unit-overview functions need, built once per container: the dossiers' and more. */
export const overviewDeps = {
  ...dossierDeps,
  obstacles: createObstaclesRepository(documentClient, tableConfig.tableName),
  tasks: createTasksRepository(documentClient, tableConfig.tableName),
  visits: createVisitsRepository(documentClient, tableConfig.tableName),
  directory: createDirectoryRepository(documentClient, tableConfig.tableName),
};
