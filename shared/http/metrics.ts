import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.ts';
import { type Problem, problemType } from './problem.ts';

let buffer: Metrics | undefined;

/**
 * One metrics buffer per container (Powertools Metrics, CloudWatch's embedded metric
 * format), made on first use: most requests record nothing, and the cold start does not
 * pay for it. Its own warnings go through the structured logger.
 */
export function metrics(): Metrics {
  buffer ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'Thaogo',
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'thaogo',
    logger,
  });
  return buffer;
}

/**
 * Writes what is buffered, then empties the buffer. On Lambda the EMF document is one line
 * on stdout, which CloudWatch turns into metrics. Anywhere else (`npm start`, the digest
 * command, tests) the same document is an INFO entry of the structured log, `metrics`, so
 * it keeps the log's level and format instead of printing beside it.
 */
export function flushMetrics(): void {
  if (!buffer?.hasStoredMetrics()) return;
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
    buffer.publishStoredMetrics();
    return;
  }
  try {
    logger.info('metrics', { metrics: buffer.serializeMetrics() });
  } finally {
    buffer.clearMetrics();
    buffer.clearDimensions();
    buffer.clearMetadata();
  }
}

const problemPrefix = problemType('').length;

/**
 * One `RequestsRefused` for an answered error, with its kind: the problem type's code
 * (`validation`, `not-found`, … for 4xx; `throttled` and `internal` are the 5xx).
 */
export function countRefusal(problem: Problem): void {
  metrics()
    .addDimension('kind', problem.type.slice(problemPrefix))
    .addMetric('RequestsRefused', MetricUnit.Count, 1);
  flushMetrics();
}
