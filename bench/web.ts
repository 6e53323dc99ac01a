/**
 * Section `web`: the web app as a phone receives it. The app is built with Vite's own API
 * into a directory of the bench's (web/dist is left as it is); what its first screen loads
 * is gzipped and summed; then Lighthouse measures the sign-in page and each role's home on
 * that build, served by the local runtime (bench/web-lighthouse.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { type Figure, kb } from './report.ts';
import { benchLighthouse } from './web-lighthouse.ts';

const root = resolve(import.meta.dirname, '..');
/** Where the bench builds the app (web/dist is left as it is). */
export const outDir = join(root, '.data', 'bench', 'web');
const section = 'web';
const firstScreenTarget = 100 * 1024;

/** One built JS or CSS file: its gzipped size and what it loads as soon as it runs. */
interface Built {
  fileName: string;
  gzipped: number;
  /** Static imports and the CSS Vite attaches to the chunk; never dynamic `import()`. */
  loads: string[];
  /** The source module the chunk stands for, relative to the repository. */
  facade?: string;
}

const gzipped = (source: string | Uint8Array) => gzipSync(source, { level: 9 }).byteLength;

let built: Promise<Map<string, Built>> | undefined;
/** The app built once per run: `web` and `offline` both measure the same build. */
export function buildApp(): Promise<Map<string, Built>> {
  built ??= buildOnce();
  return built;
}

async function buildOnce(): Promise<Map<string, Built>> {
  const result = await build({
    configFile: join(root, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const files = new Map<string, Built>();
  for (const item of outputs.flatMap((o) => o.output)) {
    if (item.type === 'chunk') {
      files.set(item.fileName, {
        fileName: item.fileName,
        gzipped: gzipped(item.code),
        loads: [...item.imports, ...(item.viteMetadata?.importedCss ?? [])],
        facade: item.facadeModuleId?.startsWith(root)
          ? item.facadeModuleId.slice(root.length + 1)
          : undefined,
      });
    } else if (item.fileName.endsWith('.css')) {
      files.set(item.fileName, {
        fileName: item.fileName,
        gzipped: gzipped(item.source),
        loads: [],
      });
    }
  }
  return files;
}

/** What index.html loads before anything runs: its module script, preloads and styles. */
export function eagerFiles(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/g) ?? []) {
    const attribute = (name: string) =>
      new RegExp(`\\s${name}=["']?([^"'\\s>]+)`).exec(tag)?.[1]?.toLowerCase();
    const url = /\ssrc=["']?([^"'\s>]+)/.exec(tag)?.[1] ?? /\shref=["']?([^"'\s>]+)/.exec(tag)?.[1];
    if (!url?.startsWith('/')) continue;
    const eager = tag.startsWith('<script')
      ? attribute('type') === 'module'
      : ['stylesheet', 'modulepreload'].includes(attribute('rel') ?? '');
    if (eager) found.push(url.slice(1));
  }
  return found;
}

/** The files named and everything they load statically, transitively. */
function closure(files: Map<string, Built>, start: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...start];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    const file = files.get(next);
    if (!file) throw new Error(`The build has no ${next}, which the app loads.`);
    seen.add(next);
    pending.push(...file.loads);
  }
  return seen;
}

function chunkOf(files: Map<string, Built>, source: string): string {
  const found = [...files.values()].find((f) => f.facade === source);
  if (!found) throw new Error(`No chunk of the build stands for ${source}.`);
  return found.fileName;
}

const sum = (files: Map<string, Built>, names: Iterable<string>) =>
  [...names].reduce((total, name) => total + (files.get(name)?.gzipped ?? 0), 0);

const shortName = (fileName: string) =>
  fileName.replace(/^assets\//, '').replace(/-[\w-]{8}\./, '.');

export async function benchWeb(progress: (line: string) => void): Promise<Figure[]> {
  progress('Web: building the app…');
  const files = await buildApp();
  const eager = eagerFiles(readFileSync(join(outDir, 'index.html'), 'utf8'));
  const home = chunkOf(files, 'web/src/features/home/home.tsx');
  const adapters = {
    cognito: chunkOf(files, 'web/src/lib/auth/cognito.ts'),
    local: chunkOf(files, 'web/src/lib/auth/local.ts'),
  };
  // The first screen: what index.html loads, the sign-in route (in the entry) and a home
  // route, with the sign-in adapter /config.json names, each with its static imports.
  const firstScreen = (adapter: string) => closure(files, [...eager, home, adapter]);
  const deployed = firstScreen(adapters.cognito);
  const local = firstScreen(adapters.local);
  const deployedBytes = sum(files, deployed);
  const figures: Figure[] = [
    {
      section,
      name: 'first screen JS+CSS, gzipped (as deployed: Cognito sign-in)',
      measured: kb(deployedBytes),
      value: deployedBytes,
      target: '≤ 100 KB',
      pass: deployedBytes <= firstScreenTarget,
      detail: Object.fromEntries(
        [...deployed].map((name) => [name, files.get(name)?.gzipped ?? 0]),
      ),
    },
    {
      section,
      name: 'first screen JS+CSS, gzipped (npm start: local sign-in)',
      measured: kb(sum(files, local)),
      value: sum(files, local),
    },
    {
      section,
      name: `all JS+CSS of the app, gzipped (${files.size} files)`,
      measured: kb(sum(files, files.keys())),
      value: sum(files, files.keys()),
    },
  ];
  const lazy = [...files.values()]
    .filter((f) => !deployed.has(f.fileName))
    .sort((a, b) => b.gzipped - a.gzipped)
    .slice(0, 3);
  for (const chunk of lazy) {
    figures.push({
      section,
      name: `lazy chunk ${shortName(chunk.fileName)} (${chunk.facade ?? 'shared by lazy chunks'}), gzipped`,
      measured: kb(chunk.gzipped),
      value: chunk.gzipped,
    });
  }
  progress(
    `Web: first screen ${kb(deployedBytes)} gzipped (${[...deployed].map(shortName).join(', ')}).`,
  );

  figures.push(...(await benchLighthouse(outDir, progress)));
  return figures;
}
