import { visitDeps } from '#functions/deps/visits.ts';
import { functions } from '#functions/manifest.ts';
import { addFinding } from '#shared/domain/visits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { addFindingContract } from '#shared/schemas/visits.ts';

export const handler = httpHandler(
  functions.addFinding,
  addFindingContract,
  async ({ params, body, caller, event }) => {
    const { finding, replayed } = await addFinding(params.visitId, body, caller, {
      ...visitDeps,
      idempotency: idempotencyClaim(event, body),
    });
    return {
      status: 201,
      headers: replayed ? { 'Idempotent-Replayed': 'true' } : undefined,
      body: finding,
    };
  },
);
