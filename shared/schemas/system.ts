import { defineContract } from './contract.ts';
import * as z from './zod.ts';

export const Health = z.named('Health', () =>
  z.strictObject({ status: z.literal('ok'), service: z.string(), version: z.string() }),
);

export const healthContract = defineContract({
  name: 'health',
  summary: 'Liveness of the API',
  tags: ['system'],
  responses: { 200: { description: 'The API answers', schema: Health } },
});

/** Only the outline: the OpenAPI specification itself defines the rest of the document. */
export const OpenApiDocument = z.named(
  'OpenApiDocument',
  () =>
    z.looseObject({
      openapi: z.string(),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.looseObject({})),
    }),
  'An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)',
);

export const openapiContract = defineContract({
  name: 'openapi',
  summary: 'This API described as OpenAPI 3.1',
  tags: ['system'],
  responses: { 200: { description: 'The OpenAPI document', schema: OpenApiDocument } },
});
