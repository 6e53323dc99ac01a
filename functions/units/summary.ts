import { overviewDeps } from '#functions/deps/units.ts';
import { functions } from '#functions/manifest.ts';
import { unitSummary } from '#shared/domain/unit-overview.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { unitSummaryContract } from '#shared/schemas/overview.ts';

export const handler = httpHandler(
  functions.unitSummary,
  unitSummaryContract,
  async ({ params, query, caller }) => {
    const asOf = query.asOf ?? overviewDeps.calendar.dateOf(overviewDeps.now());
    return { body: await unitSummary(params.unitId, caller, asOf, overviewDeps) };
  },
);
