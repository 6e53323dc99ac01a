import { dossierDeps } from '#functions/deps/dossiers.ts';
import { functions } from '#functions/manifest.ts';
import { requireOwnUnit } from '#shared/domain/dossiers.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { dossierReportHistoryContract } from '#shared/schemas/dossiers.ts';

export const handler = httpHandler(
  functions.dossierReportHistory,
  dossierReportHistoryContract,
  async ({ params, caller }) => {
    requireOwnUnit(caller, params.unitId, 'readers-too');
    const items = await dossierDeps.dossiers.history(params.unitId, params.date);
    if (items.length === 0) throw new NotFoundError(`There is no report of ${params.date}.`);
    return { body: { items } };
  },
);
