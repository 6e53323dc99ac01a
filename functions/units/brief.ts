import { today } from '#functions/deps/table.ts';
import { overviewDeps } from '#functions/deps/units.ts';
import { functions } from '#functions/manifest.ts';
import { unitBrief } from '#shared/domain/unit-overview.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { unitBriefContract } from '#shared/schemas/overview.ts';

export const handler = httpHandler(
  functions.unitBrief,
  unitBriefContract,
  async ({ params, query, caller }) => ({
    body: await unitBrief(params.unitId, caller, query.asOf ?? today(), overviewDeps),
  }),
);
