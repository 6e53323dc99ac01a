import { today } from '#functions/deps/table.ts';
import { visitDeps } from '#functions/deps/visits.ts';
import { functions } from '#functions/manifest.ts';
import { getVisitView } from '#shared/domain/visits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getVisitContract } from '#shared/schemas/visits.ts';

export const handler = httpHandler(
  functions.getVisit,
  getVisitContract,
  async ({ params, query, caller }) => ({
    body: await getVisitView(params.visitId, caller, query.asOf ?? today(), visitDeps),
  }),
);
