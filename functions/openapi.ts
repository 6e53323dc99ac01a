import { functions } from '#functions/manifest.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { buildOpenApiDocument } from '#shared/schemas/openapi.ts';
import { openapiContract } from '#shared/schemas/system.ts';

/** Built once per container: the document only changes with the code. */
const document = buildOpenApiDocument({
  version: process.env.APP_VERSION ?? 'dev',
  routes: functions,
});

export const handler = httpHandler(functions.openapi, openapiContract, async () => ({
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: document,
}));
