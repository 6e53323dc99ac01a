/**
 * The local server: the API under `/api`, the web app beside it, and the local sign-in
 * (docs/architecture.md#web-app-and-the-local-server). An API request becomes the API
 * Gateway v2 event (payload 2.0) the deployed HTTP API would send for its `api` stage,
 * after the same JWT checks, and invokes the very handler module the Lambda runs. Routes
 * come from the manifest, as on AWS.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type HttpFunction, httpFunctions, routeKey } from '#functions/manifest.ts';
import { problemResponse, problemType } from '#shared/http/problem.ts';
import { type LocalKeys, TokenRejectedError, verifyToken } from './auth.ts';
import { listLocalAccounts, signInLocally } from './local-accounts.ts';
import { repoRoot } from './paths.ts';
import {
  createLocalS3,
  type LocalS3Options,
  s3BodyLimit,
  s3Error,
  s3Prefix,
} from './s3-endpoint.ts';
import {
  localConfig,
  type SiteAnswer,
  serveSite,
  siteMethodNotAllowed,
  siteSecurityHeaders,
} from './site.ts';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface RouteMatcher {
  fn: HttpFunction;
  key: string;
  pattern: RegExp;
  paramNames: string[];
  literalSegments: number;
}

/** API Gateway's own cap on an HTTP API request body. */
const gatewayBodyLimit = 10 * 1024 * 1024;

/** Where the API lives on the site, on both runtimes: `/api/units` is the route `GET /units`. */
export const apiPrefix = '/api';

/** The built app the server serves beside the API. */
export const defaultDistDir = resolve(repoRoot, 'web/dist');

function compile(fn: HttpFunction): RouteMatcher {
  const paramNames: string[] = [];
  const segments = fn.route.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '/([^/]+)';
      }
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  return {
    fn,
    key: routeKey(fn.route),
    pattern: new RegExp(`^${source || '/'}$`),
    paramNames,
    literalSegments: segments.length - paramNames.length,
  };
}

/** The route table, most specific first, as API Gateway prefers literal segments. */
export function buildRouteTable(fns: HttpFunction[] = httpFunctions()): RouteMatcher[] {
  return fns.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);
}

function match(table: RouteMatcher[], method: string, path: string) {
  for (const route of table) {
    if (route.fn.route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (!found) continue;
    const pathParameters: Record<string, string> = {};
    route.paramNames.forEach((name, i) => {
      pathParameters[name] = decodeURIComponent(found[i + 1] ?? '');
    });
    return { route, pathParameters };
  }
  return undefined;
}

async function readBody(
  request: IncomingMessage,
  limit = gatewayBodyLimit,
): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const textual =
  /^(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml)|application\/x-www-form-urlencoded)/i;

function lambdaContext(name: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `thaogo-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:thaogo-local-${name}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/thaogo-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    // API Gateway drops what JSON leaves out: headers whose value is undefined.
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  headers['content-length'] = String(body.byteLength);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}

function refuse(status: number, code: string, title: string, detail: string) {
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return problemResponse({ type: problemType(code), title, status, detail }, headers);
}

type Refusal = [status: number, code: string, title: string, detail: string];

/** What node's HTTP parser gives up on, as node itself answers it (bad request otherwise). */
const parserRefusals = new Map<string | undefined, Refusal>([
  [
    'HPE_HEADER_OVERFLOW',
    [
      431,
      'headers-too-large',
      'Request headers too large',
      'The request line or headers are over the size limit.',
    ],
  ],
  [
    'HPE_CHUNK_EXTENSIONS_OVERFLOW',
    [
      413,
      'payload-too-large',
      'The request body is too large',
      'Its chunk extensions are over the size limit.',
    ],
  ],
  [
    'ERR_HTTP_REQUEST_TIMEOUT',
    [408, 'request-timeout', 'Request timeout', 'The request did not arrive in time.'],
  ],
]);
const malformed: Refusal = [
  400,
  'bad-request',
  'Malformed request',
  'The request is not valid HTTP.',
];

/**
 * The answer to a request the parser gave up on (request line or headers over the limit,
 * malformed syntax, too slow): problem+json like every other refusal, written on the socket
 * since no request object exists to answer through.
 */
function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const result = refuse(...(parserRefusals.get(error.code) ?? malformed));
  const body = result.body ?? '';
  const head = [
    `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode ?? 400]}`,
    ...Object.entries(result.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** Writes what the site answers; a HEAD gets the headers (the length included) without the body. */
/** What CloudFront compresses (`compress: true`): text of 1 KB and more, for a client that takes gzip. */
const compressible = /^(?:text\/|application\/(?:javascript|json|manifest\+json)|image\/svg\+xml)/i;

function sendSite(
  response: ServerResponse,
  method: string,
  answer: SiteAnswer,
  acceptEncoding = '',
): void {
  let body = answer.body;
  const headers: Record<string, string> = { ...answer.headers };
  const type = headers['Content-Type'] ?? '';
  if (body.byteLength >= 1024 && compressible.test(type)) {
    headers.Vary = 'Accept-Encoding';
    if (/\bgzip\b/i.test(acceptEncoding)) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
  }
  response.writeHead(answer.status, { ...headers, 'content-length': String(body.byteLength) });
  response.end(method === 'HEAD' ? undefined : body);
}

/** A JSON answer of the local sign-in: never stored, and with the site's headers. */
function localJson(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      ...siteSecurityHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
    },
    body: JSON.stringify(body),
  };
}

/** A sign-in request body is one short id. */
const signInBodyLimit = 4096;

/**
 * `/local/accounts` and `/local/sign-in`: the app's sign-in on one machine, through the
 * local signer. The deployed stack has neither; its app signs in with Cognito.
 */
async function serveLocal(
  request: IncomingMessage,
  method: string,
  pathname: string,
  keys: LocalKeys,
): Promise<APIGatewayProxyStructuredResultV2> {
  const allow = (methods: string) => ({
    ...refuse(405, 'method-not-allowed', 'Method not allowed', `Use ${methods} on ${pathname}.`),
    headers: { 'Content-Type': 'application/problem+json', Allow: methods },
  });
  if (pathname === '/local/accounts') {
    if (method !== 'GET' && method !== 'HEAD') return allow('GET, HEAD');
    return localJson(200, { items: listLocalAccounts() });
  }
  if (pathname === '/local/sign-in') {
    if (method !== 'POST') return allow('POST');
    const raw = await readBody(request, signInBodyLimit);
    if (raw === 'too-large')
      return refuse(413, 'payload-too-large', 'The request body is too large', 'Send {"id"}.');
    let id: unknown;
    try {
      id = (JSON.parse(raw.toString('utf8')) as { id?: unknown } | null)?.id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string' || id === '') {
      return refuse(400, 'validation', 'Invalid request', 'Send {"id": "<account id>"}.');
    }
    const signedIn = await signInLocally(keys, id);
    if (!signedIn) {
      return refuse(404, 'not-found', 'Not found', `There is no local account ${id}.`);
    }
    return localJson(200, signedIn);
  }
  return refuse(404, 'no-route', 'Not found', `There is no local endpoint ${method} ${pathname}.`);
}

export interface LocalApiOptions {
  keys: LocalKeys;
  port: number;
  host?: string;
  /** The built app to serve beside the API; the repository's `web/dist` when absent. */
  distDir?: string;
  /** One line per request; silent when absent. */
  log?: (line: string) => void;
  /** The S3-compatible endpoint of attachments under `/local/s3/`; none when absent. */
  s3?: LocalS3Options;
}

export interface LocalApi {
  /** The site's origin, e.g. `http://localhost:3000`: the app, and the base of digest links. */
  origin: string;
  /** The API's base: `<origin>/api`. */
  url: string;
  routeKeys: string[];
  close(): Promise<void>;
}

/** Imports every handler the manifest names, then serves them. */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const table = buildRouteTable();
  const handlers = new Map<string, Handler>();
  for (const route of table) {
    const module = (await import(pathToFileURL(resolve(repoRoot, route.fn.spec.entry)).href)) as {
      handler?: Handler;
    };
    if (typeof module.handler !== 'function') {
      throw new Error(`${route.fn.spec.entry} does not export a handler`);
    }
    handlers.set(route.key, module.handler);
  }

  const distDir = options.distDir ?? defaultDistDir;
  const s3 = options.s3 ? createLocalS3(options.s3) : undefined;

  /** A request to the S3 endpoint, as a fetch Request: its own 6 MB cap, not the gateway's. */
  const serveS3 = async (request: IncomingMessage, method: string) => {
    if (!s3) return s3Error(404, 'NoSuchBucket', 'No bucket is served here.', method);
    const raw =
      method === 'POST' || method === 'PUT' ? await readBody(request, s3BodyLimit) : undefined;
    if (raw === 'too-large') {
      return s3Error(
        400,
        'EntityTooLarge',
        'Your proposed upload exceeds the maximum allowed size.',
      );
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(',') : value);
    }
    const origin = `http://${request.headers.host ?? 'localhost'}`;
    return s3(
      new Request(`${origin}${request.url ?? '/'}`, {
        method,
        headers,
        body: raw ? new Uint8Array(raw) : undefined,
      }),
    );
  };

  const serveApi = async (
    request: IncomingMessage,
    url: URL,
    method: string,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const routePath = url.pathname.slice(apiPrefix.length) || '/';
    let found: ReturnType<typeof match>;
    try {
      found = match(table, method, routePath);
    } catch {
      return refuse(400, 'bad-path', 'Malformed path', 'The path is not valid URL encoding.');
    }
    if (!found)
      return refuse(404, 'no-route', 'Not found', `There is no route ${method} ${url.pathname}.`);

    // As API Gateway's JWT authorizer reads its identity source: the token alone, or the
    // token after `Bearer `.
    const authorization = (request.headers.authorization ?? '').trim();
    const token = /^(?:Bearer\s+)?([^\s]+)$/i.exec(authorization)?.[1];
    if (!token)
      return refuse(401, 'unauthorized', 'Authentication required', 'Send a bearer token.');
    let claims: Record<string, string>;
    try {
      claims = await verifyToken(options.keys, token);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      return refuse(401, 'unauthorized', 'Authentication required', 'The token was rejected.');
    }

    const raw = await readBody(request);
    if (raw === 'too-large') {
      return refuse(413, 'payload-too-large', 'The request body is too large', 'Over 10 MB.');
    }
    // Built as own properties, as API Gateway's JSON does: assigning `query[name]` would
    // turn `__proto__` into the object's prototype, and the key would vanish before the
    // handler could refuse it.
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(request.headers).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]],
      ),
    );
    const query: Record<string, string> = Object.fromEntries(
      [...new Set(url.searchParams.keys())].map((name) => [
        name,
        url.searchParams.getAll(name).join(','),
      ]),
    );
    const isText = textual.test(headers['content-type'] ?? 'application/json');
    const now = new Date();
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: found.route.key,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      cookies: headers.cookie?.split(/;\s*/),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: Object.keys(found.pathParameters).length ? found.pathParameters : undefined,
      body: raw.byteLength ? raw.toString(isText ? 'utf8' : 'base64') : undefined,
      isBase64Encoded: raw.byteLength > 0 && !isText,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: found.route.key,
        // A named stage, as the API is mapped under /api: rawPath keeps the prefix.
        stage: 'api',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
    };
    const handler = handlers.get(found.route.key) as Handler;
    return handler(
      event,
      lambdaContext(found.route.fn.name, found.route.fn.spec.timeoutSeconds ?? 10),
    );
  };

  /** The API under /api, the local sign-in under /local, and the app everywhere else. */
  const serve = async (
    request: IncomingMessage,
  ): Promise<APIGatewayProxyStructuredResultV2 | SiteAnswer> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const under = (prefix: string) =>
      url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    if (under(apiPrefix)) return serveApi(request, url, method);
    if (under(s3Prefix)) return serveS3(request, method);
    if (under('/local')) return serveLocal(request, method, url.pathname, options.keys);
    if (method !== 'GET' && method !== 'HEAD') return siteMethodNotAllowed();
    if (url.pathname === '/config.json') return localConfig();
    return serveSite(distDir, url.pathname, {
      accept: request.headers.accept,
      'if-none-match': request.headers['if-none-match'],
    });
  };

  const server: Server = createServer((request, response) => {
    const started = performance.now();
    serve(request)
      .catch(() => refuse(500, 'internal', 'Internal error', 'The handler failed.'))
      .then((result) => {
        let status: number;
        if ('status' in result) {
          sendSite(
            response,
            (request.method ?? 'GET').toUpperCase(),
            result,
            String(request.headers['accept-encoding'] ?? ''),
          );
          status = result.status;
        } else {
          send(response, result);
          status = result.statusCode ?? 200;
        }
        const ms = (performance.now() - started).toFixed(0);
        options.log?.(`${request.method} ${request.url} → ${status} (${ms} ms)`);
      });
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As node itself does: answer only if nothing was written yet, and never a reset peer.
    if (error.code !== 'ECONNRESET' && socket.writable && socket.bytesWritten === 0) {
      socket.end(clientErrorResponse(error), () => socket.destroy());
    } else {
      socket.destroy();
    }
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  const origin = `http://localhost:${port}`;
  return {
    origin,
    url: `${origin}${apiPrefix}`,
    routeKeys: table.map((route) => route.key),
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
