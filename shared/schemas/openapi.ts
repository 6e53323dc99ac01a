import { problemContentType } from '../http/problem.ts';
import { attachmentContracts } from './attachments.ts';
import {
  type HttpRoute,
  type ResponseHeader,
  type ResponseSpec,
  type RouteContract,
  type RouteSpec,
  responseHeaders,
} from './contract.ts';
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
  ...attachmentContracts,
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

/**
 * Where clients send requests, relative to the document's own origin: the API is mounted
 * under `/api` of the site on both runtimes (the `api` stage on AWS, the local server's
 * prefix), beside the web app.
 */
export const apiServerUrl = '/api';

const componentPrefix = '#/components/schemas/';
const componentUri = (id: string) => `${componentPrefix}${id}`;

function withoutMeta(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * zod writes a record keyed by an enum (every key present) as `propertyNames` with a
 * `required` list, which leaves the required properties undefined for OpenAPI tools: a
 * generated client types it as an open map. The same shape as explicit properties says
 * exactly which keys come back.
 */
function exhaustiveRecordsAsProperties(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(exhaustiveRecordsAsProperties);
  if (!isObject(node)) return node;
  const out = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, exhaustiveRecordsAsProperties(value)]),
  );
  const { propertyNames, required, additionalProperties, properties } = out;
  if (
    propertyNames !== undefined &&
    properties === undefined &&
    Array.isArray(required) &&
    isObject(additionalProperties)
  ) {
    delete out.propertyNames;
    out.properties = Object.fromEntries(required.map((key) => [String(key), additionalProperties]));
    out.additionalProperties = false;
  }
  return out;
}

const jsonSchemaOptions = { target: 'draft-2020-12', io: 'input' } as const;

function schemaOf(schema: z.ZodMiniType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: componentUri(id) };
  // An inline schema names the registered schemas it holds under `$defs`; in the document
  // they live in components, so point there instead.
  const { $defs: _defs, ...inline } = withoutMeta(
    exhaustiveRecordsAsProperties(z.toJSONSchema(schema, jsonSchemaOptions)) as JsonSchema,
  );
  return JSON.parse(JSON.stringify(inline).replaceAll('"#/$defs/', `"${componentPrefix}`));
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

type HeaderSpec = Pick<ResponseSpec, 'headers' | 'optionalHeaders'>;

function headersOf(spec: HeaderSpec): JsonSchema | undefined {
  const entries = [
    ...(spec.headers ?? []).map((name) => [name, true] as const),
    ...(spec.optionalHeaders ?? []).map((name) => [name, false] as const),
  ];
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([name, required]: readonly [ResponseHeader, boolean]) => [
      name,
      { ...responseHeaders[name], required },
    ]),
  );
}

function withHeaders(response: JsonSchema, spec: HeaderSpec): JsonSchema {
  const headers = headersOf(spec);
  return headers ? { ...response, headers } : response;
}

const problem = (description: string, headers: HeaderSpec = {}) =>
  withHeaders(
    {
      description,
      content: { [problemContentType]: { schema: { $ref: componentUri('Problem') } } },
    },
    headers,
  );

/** Answers every route can give, whatever it does. */
const commonResponses = {
  400: problem('Invalid input: `errors` names each failing field'),
  401: problem('Missing, expired or invalid token', { headers: ['WWW-Authenticate'] }),
  403: problem('Your role may not use this route'),
  413: problem('Body over 64 KB'),
  500: problem('Internal error; details are logged, not returned'),
  503: problem('Database busy; retry after the Retry-After header', { headers: ['Retry-After'] }),
};

/** A body without a schema is sent as is: text, in its declared media type. */
const text = { type: 'string' };

function response(spec: ResponseSpec): JsonSchema {
  const contentType = spec.contentType ?? 'application/json';
  const content =
    spec.schema || spec.contentType
      ? { [contentType]: { schema: spec.schema ? schemaOf(spec.schema) : text } }
      : undefined;
  return withHeaders(
    content ? { description: spec.description, content } : { description: spec.description },
    spec,
  );
}

function operation(contract: RouteContract, route: HttpRoute): JsonSchema {
  const responses: Record<string, unknown> = { ...commonResponses };
  for (const [status, spec] of Object.entries(contract.responses)) {
    responses[status] = Number(status) >= 400 ? problem(spec.description, spec) : response(spec);
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

/**
 * The named schemas the paths use, directly or through each other, in name order. The
 * registry holds whatever modules the process loaded (all of them locally, one function's
 * on AWS), so it alone would make the document differ by runtime and list unused schemas.
 */
function usedSchemas(paths: unknown, registered: Record<string, JsonSchema>) {
  const used = new Map<string, JsonSchema>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$ref' || typeof value !== 'string') {
        visit(value);
        continue;
      }
      const id = value.startsWith(componentPrefix) ? value.slice(componentPrefix.length) : '';
      const schema = registered[id];
      if (!schema || used.has(id)) continue;
      used.set(id, schema);
      visit(schema);
    }
  };
  visit(paths);
  return Object.fromEntries([...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface OpenApiOptions {
  version: string;
  /** Defaults to {@link apiServerUrl}. */
  serverUrl?: string;
  /** The manifest's functions by name: the routes the document describes. */
  routes: Readonly<Record<string, RouteSpec>>;
}

/** The OpenAPI 3.1 document of the API, generated from the manifest and the zod schemas. */
export function buildOpenApiDocument({
  version,
  serverUrl = apiServerUrl,
  routes,
}: OpenApiOptions): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const contract of contracts) {
    const route = routes[contract.name]?.http;
    if (!route) continue;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(
      contract,
      route,
    );
  }
  const registered = exhaustiveRecordsAsProperties(
    z.toJSONSchema(z.globalRegistry, { ...jsonSchemaOptions, uri: componentUri }),
  ) as { schemas: Record<string, JsonSchema> };
  const schemas = usedSchemas(
    paths,
    Object.fromEntries(
      Object.entries(registered.schemas).map(([id, schema]) => [id, withoutMeta(schema)]),
    ),
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
    servers: [{ url: serverUrl, description: 'This API, beside this document' }],
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
