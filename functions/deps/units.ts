/** What the unit functions need, built once per container: the overviews read everything. */
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { dossierDeps } from './dossiers.ts';
import { table } from './table.ts';

export const unitDeps = { units: dossierDeps.units };

/** The unit summary's and the pre-visit brief's: the dossiers' and more. */
export const overviewDeps = {
  ...dossierDeps,
  obstacles: createObstaclesRepository(...table),
  tasks: createTasksRepository(...table),
  visits: createVisitsRepository(...table),
  directory: createDirectoryRepository(...table),
};
