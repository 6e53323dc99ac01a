import type { Context } from 'aws-lambda';
import type { DigestRunDeps, DigestRunReport } from './domain/digests/run.ts';
import { runDigest } from './domain/digests/run.ts';
import { logger } from './http/logger.ts';
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
    const report = await runDigest(kind, event.scheduledTime, {
      ...(await deps()),
      log: (line) => logger.warn(line),
    });
    logger.info('digest run', { ...report });
    if (report.failed.length > 0) {
      throw new Error(
        `Delivery failed for ${report.failed.length} recipient(s); a retry sends only those.`,
      );
    }
    return report;
  };
}
