import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#infra/local/lambda-events.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { DigestRunDeps } from '#shared/domain/digests/run.ts';
import { scheduledDigest } from '#shared/scheduled-handler.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { sampleTask } from '../../bench/fixtures/records.ts';
import { cityLeaders, memoryDigests, partyOffice, quietSource } from './fixtures.ts';
import { captureLambdaMetrics, dimensionsOf, valuesOf } from './http/metrics-capture.ts';

/** A task of An Phú due 1 July 2025, still open two weeks later. */
const late = sampleTask({
  id: 'T-LATE',
  title: 'Bố trí cán bộ địa chính',
  assigner: { leaderId: 'le-tien-chau', leaderName: 'Lê Tiến Châu' },
  assignedOn: '2025-06-20',
  originalDue: '2025-07-01',
  currentDue: '2025-07-01',
  createdAt: '2025-06-20T02:00:00Z',
  updatedAt: '2025-06-20T02:00:00Z',
});

/** Deps over memory; mail to `failOnce` fails the first time only. */
function memoryDeps(options: { failOnce?: string; tasks?: Task[] } = {}): DigestRunDeps {
  let failed = false;
  const tasks = options.tasks ?? [];
  const source = quietSource({
    orgs: async () => [partyOffice],
    leaders: async () => cityLeaders,
    openTasksDueBefore: async (_assignee, date) => tasks.filter((t) => t.currentDue < date),
  });
  return {
    source,
    store: memoryDigests(),
    mailer: {
      async send(message) {
        if (!failed && message.to.includes(options.failOnce ?? '')) {
          failed = true;
          throw Object.assign(new Error('Maximum sending rate exceeded.'), {
            name: 'TooManyRequestsException',
          });
        }
      },
    },
    escalations: { recordTaskLevel: async () => true, recordObstacleEscalation: async () => true },
    calendar: vietnamCalendar,
    cityOffice: async () => partyOffice,
    baseUrl: 'https://thaogo.haiphong.example',
    now: () => '2025-07-14T01:00:00.000Z',
  };
}

describe('digest runs, as metrics on Lambda', () => {
  const emf = captureLambdaMetrics();
  const monday = { scheduledTime: '2025-07-14T07:00:00+07:00' };

  it('publishes sent, failed and retried by digest kind, also when a failure fails the run, and the retry as retried', async () => {
    const deps = memoryDeps({ failOnce: 'do-manh-hien@haiphong.example' });
    const run = scheduledDigest('weekly', async () => deps);

    await expect(run(monday, lambdaContext)).rejects.toThrow(/Delivery failed for 1 recipient/);
    expect(emf.docs).toHaveLength(1);
    expect(dimensionsOf(emf.docs[0] as never)).toEqual({ service: 'thaogo', digest: 'weekly' });
    expect(valuesOf(emf.docs[0] as never)).toEqual({
      DigestsSent: 2,
      DigestsFailed: 1,
      DigestsRetried: 0,
    });
    expect(emf.docs[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Thaogo');

    const retry = await run(monday, lambdaContext);
    expect(retry).toMatchObject({ sent: 1, alreadySent: 2, failed: [] });
    expect(emf.docs).toHaveLength(2);
    expect(valuesOf(emf.docs[1] as never)).toEqual({
      DigestsSent: 1,
      DigestsFailed: 0,
      DigestsRetried: 1,
    });

    // A third run has nothing left to send, and says so.
    await run(monday, lambdaContext);
    expect(valuesOf(emf.docs[2] as never)).toEqual({
      DigestsSent: 0,
      DigestsFailed: 0,
      DigestsRetried: 0,
    });
  });

  it('publishes the escalations an escalation run wrote', async () => {
    const run = scheduledDigest('escalation', async () => memoryDeps({ tasks: [late] }));
    const report = await run({ scheduledTime: '2025-07-14T08:00:00+07:00' }, lambdaContext);
    expect(report.escalationsRecorded).toBeGreaterThan(0);
    expect(emf.docs).toHaveLength(1);
    expect(dimensionsOf(emf.docs[0] as never)).toEqual({ service: 'thaogo', digest: 'escalation' });
    expect(valuesOf(emf.docs[0] as never)).toEqual({
      DigestsSent: report.sent,
      DigestsFailed: 0,
      DigestsRetried: 0,
      EscalationsRecorded: report.escalationsRecorded,
    });
    expect(report.sent).toBeGreaterThan(0);
  });
});
