import { defineContract } from './contract.ts';
import * as z from './zod.ts';

export const Health = z
  .lazy(() => z.strictObject({ status: z.literal('ok'), service: z.string(), version: z.string() }))
  .register(z.globalRegistry, { id: 'Health' });

export const healthContract = defineContract({
  name: 'health',
  summary: 'Liveness of the API',
  tags: ['system'],
  responses: { 200: { description: 'The API answers', schema: Health } },
});

export const openapiContract = defineContract({
  name: 'openapi',
  summary: 'This API described as OpenAPI 3.1',
  tags: ['system'],
  responses: { 200: { description: 'The OpenAPI document' } },
});
