import { visitDeps } from '#functions/deps/visits.ts';
import { created, withClaim } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { createVisit } from '#shared/domain/visits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { createVisitContract } from '#shared/schemas/visits.ts';

export const handler = httpHandler(
  functions.createVisit,
  createVisitContract,
  async ({ body, caller, event }) => {
    const { visit, replayed } = await createVisit(body, caller, withClaim(visitDeps, event, body));
    return created(visit, replayed, { location: `/visits/${visit.id}` });
  },
);
