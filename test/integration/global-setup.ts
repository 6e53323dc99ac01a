import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '#infra/local/runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamoEndpoint: string;
    tableName: string;
    dataDir: string;
  }
}

/** One DynamoDB Local and one local API for the whole integration run. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-it-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const runtime = await startLocalRuntime({ dataDir, port: 0, inMemory: true });
  project.provide('apiUrl', runtime.api.url);
  project.provide('dynamoEndpoint', runtime.dynamo.endpoint);
  project.provide('tableName', runtime.tableName);
  project.provide('dataDir', dataDir);
  return async () => {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
