import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { DigestRunDeps, DigestRunReport, DigestStore } from './domain/digests/run.ts';
import { runDigest } from './domain/digests/run.ts';
import { logger } from './http/logger.ts';
import { flushMetrics, metrics } from './http/metrics.ts';
import type { DigestKind } from './schemas/digests.ts';

/** What EventBridge Scheduler sends: the scheduled time, from `<aws.scheduler.scheduled-time>`. */
export interface ScheduledEvent {
  scheduledTime?: string;
}

/**
 * A scheduled digest function. It works from the event's scheduled time only: an event
 * without one is refused rather than run against the wall clock. A delivery failure fails
 * the invocation, so the scheduler's retry (and then the dead-letter queue) takes it up;
 * the retry sends only what was not sent.
 */
export function scheduledDigest(kind: DigestKind, deps: () => Promise<DigestRunDeps>) {
  return async (event: ScheduledEvent, context?: Context): Promise<DigestRunReport> => {
    logger.addContext(context ?? ({} as Context));
    if (!event?.scheduledTime || Number.isNaN(Date.parse(event.scheduledTime))) {
      throw new Error('The event carries no valid scheduledTime; refusing to guess the period.');
    }
    const given = await deps();
    const claims = countingRetries(given.store);
    const report = await runDigest(kind, event.scheduledTime, {
      ...given,
      store: claims.store,
      log: (line) => logger.warn(line),
    });
    logger.info('digest run', { ...report });
    publishRun(report, claims.retried());
    if (report.failed.length > 0) {
      throw new Error(
        `Delivery failed for ${report.failed.length} recipient(s); a retry sends only those.`,
      );
    }
    return report;
  };
}

/**
 * The store as the run sees it, counting the digests it takes for another attempt: those
 * an earlier run tried already (failed, or left sending when it stopped).
 */
function countingRetries(store: DigestStore) {
  let retried = 0;
  const counting: DigestStore = {
    putIfAbsent: (digest) => store.putIfAbsent(digest),
    listPeriod: (kind, period) => store.listPeriod(kind, period),
    claim: async (digest, now, leaseUntil) => {
      const taken = await store.claim(digest, now, leaseUntil);
      if (taken && digest.delivery.attempts > 0) retried++;
      return taken;
    },
    markSent: (digest, now) => store.markSent(digest, now),
    markFailed: (digest, error) => store.markFailed(digest, error),
  };
  return { store: counting, retried: () => retried };
}

/**
 * A run's figures as metrics, by digest kind, before a failure fails the invocation: a run
 * that sends nothing still says so with zeros.
 */
function publishRun(report: DigestRunReport, retried: number): void {
  const run = metrics()
    .addDimension('digest', report.kind)
    .addMetric('DigestsSent', MetricUnit.Count, report.sent)
    .addMetric('DigestsFailed', MetricUnit.Count, report.failed.length)
    .addMetric('DigestsRetried', MetricUnit.Count, retried);
  if (report.kind === 'escalation')
    run.addMetric('EscalationsRecorded', MetricUnit.Count, report.escalationsRecorded);
  flushMetrics();
}
