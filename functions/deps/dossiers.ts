/** What the dossier functions and the scorecard need, built once per container. */
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { DossierDeps } from '#shared/domain/dossiers.ts';
import { createDossiersRepository } from '#shared/store/entities/dossier.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { now, table } from './table.ts';

export const dossierDeps = {
  units: createUnitsRepository(...table),
  dossiers: createDossiersRepository(...table),
  calendar: vietnamCalendar,
  now,
} satisfies DossierDeps;
