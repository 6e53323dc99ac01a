import { afterEach, beforeEach, vi } from 'vitest';
import { logger } from '#shared/http/logger.ts';

/** One EMF document: CloudWatch's directives under `_aws`, dimensions and values beside them. */
export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** The metrics a document declares, by name, with their values. */
export function valuesOf(doc: EmfDocument): Record<string, unknown> {
  const names = doc._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => m.Name));
  return Object.fromEntries(names.map((name) => [name, doc[name]]));
}

/** The dimensions a document declares, with their values. */
export function dimensionsOf(doc: EmfDocument): Record<string, unknown> {
  const names = doc._aws.CloudWatchMetrics.flatMap((d) => d.Dimensions.flat());
  return Object.fromEntries(names.map((name) => [name, doc[name]]));
}

/**
 * The EMF documents the code writes, as on Lambda: one JSON line each on stdout, taken off
 * the test's output here. Set up once per file with `captureLambdaMetrics()`.
 */
export function captureLambdaMetrics(): { docs: EmfDocument[] } {
  const captured = { docs: [] as EmfDocument[] };
  beforeEach(() => {
    captured.docs = [];
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'thaogo-unit-test');
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      const text = String(chunk);
      if (text.startsWith('{"_aws"')) {
        for (const line of text.trim().split('\n')) captured.docs.push(JSON.parse(line));
        return true;
      }
      return write(chunk as string, ...rest);
    }) as typeof process.stdout.write);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  return captured;
}

/** The EMF documents handed to the structured log, as off Lambda. */
export function loggedMetrics(info: { mock: { calls: unknown[][] } }): EmfDocument[] {
  return info.mock.calls
    .filter(([message]) => message === 'metrics')
    .map(([, extra]) => (extra as { metrics: EmfDocument }).metrics);
}

export { logger };
