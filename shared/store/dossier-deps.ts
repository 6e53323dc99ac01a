/** What the dossier functions need, built once per container: no more than that. */
import { vietnamCalendar } from '../domain/calendar/vietnam.ts';
import type { DossierDeps } from '../domain/dossiers.ts';
import { documentClient, tableConfig } from './client.ts';
import { createDossiersRepository } from './dossiers-repository.ts';
import { createUnitsRepository } from './units-repository.ts';

export const dossierDeps = {
  units: createUnitsRepository(documentClient, tableConfig.tableName),
  dossiers: createDossiersRepository(documentClient, tableConfig.tableName),
  calendar: vietnamCalendar,
  now: () => new Date().toISOString(),
} satisfies DossierDeps;
