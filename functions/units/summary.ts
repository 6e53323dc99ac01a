import { today } from '#functions/deps/table.ts';
import { overviewDeps } from '#functions/deps/units.ts';
import { functions } from '#functions/manifest.ts';
import { unitSummary } from '#shared/domain/unit-overview.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { unitSummaryContract } from '#shared/schemas/overview.ts';

export const handler = httpHandler(
  functions.unitSummary,
  unitSummaryContract,
  async ({ params, query, caller }) => ({
    body: await unitSummary(params.unitId, caller, query.asOf ?? today(), overviewDeps),
  }),
);
