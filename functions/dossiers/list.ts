import { addCalendarDays } from '#shared/domain/calendar/calendar.ts';
import { requireOwnUnit } from '#shared/domain/dossiers.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listDossierReportsContract } from '#shared/schemas/dossiers.ts';
import { overviewDeps } from '#shared/store/overview-deps.ts';

export const handler = httpHandler(
  listDossierReportsContract,
  async ({ params, query, caller }) => {
    requireOwnUnit(caller, params.unitId, 'readers-too');
    const to = query.to ?? overviewDeps.calendar.dateOf(overviewDeps.now());
    const from = query.from ?? addCalendarDays(to, -29);
    return { body: { items: await overviewDeps.dossiers.list(params.unitId, from, to) } };
  },
);
