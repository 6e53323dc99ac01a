import { visitDeps } from '#functions/deps/visits.ts';
import { created, withClaim } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { addFinding } from '#shared/domain/visits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { addFindingContract } from '#shared/schemas/visits.ts';

export const handler = httpHandler(
  functions.addFinding,
  addFindingContract,
  async ({ params, body, caller, event }) => {
    const { finding, replayed } = await addFinding(
      params.visitId,
      body,
      caller,
      withClaim(visitDeps, event, body),
    );
    return created(finding, replayed);
  },
);
