import { visitDeps } from '#functions/deps/visits.ts';
import { functions } from '#functions/manifest.ts';
import { createVisit } from '#shared/domain/visits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { createVisitContract } from '#shared/schemas/visits.ts';

export const handler = httpHandler(
  functions.createVisit,
  createVisitContract,
  async ({ body, caller, event }) => {
    const { visit, replayed } = await createVisit(body, caller, {
      ...visitDeps,
      idempotency: idempotencyClaim(event, body),
    });
    return {
      status: 201,
      headers: {
        Location: `/visits/${visit.id}`,
        ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
      body: visit,
    };
  },
);
