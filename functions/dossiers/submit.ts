import { dossierDeps } from '#functions/deps/dossiers.ts';
import { functions } from '#functions/manifest.ts';
import { submitDossierReport } from '#shared/domain/dossiers.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { submitDossierReportContract } from '#shared/schemas/dossiers.ts';

export const handler = httpHandler(
  functions.submitDossierReport,
  submitDossierReportContract,
  async ({ params, body, caller, event }) => {
    const { report, created } = await submitDossierReport(
      params.unitId,
      params.date,
      body,
      event.headers?.['if-match'],
      caller,
      dossierDeps,
    );
    return { status: created ? 201 : 200, headers: { ETag: etagOf(report) }, body: report };
  },
);
