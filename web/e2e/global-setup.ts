import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { repoRoot } from '#infra/paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

/**
 * The journeys run against `npm start`'s own server: the built app and the API on one
 * port, over DynamoDB Local with a fresh in-memory table and the seed.
 */
export default async function setup(project: TestProject) {
  const { build } = await import('vite');
  // The build a phone gets: vitest runs with NODE_ENV=test, under which Vite would make a
  // development build (Preact's debug code, no service worker).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-e2e-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const runtime = await startLocalRuntime({ dataDir, port: 0, inMemory: true });
  project.provide('appUrl', runtime.api.origin);
  return async () => {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
