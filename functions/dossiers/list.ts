import { dossierDeps } from '#functions/deps/dossiers.ts';
import { today } from '#functions/deps/table.ts';
import { functions } from '#functions/manifest.ts';
import { addCalendarDays } from '#shared/domain/calendar/calendar.ts';
import { requireOwnUnit } from '#shared/domain/dossiers.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listDossierReportsContract } from '#shared/schemas/dossiers.ts';

export const handler = httpHandler(
  functions.listDossierReports,
  listDossierReportsContract,
  async ({ params, query, caller }) => {
    requireOwnUnit(caller, params.unitId, 'readers-too');
    const to = query.to ?? today();
    const from = query.from ?? addCalendarDays(to, -29);
    return { body: { items: await dossierDeps.dossiers.list(params.unitId, from, to) } };
  },
);
