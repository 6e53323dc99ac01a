import { functions, type HttpRoute } from '#functions/manifest.ts';
import { problemContentType } from '../http/problem.ts';
import type { RouteContract } from './contract.ts';
import { getDigestContract, listDigestsContract } from './digests.ts';
import {
  dossierReportHistoryContract,
  listDossierReportsContract,
  scorecardContract,
  submitDossierReportContract,
} from './dossiers.ts';
import {
  createObstacleContract,
  exportObstaclesContract,
  getObstacleContract,
  getObstacleHistoryContract,
  listObstaclesContract,
  transitionObstacleContract,
} from './obstacles.ts';
import { unitBriefContract, unitSummaryContract } from './overview.ts';
import { healthContract, openapiContract } from './system.ts';
import {
  commentTaskContract,
  createTaskContract,
  decideExtensionContract,
  exportTasksContract,
  getTaskContract,
  getTaskHistoryContract,
  listTasksContract,
  requestExtensionContract,
  taskStatsContract,
  transitionTaskContract,
} from './tasks.ts';
import { getUnitContract, listUnitsContract } from './units.ts';
import {
  addFindingContract,
  createVisitContract,
  getVisitContract,
  listVisitsContract,
} from './visits.ts';
import * as z from './zod.ts';

/** Every route's contract. A test checks this list against the manifest, both ways. */
export const contracts: RouteContract[] = [
  healthContract,
  openapiContract,
  listUnitsContract,
  getUnitContract,
  createObstacleContract,
  listObstaclesContract,
  exportObstaclesContract,
  getObstacleContract,
  getObstacleHistoryContract,
  transitionObstacleContract,
  createTaskContract,
  listTasksContract,
  exportTasksContract,
  taskStatsContract,
  getTaskContract,
  getTaskHistoryContract,
  transitionTaskContract,
  commentTaskContract,
  requestExtensionContract,
  decideExtensionContract,
  createVisitContract,
  listVisitsContract,
  getVisitContract,
  addFindingContract,
  submitDossierReportContract,
  listDossierReportsContract,
  dossierReportHistoryContract,
  unitSummaryContract,
  unitBriefContract,
  scorecardContract,
  listDigestsContract,
  getDigestContract,
];

type JsonSchema = Record<string, unknown>;

const componentUri = (id: string) => `#/components/schemas/${id}`;

function withoutMeta(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function schemaOf(schema: z.ZodMiniType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: componentUri(id) };
  // An inline schema names the registered schemas it holds under `$defs`; in the document
  // they live in components, so point there instead.
  const { $defs: _defs, ...inline } = withoutMeta(
    z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema,
  );
  return JSON.parse(JSON.stringify(inline).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function parameters(contract: RouteContract): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', contract.params],
    ['query', contract.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  for (const name of contract.headers ?? []) {
    out.push({
      name,
      in: 'header',
      required: name === 'If-Match',
      schema: { type: 'string' },
      description:
        name === 'If-Match'
          ? 'The ETag of the item as last read; a stale one is refused with 412'
          : 'Makes a retried create return the first result (per caller, 24 hours)',
    });
  }
  return out;
}

const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: { $ref: componentUri('Problem') } } },
});

/** Answers every route can give, whatever it does. */
const commonResponses = {
  400: problem('Invalid input: `errors` names each failing field'),
  401: problem('Missing, expired or invalid token'),
  403: problem('Your role may not use this route'),
  413: problem('Body over 64 KB'),
  500: problem('Internal error; details are logged, not returned'),
  503: problem('Database busy; retry after the Retry-After header'),
};

function operation(contract: RouteContract, route: HttpRoute): JsonSchema {
  const responses: Record<string, unknown> = { ...commonResponses };
  for (const [status, spec] of Object.entries(contract.responses)) {
    if (Number(status) >= 400) {
      responses[status] = problem(spec.description);
      continue;
    }
    responses[status] = spec.schema
      ? {
          description: spec.description,
          content: { [spec.contentType ?? 'application/json']: { schema: schemaOf(spec.schema) } },
        }
      : { description: spec.description };
  }
  const op: JsonSchema = {
    operationId: contract.name,
    summary: contract.summary,
    tags: contract.tags,
    description: `Roles: ${route.roles.join(', ')}.`,
    parameters: parameters(contract),
    responses,
  };
  if (contract.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: schemaOf(contract.body) } },
    };
    responses[415] = problem('Body is not JSON');
  }
  return op;
}

/** The OpenAPI 3.1 document of the API, generated from the manifest and the zod schemas. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const contract of contracts) {
    const spec = functions[contract.name];
    if (!('http' in spec)) continue;
    const route = spec.http;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(
      contract,
      route,
    );
  }
  const registered = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: componentUri,
  }) as { schemas: Record<string, JsonSchema> };
  const schemas = Object.fromEntries(
    Object.entries(registered.schemas).map(([id, schema]) => [id, withoutMeta(schema)]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Thaogo API',
      version,
      description:
        "Follow-up of city leaders' inspection visits to communes: visits, findings, obstacles, tasks and digests.",
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito access token (locally: `npm run token`).',
        },
      },
    },
  };
}
