import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#infra/local/table.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { type Mailer, runDigest } from '#shared/domain/digests/run.ts';
import { newUlid } from '#shared/ids.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { createDigestSource, createEscalationRecorder } from '#shared/store/digest-source.ts';
import { createDigestsRepository } from '#shared/store/digests-repository.ts';
import { entity, keys } from '#shared/store/keys.ts';
import { taskCreationItems } from '#shared/store/tasks-repository.ts';
import { bulkPut, countingClient } from './measure.ts';

/**
 * 10,000 open tasks and 100,000 closed ones in a table of their own: the escalation run
 * reads the sparse due-date index and the unacknowledged-obstacle listing, nothing else.
 */
describe('escalation at city scale', () => {
  const { client, doc, counts, reset } = countingClient();
  const tableName = `thaogo-escalation-${Date.now()}`;
  const units = 20;

  const task = (i: number, status: Task['status'], currentDue: string): Task => {
    const at = new Date(Date.UTC(2025, 4, 1) + i * 1000).toISOString();
    return {
      id: newUlid(Date.parse(at)),
      title: `Nhiệm vụ ${i}`,
      description: 'đo lường',
      assignees: [{ kind: 'unit', id: `xa-${i % units}`, name: `Xã ${i % units}` }],
      assigner: { leaderId: 'le-van-hieu', leaderName: 'Lê Văn Hiệu' },
      createdBy: { sub: 'scale', name: 'scale', role: 'delegation' },
      links: { obstacleIds: [] },
      assignedOn: '2025-05-02',
      originalDue: currentDue,
      currentDue,
      status,
      version: 1,
      extensionRequests: [],
      escalationLevel: 3,
      createdAt: at,
      updatedAt: at,
    };
  };

  beforeAll(async () => {
    await ensureTable(client, tableName);
    const items: Record<string, unknown>[] = [
      {
        ...keys.org('van-phong-thanh-uy'),
        entity: entity.org,
        id: 'van-phong-thanh-uy',
        name: 'Văn phòng Thành ủy',
        kind: 'party-office',
        head: { title: 'Chánh Văn phòng', email: 'vp@haiphong.example' },
      },
      {
        ...keys.leader('le-van-hieu'),
        entity: entity.leader,
        id: 'le-van-hieu',
        name: 'Lê Văn Hiệu',
        title: 't',
        titleEn: 't',
        email: 'lvh@haiphong.example',
      },
    ];
    for (let u = 0; u < units; u++) {
      items.push({
        ...keys.unit(`xa-${u}`),
        entity: entity.unit,
        id: `xa-${u}`,
        name: `Xã ${u}`,
        kind: 'xa',
        formedFrom: [],
        serviceCenter: { name: 'TT' },
        notes: [],
        contacts: [`xa-${u}@haiphong.example`],
      });
    }
    const put = (t: Task) =>
      taskCreationItems(tableName, t, {
        taskId: t.id,
        id: newUlid(),
        at: t.createdAt,
        by: t.createdBy,
        action: 'assign',
        to: t.status,
      }).flatMap((w) => ('Put' in w && w.Put ? [w.Put.Item as Record<string, unknown>] : []));
    // Already at level 3, so the run records nothing and only reads: what is measured.
    for (let i = 0; i < 10_000; i++)
      items.push(...put(task(i, i % 2 ? 'assigned' : 'in_progress', '2025-06-30')));
    for (let i = 0; i < 100_000; i++) {
      const closed = task(
        20_000 + i,
        (['done', 'verified', 'cancelled'] as const)[i % 3] as Task['status'],
        '2025-06-30',
      );
      items.push({
        ...keys.taskListing('*', closed.createdAt, closed.id),
        entity: entity.taskListing,
        GSI1PK: keys.taskByStatus('*', closed.status),
        GSI1SK: closed.createdAt,
        ...closed,
      });
    }
    const started = Date.now();
    await bulkPut(doc, tableName, items, (n) =>
      console.info(
        `bulk load: ${n} items written (${Math.round((Date.now() - started) / 1000)} s)`,
      ),
    );
  }, 900_000);

  it('reads at most 1.1 items per item it reports', async () => {
    const sent: string[] = [];
    const mailer: Mailer = { send: async (m) => void sent.push(m.id) };
    reset();
    const store = createDigestsRepository(doc, tableName);
    const report = await runDigest('escalation', '2025-07-15T08:00:00+07:00', {
      source: createDigestSource(doc, tableName),
      store,
      mailer,
      escalations: createEscalationRecorder(doc, tableName),
      calendar: vietnamCalendar,
      cityOffice: async () => ({
        id: 'van-phong-thanh-uy',
        name: 'Văn phòng Thành ủy',
        kind: 'party-office',
        head: { title: 't', email: 'vp@haiphong.example' },
      }),
      baseUrl: 'https://thaogo.haiphong.example',
      now: () => new Date().toISOString(),
    });
    const digests = await store.listPeriod('escalation', '2025-07-15');
    const reported = report.itemsFound;
    expect(reported).toBe(10_000);
    // A leader's digest lists the first 100 at each level and says how many more there are.
    const leader = digests.find((d) => d.recipient.key === 'leader:le-van-hieu');
    expect(leader?.sections[0]?.lines.at(-1)?.text).toBe(
      '… và 9900 mục khác: xem đầy đủ trong hệ thống',
    );
    expect(report.escalationsRecorded).toBe(0);
    expect(counts.scans).toBe(0);
    // The reads of the run itself: digests read back after sending are not counted here.
    const runReads = counts.scanned - digests.length;
    console.info(
      `escalation: ${runReads} items read for ${reported} items reported (${(runReads / reported).toFixed(3)}), ${digests.length} digests`,
    );
    expect(runReads / reported).toBeLessThanOrEqual(1.1);
  });
});
