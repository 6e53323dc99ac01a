/**
 * The one place the app talks to the API: the base path, the bearer token, ETags and
 * If-Match, Idempotency-Keys, and problem+json refusals turned into ApiError. Every screen
 * goes through `api`; nothing else calls fetch for /api.
 */
import type { Problem } from '#shared/schemas/common.ts';
import type * as z from '#shared/schemas/zod.ts';

export const apiBase = '/api';

export type ProblemBody = z.infer<typeof Problem>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** The field errors of a 400, by field path (`quantity.total`). */
  get fields(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** No answer at all: offline, or the server is down. */
export class NetworkError extends Error {
  constructor() {
    super('Không kết nối được tới máy chủ. Kiểm tra mạng rồi thử lại.');
    this.name = 'NetworkError';
  }
}

export interface Reply<T> {
  data: T;
  etag?: string;
  status: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  ifMatch?: string;
  /** A create's key: the same key on a retry replays the first answer, never a second item. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface TokenSource {
  /** A token valid for at least the next minute, or undefined when signed out. */
  token(): Promise<string | undefined>;
  /** The server refused the token: ask the user to sign in again. */
  rejected(): void;
}

let tokens: TokenSource = { token: async () => undefined, rejected: () => undefined };

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${apiBase}${path}${search ? `?${search}` : ''}`;
}

async function problemOf(response: Response): Promise<ProblemBody> {
  try {
    const body = (await response.json()) as ProblemBody;
    if (body && typeof body.title === 'string') return body;
  } catch {
    // not JSON: fall through
  }
  return { type: 'about:blank', title: response.statusText || 'Lỗi', status: response.status };
}

async function send(method: string, path: string, options: RequestOptions = {}) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = await tokens.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkError();
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) tokens.rejected();
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function json<T>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  return {
    data: (text ? JSON.parse(text) : undefined) as T,
    etag: response.headers.get('ETag') ?? undefined,
    status: response.status,
  };
}

export const api = {
  get: async <T>(path: string, options?: RequestOptions) =>
    json<T>(await send('GET', path, options)),
  post: async <T>(path: string, options?: RequestOptions) =>
    json<T>(await send('POST', path, options)),
  put: async <T>(path: string, options?: RequestOptions) =>
    json<T>(await send('PUT', path, options)),
  /** A CSV export, saved under its own file name. */
  download: async (path: string, fileName: string, options?: RequestOptions) => {
    const response = await send('GET', path, options);
    const blob = await response.blob();
    const href = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = href;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(href);
  },
};
