/**
 * The local runtime's S3-compatible endpoint for attachments, at `<origin>/local/s3/<bucket>`
 * (path style, on the app's own origin so its CSP stays `connect-src 'self'`). The npm S3
 * emulators skip the POST policy; this one enforces what the real bucket would:
 *
 * - POST (a browser's form upload): the policy's Signature V4 (`X-Amz-Signature`, the HMAC
 *   chain kDate → kRegion → kService → kSigning over the base64 policy), its expiration,
 *   and each of its conditions (exact fields, `starts-with`, `content-length-range`,
 *   bucket, key, Content-Type, the credential, algorithm and date, `x-amz-meta-*`); every
 *   form field must be named by a condition, as S3 requires.
 * - GET with a presigned query (`X-Amz-Signature`, `X-Amz-Expires`), and GET or HEAD signed
 *   in the Authorization header (the functions' HeadObject): the canonical request of
 *   Signature V4 recomputed and compared, and the time checked.
 *
 * Files go under `<dataDir>/uploads/<bucket>/<key>`, their content type and metadata in a
 * sidecar JSON under `<dataDir>/uploads/.meta/`. Refusals are S3's XML errors with S3's
 * statuses (AccessDenied 403, SignatureDoesNotMatch 403, EntityTooLarge 400, …).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadOrCreateSecret } from './auth.ts';

/** The key id the functions sign with locally; the secret is made once per data folder. */
export const localS3Credentials = (secretAccessKey: string) => ({
  accessKeyId: 'local',
  secretAccessKey,
});

/** The secret that signs uploads locally, made on first use beside the cursor key. */
export const loadOrCreateS3Secret = (dataDir: string): string =>
  loadOrCreateSecret(dataDir, 's3-secret.key', () => randomBytes(30).toString('base64url'));

/** Where the endpoint is mounted on the local server. */
export const s3Prefix = '/local/s3';

/** A form upload's largest body: the 5 MB file and its fields; beyond, refused unread. */
export const s3BodyLimit = 6 * 1024 * 1024;

export interface LocalS3Options {
  /** Files go under `<dataDir>/uploads/`. */
  dataDir: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The clock the expiries are checked against. */
  now?: () => Date;
}

export interface S3Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const algorithm = 'AWS4-HMAC-SHA256';
/** How far a header-signed request's time may be from ours, as S3 allows. */
const skewMs = 15 * 60 * 1000;

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function s3Error(status: number, code: string, message: string, method = 'GET'): S3Answer {
  const body =
    method === 'HEAD'
      ? Buffer.alloc(0)
      : Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
        );
  return {
    status,
    headers: {
      'Content-Type': 'application/xml',
      'Cache-Control': 'no-store',
      'x-amz-error-code': code,
    },
    body,
  };
}

const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** kDate → kRegion → kService → kSigning. */
export function signingKey(secret: string, date: string, region: string, service = 's3'): Buffer {
  const kDate = hmac(`AWS4${secret}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `20250704T030000Z` as a time. */
function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

type Refusal = S3Answer;

/** The credential `<key id>/<date>/<region>/s3/aws4_request`, checked against ours. */
function checkCredential(
  credential: string | undefined,
  options: LocalS3Options,
): { date: string; scope: string } | Refusal {
  const parts = (credential ?? '').split('/');
  if (parts.length !== 5 || parts[3] !== 's3' || parts[4] !== 'aws4_request') {
    return s3Error(400, 'AuthorizationQueryParametersError', 'The credential is malformed.');
  }
  const [keyId, date, region] = parts as [string, string, string];
  if (keyId !== options.credentials.accessKeyId) {
    return s3Error(403, 'InvalidAccessKeyId', 'The access key does not exist in our records.');
  }
  if (region !== options.region) {
    return s3Error(400, 'AuthorizationHeaderMalformed', `The region must be ${options.region}.`);
  }
  return { date, scope: parts.slice(1).join('/') };
}

const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

/**
 * S3's refusal when `signature` is not the Signature V4 of `toSign` under our secret, for the
 * credential's day; none when it is. A POST signs its policy, a signed GET its string to sign.
 */
function signatureRefused(
  options: LocalS3Options,
  date: string,
  toSign: string,
  signature: string,
  method: string,
): Refusal | undefined {
  const key = signingKey(options.credentials.secretAccessKey, date, options.region);
  if (sameHex(hmac(key, toSign).toString('hex'), signature)) return undefined;
  return s3Error(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided.',
    method,
  );
}

// ---------------------------------------------------------------- the POST policy

type Condition =
  | { kind: 'eq'; field: string; value: string }
  | { kind: 'starts-with'; field: string; value: string }
  | { kind: 'range'; min: number; max: number };

function parseConditions(raw: unknown): Condition[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const conditions: Condition[] = [];
  for (const entry of raw) {
    if (Array.isArray(entry)) {
      const [op, a, b] = entry as unknown[];
      if (op === 'content-length-range' && typeof a === 'number' && typeof b === 'number') {
        conditions.push({ kind: 'range', min: a, max: b });
      } else if (
        (op === 'eq' || op === 'starts-with') &&
        typeof a === 'string' &&
        a.startsWith('$') &&
        typeof b === 'string'
      ) {
        conditions.push({ kind: op, field: a.slice(1).toLowerCase(), value: b });
      } else {
        return undefined;
      }
    } else if (entry && typeof entry === 'object') {
      const pairs = Object.entries(entry as Record<string, unknown>);
      if (pairs.length !== 1 || typeof pairs[0]?.[1] !== 'string') return undefined;
      const [field, value] = pairs[0] as [string, string];
      conditions.push({ kind: 'eq', field: field.toLowerCase(), value });
    } else {
      return undefined;
    }
  }
  return conditions;
}

/** Fields S3 never asks a condition for. */
const exempt = new Set(['policy', 'x-amz-signature', 'file']);

const policyFailed = (detail: string) =>
  s3Error(403, 'AccessDenied', `Invalid according to Policy: ${detail}`, 'POST');

/**
 * Checks a form upload against its policy and signature; the object to store if it passes.
 * `bucket` is the one of the URL; `fields` the form's text fields, names as sent.
 */
export function checkPostPolicy(
  bucket: string,
  fields: Map<string, string>,
  file: { size: number } | undefined,
  options: LocalS3Options,
):
  | Refusal
  | {
      key: string;
      contentType: string;
      meta: Record<string, string>;
      tags: Record<string, string>;
    } {
  const lower = new Map<string, string>();
  for (const [name, value] of fields) lower.set(name.toLowerCase(), value);
  const policy = lower.get('policy');
  const signature = lower.get('x-amz-signature');
  if (!policy || !signature) {
    return s3Error(403, 'AccessDenied', 'Policy and X-Amz-Signature are required.', 'POST');
  }
  if (lower.get('x-amz-algorithm') !== algorithm) {
    return s3Error(400, 'InvalidRequest', `X-Amz-Algorithm must be ${algorithm}.`, 'POST');
  }
  const credential = checkCredential(lower.get('x-amz-credential'), options);
  if (isRefusal(credential)) return credential;
  const forged = signatureRefused(options, credential.date, policy, signature, 'POST');
  if (forged) return forged;

  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  } catch {
    return s3Error(400, 'InvalidPolicyDocument', 'The policy is not valid JSON.', 'POST');
  }
  const expiration =
    typeof document.expiration === 'string' ? Date.parse(document.expiration) : Number.NaN;
  if (Number.isNaN(expiration)) {
    return s3Error(400, 'InvalidPolicyDocument', 'The policy has no valid expiration.', 'POST');
  }
  const now = (options.now ?? (() => new Date()))().getTime();
  if (expiration < now) return policyFailed('Policy expired.');
  const conditions = parseConditions(document.conditions);
  if (!conditions) {
    return s3Error(400, 'InvalidPolicyDocument', 'A condition is malformed.', 'POST');
  }

  // The bucket is the URL's, whether or not the form names it.
  const fieldValue = (field: string) => (field === 'bucket' ? bucket : lower.get(field));
  const covered = new Set<string>();
  for (const condition of conditions) {
    if (condition.kind === 'range') {
      const size = file?.size ?? 0;
      if (size > condition.max) {
        return s3Error(
          400,
          'EntityTooLarge',
          `Your proposed upload exceeds the maximum allowed size of ${condition.max} bytes.`,
          'POST',
        );
      }
      if (size < condition.min) {
        return s3Error(
          400,
          'EntityTooSmall',
          `Your proposed upload is smaller than the minimum allowed size of ${condition.min} bytes.`,
          'POST',
        );
      }
      continue;
    }
    covered.add(condition.field);
    const actual = fieldValue(condition.field) ?? '';
    const holds =
      condition.kind === 'eq' ? actual === condition.value : actual.startsWith(condition.value);
    if (!holds) {
      return policyFailed(
        `Policy Condition failed: ["${condition.kind}", "$${condition.field}", "${condition.value}"]`,
      );
    }
  }
  for (const name of lower.keys()) {
    if (exempt.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    return policyFailed(`Extra input fields: ${name}`);
  }
  if (!covered.has('bucket')) return policyFailed('Policy Condition failed: bucket');
  const key = lower.get('key');
  if (!key || !covered.has('key')) return policyFailed('Policy Condition failed: key');
  if (!file) {
    return s3Error(
      400,
      'InvalidArgument',
      'POST requires exactly one file upload per request.',
      'POST',
    );
  }
  const meta: Record<string, string> = {};
  for (const [name, value] of lower) {
    if (name.startsWith('x-amz-meta-')) meta[name.slice('x-amz-meta-'.length)] = value;
  }
  const tagging = lower.get('tagging');
  const tags = tagging === undefined ? {} : parseTagging(tagging);
  if (!tags) return s3Error(400, 'MalformedXML', 'The tagging is not valid.', 'POST');
  return {
    key,
    contentType: lower.get('content-type') ?? 'binary/octet-stream',
    meta,
    tags,
  };
}

// ---------------------------------------------------------------- signed GET and HEAD

/** RFC 3986 encoding, as Signature V4 wants it. */
const strictEncode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function canonicalQuery(url: URL, leaveOut: string | undefined): string {
  return [...url.searchParams.entries()]
    .filter(([name]) => name !== leaveOut)
    .map(([name, value]) => [strictEncode(name), strictEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * Checks a GET or HEAD signed with Signature V4, in the query (a presigned URL) or in the
 * Authorization header; undefined when it holds.
 */
export function checkSignedRequest(
  method: string,
  url: URL,
  headers: Headers,
  options: LocalS3Options,
  body: Buffer = Buffer.alloc(0),
): Refusal | undefined {
  const now = (options.now ?? (() => new Date()))().getTime();
  const query = url.searchParams;
  let credentialText: string | undefined;
  let signedHeaders: string;
  let signature: string;
  let amzDate: string;
  let payloadHash: string;
  let leaveOut: string | undefined;
  if (query.has('X-Amz-Signature')) {
    if (query.get('X-Amz-Algorithm') !== algorithm) {
      return s3Error(400, 'AuthorizationQueryParametersError', `Use ${algorithm}.`, method);
    }
    credentialText = query.get('X-Amz-Credential') ?? undefined;
    signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
    signature = query.get('X-Amz-Signature') ?? '';
    amzDate = query.get('X-Amz-Date') ?? '';
    const expires = Number(query.get('X-Amz-Expires'));
    const at = parseAmzDate(amzDate);
    if (at === undefined || !Number.isInteger(expires) || expires < 1 || expires > 604800) {
      return s3Error(
        400,
        'AuthorizationQueryParametersError',
        'X-Amz-Date or X-Amz-Expires is invalid.',
        method,
      );
    }
    if (at + expires * 1000 < now)
      return s3Error(403, 'AccessDenied', 'Request has expired', method);
    if (at - skewMs > now) return s3Error(403, 'AccessDenied', 'Request is not yet valid', method);
    payloadHash = 'UNSIGNED-PAYLOAD';
    leaveOut = 'X-Amz-Signature';
  } else {
    const authorization = headers.get('authorization') ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
        authorization,
      );
    if (!m) return s3Error(403, 'AccessDenied', 'Access Denied', method);
    [, credentialText, signedHeaders, signature] = m as unknown as [string, string, string, string];
    amzDate = headers.get('x-amz-date') ?? '';
    const at = parseAmzDate(amzDate);
    if (at === undefined || Math.abs(at - now) > skewMs) {
      return s3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        method,
      );
    }
    payloadHash = headers.get('x-amz-content-sha256') ?? sha256Hex('');
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(body)) {
      return s3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        method,
      );
    }
  }
  const credential = checkCredential(credentialText, options);
  if (isRefusal(credential)) return credential;
  const names = signedHeaders.split(';').filter(Boolean);
  if (!names.includes('host')) {
    return s3Error(
      400,
      'AuthorizationQueryParametersError',
      'The host header must be signed.',
      method,
    );
  }
  const canonicalHeaders = names
    .map((name) => `${name}:${(headers.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    method,
    url.pathname,
    canonicalQuery(url, leaveOut),
    canonicalHeaders,
    names.join(';'),
    payloadHash,
  ].join('\n');
  const toSign = [algorithm, amzDate, credential.scope, sha256Hex(canonicalRequest)].join('\n');
  return signatureRefused(options, credential.date, toSign, signature, method);
}

// ---------------------------------------------------------------- the endpoint

/** The tags of S3's `<Tagging><TagSet><Tag><Key>…</Key><Value>…</Value></Tag>…` document. */
export function parseTagging(xml: string): Record<string, string> | undefined {
  const body =
    /^\s*(?:<\?xml[^>]*\?>\s*)?<Tagging[^>]*>\s*<TagSet>([\s\S]*)<\/TagSet>\s*<\/Tagging>\s*$/.exec(
      xml,
    );
  if (!body) return undefined;
  const tags: Record<string, string> = {};
  const rest = (body[1] ?? '').replace(
    /<Tag>\s*<Key>([^<]{1,128})<\/Key>\s*<Value>([^<]{0,256})<\/Value>\s*<\/Tag>/g,
    (_, name: string, value: string) => {
      tags[name] = value;
      return '';
    },
  );
  return rest.trim() === '' && Object.keys(tags).length <= 10 ? tags : undefined;
}

/** A key that stays inside its bucket's folder. */
function safeKey(key: string): boolean {
  return (
    key.length > 0 &&
    key.length <= 1024 &&
    !key.startsWith('/') &&
    !key.includes('\0') &&
    !key.includes('\\') &&
    key.split('/').every((part) => part !== '..' && part !== '.' && part !== '')
  );
}

interface Sidecar {
  contentType: string;
  meta: Record<string, string>;
  tags: Record<string, string>;
  etag: string;
  lastModified: string;
}

/** The endpoint: takes a request under `/local/s3/`, answers as S3 would. */
export function createLocalS3(options: LocalS3Options) {
  const root = join(options.dataDir, 'uploads');
  const fileOf = (bucket: string, key: string) => join(root, bucket, key);
  const sidecarOf = (bucket: string, key: string) => join(root, '.meta', bucket, `${key}.json`);

  async function upload(bucket: string, request: Request): Promise<S3Answer> {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return s3Error(
        400,
        'MalformedPOSTRequest',
        'The body of your POST request is not well-formed multipart/form-data.',
        'POST',
      );
    }
    const fields = new Map<string, string>();
    let file: File | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields.set(name, value);
      else if (name.toLowerCase() === 'file') file = value;
    }
    const checked = checkPostPolicy(bucket, fields, file, options);
    if (isRefusal(checked)) return checked;
    if (!safeKey(checked.key))
      return s3Error(400, 'InvalidArgument', 'The key is not valid.', 'POST');
    const bytes = Buffer.from(await (file as File).arrayBuffer());
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    const path = fileOf(bucket, checked.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    const sidecar: Sidecar = {
      contentType: checked.contentType,
      meta: checked.meta,
      tags: checked.tags,
      etag,
      lastModified: new Date().toUTCString(),
    };
    const sidecarPath = sidecarOf(bucket, checked.key);
    mkdirSync(dirname(sidecarPath), { recursive: true });
    writeFileSync(sidecarPath, JSON.stringify(sidecar));
    return {
      status: 204,
      headers: {
        ETag: etag,
        Location: `${new URL(request.url).origin}${s3Prefix}/${bucket}/${checked.key}`,
      },
      body: Buffer.alloc(0),
    };
  }

  function retag(bucket: string, key: string, xml: string): S3Answer {
    const sidecarPath = sidecarOf(bucket, key);
    if (!safeKey(key) || !existsSync(sidecarPath)) {
      return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', 'PUT');
    }
    const tags = parseTagging(xml);
    if (!tags) return s3Error(400, 'MalformedXML', 'The tagging is not valid.', 'PUT');
    const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar;
    writeFileSync(sidecarPath, JSON.stringify({ ...sidecar, tags }));
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  }

  function read(method: string, bucket: string, key: string, url: URL): S3Answer {
    const path = fileOf(bucket, key);
    const sidecarPath = sidecarOf(bucket, key);
    if (!safeKey(key) || !existsSync(path) || !existsSync(sidecarPath)) {
      return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', method);
    }
    const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar;
    const headers: Record<string, string> = {
      'Content-Type': url.searchParams.get('response-content-type') ?? sidecar.contentType,
      ETag: sidecar.etag,
      'Last-Modified': sidecar.lastModified,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    const disposition = url.searchParams.get('response-content-disposition');
    if (disposition) headers['Content-Disposition'] = disposition;
    for (const [name, value] of Object.entries(sidecar.meta)) {
      headers[`x-amz-meta-${name}`] = value;
    }
    headers['x-amz-tagging-count'] = String(Object.keys(sidecar.tags ?? {}).length);
    return { status: 200, headers, body: readFileSync(path) };
  }

  return async function serve(request: Request): Promise<S3Answer> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const rest = url.pathname.slice(s3Prefix.length + 1);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    let key: string;
    try {
      key = slash === -1 ? '' : decodeURIComponent(rest.slice(slash + 1));
    } catch {
      return s3Error(400, 'InvalidURI', 'Could not parse the specified URI.', method);
    }
    if (bucket !== options.bucket) {
      return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', method);
    }
    if (method === 'POST' && key === '') return upload(bucket, request);
    if (method === 'PUT' && key !== '' && url.searchParams.has('tagging')) {
      const body = Buffer.from(await request.arrayBuffer());
      const refusal = checkSignedRequest(method, url, request.headers, options, body);
      if (refusal) return refusal;
      return retag(bucket, key, body.toString('utf8'));
    }
    if ((method === 'GET' || method === 'HEAD') && key !== '') {
      const refusal = checkSignedRequest(method, url, request.headers, options);
      if (refusal) return refusal;
      return read(method, bucket, key, url);
    }
    return s3Error(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      method,
    );
  };
}
