/**
 * The web app as the local server serves it beside the API (docs/architecture.md#web-app-and-the-local-server):
 * the files of `web/dist`, `index.html` for every other page of the app (its routes are
 * client-side), and `/config.json`. The headers are the site's on AWS, less HSTS: this
 * server speaks plain http.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** What the site answers: a status, its headers and the whole body (HEAD sends none of it). */
export interface SiteAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The site's security headers, the same as CloudFront's on AWS but for HSTS. */
export const siteSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(self), geolocation=(self), microphone=()',
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** Hashed build output may be kept for a year; everything else is checked on each use. */
const immutable = 'public, max-age=31536000, immutable';

function answer(
  status: number,
  headers: Record<string, string>,
  body: Buffer | string,
): SiteAnswer {
  return {
    status,
    headers: { ...siteSecurityHeaders, ...headers },
    body: typeof body === 'string' ? Buffer.from(body) : body,
  };
}

const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
  answer(
    status,
    { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
    `${text}\n`,
  );

/** `/config.json`: which sign-in the app runs. Locally, the demo accounts of the local signer. */
export function localConfig(): SiteAnswer {
  return answer(
    200,
    { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' },
    JSON.stringify({ auth: 'local' }),
  );
}

const notBuilt = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thaogo: the app is not built</title></head>
<body><h1>The web app is not built yet</h1>
<p>Ứng dụng web chưa được dựng. Run <code>npm run build:web</code>, then reload this page
(the API answers under <code>/api</code> meanwhile).</p></body></html>
`;

/**
 * The file a URL path names inside `root`, or undefined when it names none there: a path
 * that is no valid encoding, holds a NUL or a backslash, or has a segment starting with a
 * dot (`..`, and hidden files such as the build stamp) is refused before the disk is read.
 */
export function fileOf(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (/[\0\\]/.test(decoded)) return undefined;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : undefined;
}

/** The file, if it is a regular file whose real path (links followed) is still inside `root`. */
async function readInside(root: string, file: string) {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return undefined;
    const info = await stat(realFile);
    if (!info.isFile()) return undefined;
    return { body: await readFile(realFile), info };
  } catch {
    return undefined;
  }
}

function wantsPage(pathname: string, accept: string | undefined): boolean {
  const last = pathname.split('/').pop() ?? '';
  return (accept ?? '').includes('text/html') || extname(last) === '';
}

function fileAnswer(
  file: { body: Buffer; info: { mtimeMs: number; size: number } },
  type: string,
  cacheControl: string,
  ifNoneMatch: string | undefined,
): SiteAnswer {
  const etag = `"${createHash('sha1').update(file.body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'Content-Type': type, 'Cache-Control': cacheControl, ETag: etag };
  if (ifNoneMatch?.split(/\s*,\s*/).includes(etag)) return answer(304, headers, '');
  return answer(200, headers, file.body);
}

/**
 * A GET or HEAD outside `/api` and `/local`: a file of the build, or the app's page for any
 * path the app routes itself. Without a build, a 503 page that says how to make one.
 */
export async function serveSite(
  distDir: string,
  pathname: string,
  headers: { accept?: string; 'if-none-match'?: string },
): Promise<SiteAnswer> {
  const root = resolve(distDir);
  const index = await readInside(root, resolve(root, 'index.html'));
  if (!index) {
    return answer(
      503,
      { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      notBuilt,
    );
  }
  const file = fileOf(root, pathname);
  if (pathname !== '/' && file === undefined) return plain(404, 'Not found');
  const found = file && pathname !== '/' ? await readInside(root, file) : undefined;
  if (found && file) {
    const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const cache = pathname.startsWith('/assets/') ? immutable : 'no-cache';
    return fileAnswer(found, type, cache, headers['if-none-match']);
  }
  if (pathname === '/' || wantsPage(pathname, headers.accept)) {
    return fileAnswer(index, contentTypes['.html'] as string, 'no-cache', headers['if-none-match']);
  }
  return plain(404, 'Not found');
}

/** What a method other than GET or HEAD gets outside the API. */
export function siteMethodNotAllowed(): SiteAnswer {
  return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
}
