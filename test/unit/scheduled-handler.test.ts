import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#infra/local/lambda-events.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { DigestSource } from '#shared/domain/digests/compose.ts';
import type { DigestRunDeps, DigestStore } from '#shared/domain/digests/run.ts';
import { scheduledDigest } from '#shared/scheduled-handler.ts';
import type { Digest } from '#shared/schemas/digests.ts';
import type { Leader, Org } from '#shared/schemas/directory.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { captureLambdaMetrics, dimensionsOf, valuesOf } from './http/metrics-capture.ts';

const leader = (id: string, name: string): Leader => ({
  id,
  name,
  title: 'Lãnh đạo thành phố',
  titleEn: 'City leader',
  email: `${id}@haiphong.example`,
});
const leaders = [
  leader('le-tien-chau', 'Lê Tiến Châu'),
  leader('do-manh-hien', 'Đỗ Mạnh Hiến'),
  leader('nguyen-van-tung', 'Nguyễn Văn Tùng'),
];
const office: Org = {
  id: 'van-phong-thanh-uy',
  name: 'Văn phòng Thành ủy',
  kind: 'party-office',
  head: { title: 'Chánh Văn phòng', email: 'vp@haiphong.example' },
  readsAll: true,
};

/** A task of An Phú due 1 July 2025, still open two weeks later. */
const late: Task = {
  id: 'T-LATE',
  title: 'Bố trí cán bộ địa chính',
  description: 'x',
  assignees: [{ kind: 'unit', id: 'an-phu', name: 'An Phú', role: 'lead' }],
  assigner: { leaderId: 'le-tien-chau', leaderName: 'Lê Tiến Châu' },
  createdBy: { sub: 'd', name: 'd', role: 'delegation' },
  links: { obstacleIds: [] },
  assignedOn: '2025-06-20',
  originalDue: '2025-07-01',
  currentDue: '2025-07-01',
  status: 'in_progress',
  version: 1,
  extensionRequests: [],
  escalationLevel: 0,
  createdAt: '2025-06-20T02:00:00Z',
  updatedAt: '2025-06-20T02:00:00Z',
};

/** The digests table's rules in memory: first write wins, a claim takes only what is unsent. */
function memoryStore(): DigestStore {
  const items = new Map<string, Digest>();
  const update = (digest: Digest, delivery: Partial<Digest['delivery']>) => {
    const stored = items.get(digest.id) as Digest;
    items.set(digest.id, { ...stored, delivery: { ...stored.delivery, ...delivery } });
  };
  return {
    async putIfAbsent(digest) {
      if (items.has(digest.id)) return 'exists';
      items.set(digest.id, structuredClone(digest));
      return 'created';
    },
    listPeriod: async (kind, period) =>
      [...items.values()]
        .filter((d) => d.kind === kind && d.period === period)
        .map((d) => structuredClone(d)),
    async claim(digest, _now, leaseUntil) {
      const { delivery } = items.get(digest.id) as Digest;
      if (delivery.status !== 'pending' && delivery.status !== 'failed') return false;
      update(digest, { status: 'sending', leaseUntil, attempts: delivery.attempts + 1 });
      return true;
    },
    markSent: async (digest, now) => update(digest, { status: 'sent', sentAt: now }),
    markFailed: async (digest, error) => update(digest, { status: 'failed', lastError: error }),
  };
}

/** Deps over memory; mail to `failOnce` fails the first time only. */
function memoryDeps(options: { failOnce?: string; tasks?: Task[] } = {}): DigestRunDeps {
  let failed = false;
  const tasks = options.tasks ?? [];
  const source: DigestSource = {
    units: async () => [],
    orgs: async () => [office],
    leaders: async () => leaders,
    obstaclesCreatedBetween: async () => [],
    obstaclesInStatus: async () => [],
    obstaclesEnteredStatusBetween: async () => [],
    openTasksDueBefore: async (_assignee, date) => tasks.filter((t) => t.currentDue < date),
    reportsOfDay: async () => [],
  };
  return {
    source,
    store: memoryStore(),
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
    cityOffice: async () => office,
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
