/**
 * Section 1: every function bundled as CDK bundles it (ESM, minified, SDK inside), its size,
 * the part that is ours rather than the AWS SDK's, and its module-init time in fresh Node
 * processes beside two baselines; then the same with the SDK left external.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { functions } from '#functions/manifest.ts';
import { lambdaBundling } from '#infra/constructs/bundling.ts';
import { deployedEnv } from './child.ts';
import { type Figure, kb, median, ms, ratio, seededRandom, shuffle } from './report.ts';

const root = resolve(import.meta.dirname, '..');
const outRoot = join(root, '.data', 'bench', 'bundles');

/** Packages that are the AWS SDK or only there because of it. */
const sdkPackage =
  /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws\/lambda-invoke-store|fast-xml-parser|strnum|tslib|bowser|mnemonist|obliterator)\//;

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  sdkBytes: number;
}

async function bundle(name: string, entry: string, sdk: 'bundled' | 'external'): Promise<Bundle> {
  const outfile = join(outRoot, sdk, name, 'index.mjs');
  mkdirSync(join(outRoot, sdk, name), { recursive: true });
  const result = await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    sourcemap: lambdaBundling.sourceMap,
    mainFields: lambdaBundling.mainFields,
    banner: { js: lambdaBundling.banner },
    // CDK's default for Node.js 18+ runtimes when the SDK is not bundled.
    external: [...lambdaBundling.externalModules, ...(sdk === 'bundled' ? [] : ['@aws-sdk/*'])],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries((result.metafile as Metafile).outputs).find(([path]) =>
    path.endsWith('.mjs'),
  )?.[1];
  if (!output) throw new Error(`esbuild wrote no bundle for ${name}`);
  let sdkBytes = 0;
  for (const [path, input] of Object.entries(output.inputs)) {
    if (sdkPackage.test(path)) sdkBytes += input.bytesInOutput;
  }
  return { name, file: outfile, bytes: output.bytes, sdkBytes };
}

/**
 * Every init run on the same CPU when `taskset` is there: on a shared machine one core can
 * be a third slower than the other, and runs landing on either made the timings bimodal.
 */
const pinned: string[] = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return ['taskset', '-c', String(availableParallelism() - 1)];
  } catch {
    return [];
  }
})();

/** Module-init time of one bundle in a fresh process, in milliseconds. */
function initTime(file: string): number {
  const node = [process.execPath, join(root, 'bench', 'init-runner.mjs'), file];
  const [command, ...args] = [...pinned, ...node] as [string, ...string[]];
  const out = execFileSync(command, args, {
    env: { PATH: process.env.PATH ?? '', ...deployedEnv('thaogo-bench') },
    encoding: 'utf8',
    // The SDK's notice that Node.js 20 support ends is not part of what is measured.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(out);
}

/**
 * Runs every variant once a round, in a shuffled order each round, so drift of the machine
 * falls on all of them alike; the median of the rounds is kept.
 */
function alternate(
  files: Record<string, string>,
  rounds: number,
  progress: (line: string) => void,
  /** Variants measured in the first rounds only (the SDK-external comparison). */
  fewer: { prefix: string; rounds: number },
) {
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(files).map((k) => [k, []]),
  );
  const random = seededRandom(20250704);
  for (let round = 1; round <= rounds; round++) {
    for (const name of shuffle(Object.keys(files), random)) {
      if (name.startsWith(fewer.prefix) && round > fewer.rounds) continue;
      samples[name]?.push(initTime(files[name] as string));
    }
    if (round % 5 === 0) progress(`init: round ${round}/${rounds}`);
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

export async function benchBundles(options: { rounds: number; progress: (line: string) => void }) {
  const { progress } = options;
  const figures: Figure[] = [];
  const specs = Object.entries(functions).map(([name, spec]) => ({ name, entry: spec.entry }));
  progress(`bundling ${specs.length} functions twice (SDK bundled, SDK external)…`);
  const bundled = await Promise.all(specs.map((s) => bundle(s.name, s.entry, 'bundled')));
  const external = await Promise.all(specs.map((s) => bundle(s.name, s.entry, 'external')));
  const empty = await bundle('baseline-empty', 'bench/fixtures/empty-handler.ts', 'bundled');
  const client = await bundle(
    'baseline-document-client',
    'bench/fixtures/document-client-handler.ts',
    'bundled',
  );

  for (const b of bundled) {
    const ours = b.bytes - b.sdkBytes;
    figures.push({
      section: 'bundle',
      name: `${b.name}: our code (of ${kb(b.bytes)})`,
      measured: kb(ours),
      value: ours,
      target: '≤ 100 KB',
      pass: ours <= 100 * 1024,
      detail: { bytes: b.bytes, sdkBytes: b.sdkBytes, ourBytes: ours },
    });
  }

  const stack = await bundle('baseline-stack', 'bench/fixtures/stack-handler.ts', 'bundled');
  const framework = await bundle(
    'baseline-middy-zod',
    'bench/fixtures/middy-zod-handler.ts',
    'bundled',
  );
  const files: Record<string, string> = {
    'baseline:empty': empty.file,
    'baseline:document-client': client.file,
    'baseline:middy-zod': framework.file,
    'baseline:stack': stack.file,
  };
  for (const b of bundled) files[`bundled:${b.name}`] = b.file;
  for (const b of external) files[`external:${b.name}`] = b.file;
  progress(
    `init: ${Object.keys(files).length} bundles × ${options.rounds} rounds, each in a fresh node process…`,
  );
  const init = alternate(files, options.rounds, progress, { prefix: 'external:', rounds: 5 });
  const base = init['baseline:document-client'] as number;
  figures.push({
    section: 'init',
    name: 'empty handler (floor)',
    measured: ms(init['baseline:empty'] as number),
    value: init['baseline:empty'] as number,
  });
  figures.push({
    section: 'init',
    name: 'DocumentClient-only handler (baseline)',
    measured: ms(base),
    value: base,
  });
  const frameworkTime = init['baseline:middy-zod'] as number;
  figures.push({
    section: 'init',
    name: `middy + zod/mini + DocumentClient handler (${ms(frameworkTime)})`,
    measured: ratio(frameworkTime / base),
    value: frameworkTime / base,
    detail: { ms: frameworkTime, msBaseline: base },
  });
  const stackTime = init['baseline:stack'] as number;
  figures.push({
    section: 'init',
    name: `+ Powertools Logger and security headers: the libraries of every HTTP function (${ms(stackTime)})`,
    measured: ratio(stackTime / base),
    value: stackTime / base,
    detail: { ms: stackTime, msBaseline: base },
  });
  for (const b of bundled) {
    const time = init[`bundled:${b.name}`] as number;
    const timeExternal = init[`external:${b.name}`] as number;
    figures.push({
      section: 'init',
      name: `${b.name} (${ms(time)}; ${ratio(time / stackTime)} the libraries alone; SDK external, 5 rounds: ${ratio(timeExternal / base)})`,
      measured: ratio(time / base),
      value: time / base,
      target: '≤ 1.15× DocumentClient-only',
      pass: time / base <= 1.15,
      detail: {
        ms: time,
        msSdkExternal: timeExternal,
        msBaseline: base,
        msLibraries: stackTime,
        msEmpty: init['baseline:empty'] as number,
      },
    });
  }
  return figures;
}
