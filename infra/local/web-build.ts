/**
 * `npm start` builds the web app when its build is missing or older than its sources, so
 * the app it serves is the app in the working tree. A stamp in the build records what the
 * sources were: a file newer, added or removed since makes the build stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { repoRoot } from './paths.ts';

/** What the build is made from, relative to the repository. */
export const webBuildInputs = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'shared',
];

export const stampName = '.build-stamp';

interface Stamp {
  newestMtimeMs: number;
  fingerprint: string;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' ? [] : filesUnder(join(path, entry.name)),
  );
}

/** The sources as they are now: the newest change, and every file's path, size and time. */
export function sourceStamp(root = repoRoot): Stamp {
  const lines: string[] = [];
  let newestMtimeMs = 0;
  for (const file of webBuildInputs.flatMap((input) => filesUnder(resolve(root, input)))) {
    const info = statSync(file);
    newestMtimeMs = Math.max(newestMtimeMs, info.mtimeMs);
    lines.push(`${relative(root, file)}\u0000${info.size}\u0000${info.mtimeMs}`);
  }
  const fingerprint = createHash('sha256').update(lines.sort().join('\n')).digest('hex');
  return { newestMtimeMs, fingerprint };
}

/** Why the build in `distDir` must be made again, or undefined when it is current. */
export function staleReason(root = repoRoot, distDir = resolve(root, 'web/dist')) {
  if (!existsSync(join(distDir, 'index.html'))) return 'not built yet';
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(join(distDir, stampName), 'utf8')) as Stamp;
  } catch {
    return 'built without a stamp';
  }
  const now = sourceStamp(root);
  if (now.newestMtimeMs > stamp.newestMtimeMs) return 'sources changed since';
  if (now.fingerprint !== stamp.fingerprint) return 'sources added or removed since';
  return undefined;
}

/**
 * Builds the app with Vite's own API when it is stale, writing `Building the web app… done
 * in 4.2 s`. The stamp is taken before the build, so an edit made while it runs still
 * counts as a change next time. Answers what it did.
 */
export async function ensureWebBuild(
  write: (text: string) => unknown = (text) => process.stdout.write(text),
  root = repoRoot,
): Promise<'current' | 'built'> {
  if (!staleReason(root)) return 'current';
  const stamp = sourceStamp(root);
  write('Building the web app… ');
  const started = performance.now();
  const { build } = await import('vite');
  try {
    await build({ configFile: resolve(root, 'web/vite.config.ts'), logLevel: 'warn' });
  } catch (error) {
    write('failed.\n');
    throw error;
  }
  writeFileSync(resolve(root, 'web/dist', stampName), `${JSON.stringify(stamp)}\n`);
  write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 'built';
}
