import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { newUlid } from '#shared/ids.ts';
import type { Visit } from '#shared/schemas/visits.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { asCommune, asDelegation, call, post, tokens } from './helpers.ts';
import { countingClient } from './measure.ts';
import { act } from './task-helpers.ts';

const today = vietnamCalendar.dateOf(new Date());

const { delegation, anPhu, aiQuoc, nguyenGiap } = await tokens({
  delegation: asDelegation(),
  anPhu: asCommune('an-phu'),
  aiQuoc: asCommune('ai-quoc'),
  nguyenGiap: asCommune('nguyen-giap'),
});

async function logVisit() {
  const visit = await post('/visits', delegation, {
    leaderIds: ['le-tien-chau'],
    date: today,
    unitIds: ['an-phu', 'ai-quoc'],
    purpose: `Kiểm tra Trung tâm Phục vụ hành chính công ${randomUUID().slice(0, 6)}`,
  });
  expect(visit.status, JSON.stringify(visit.json)).toBe(201);
  return visit.json as Visit;
}

const finding = (visitId: string, body: object, headers: Record<string, string> = {}) =>
  post(`/visits/${visitId}/findings`, delegation, body, headers);

describe('a visit from findings to follow-up', () => {
  it('records a commendation, a concern that opens an obstacle and directives that create tasks; the roll-up follows the tasks', async () => {
    const visit = await logVisit();
    expect(visit.leaders).toEqual([
      {
        id: 'le-tien-chau',
        name: 'Lê Tiến Châu',
        title: 'Ủy viên Trung ương Đảng, Bí thư Thành ủy Hải Phòng',
      },
    ]);
    expect(
      (
        await finding(visit.id, {
          kind: 'commendation',
          unitId: 'an-phu',
          text: 'Phục vụ tận tình',
        })
      ).status,
    ).toBe(201);

    const concern = await finding(visit.id, {
      kind: 'concern',
      unitId: 'ai-quoc',
      text: 'Thiếu máy quét hồ sơ',
      obstacle: {
        category: 'equipment',
        title: 'Thiếu máy quét hồ sơ',
        description: 'Cần 2 máy quét',
        severity: 'medium',
      },
    });
    expect(concern.status).toBe(201);
    const obstacle = await call(`/obstacles/${concern.json.obstacleId}`, { token: aiQuoc });
    expect(obstacle.json).toMatchObject({
      unitId: 'ai-quoc',
      status: 'reported',
      source: { kind: 'visit', visitId: visit.id },
    });

    const twoTasks = await finding(visit.id, {
      kind: 'directive',
      text: 'Tập huấn tình nguyện viên hướng dẫn người dân',
      tasks: [
        { assignees: [{ kind: 'unit', id: 'an-phu' }], dueInWorkingDays: 5 },
        {
          assignees: [{ kind: 'org', id: 'so-noi-vu' }],
          dueInWorkingDays: 10,
          title: 'Hỗ trợ tài liệu tập huấn',
        },
      ],
    });
    expect(twoTasks.status, JSON.stringify(twoTasks.json)).toBe(201);
    expect(twoTasks.json.taskIds).toHaveLength(2);
    const oneTask = await finding(visit.id, {
      kind: 'directive',
      unitId: 'ai-quoc',
      text: 'Lập nhóm Zalo hướng dẫn hồ sơ',
      tasks: [{ assignees: [{ kind: 'unit', id: 'ai-quoc' }], dueInWorkingDays: 3 }],
    });
    await finding(visit.id, { kind: 'directive', text: 'Chuẩn bị Đại hội Đảng bộ' });

    const task = await call(`/tasks/${oneTask.json.taskIds[0]}`, { token: aiQuoc });
    expect(task.json).toMatchObject({
      links: { visitId: visit.id, findingId: oneTask.json.id },
      assigner: { leaderId: 'le-tien-chau', leaderName: 'Lê Tiến Châu' },
    });

    const before = await call(`/visits/${visit.id}`, { token: delegation });
    expect(before.json.rollup).toMatchObject({ directives: 3, counts: { open: 2, untracked: 1 } });
    expect(before.json.rollup.text).toBe('3 chỉ đạo: 2 đang thực hiện, 1 chưa giao nhiệm vụ');
    expect(before.json.groups.map((g: { unitName: string }) => g.unitName)).toEqual([
      'An Phú',
      'Ái Quốc',
      'Chung cho các đơn vị được kiểm tra',
    ]);
    const aiQuocGroup = before.json.groups[1];
    expect(
      aiQuocGroup.findings.find((f: { kind: string }) => f.kind === 'concern').obstacle,
    ).toMatchObject({ status: 'reported' });

    const started = await act(aiQuoc, task.json.id, '"1"', { action: 'start' });
    await act(aiQuoc, task.json.id, started.headers.get('etag') as string, {
      action: 'complete',
      note: 'Đã lập nhóm',
    });
    const after = await call(`/visits/${visit.id}`, { token: delegation });
    expect(after.json.rollup.counts).toMatchObject({ open: 1, done: 1, untracked: 1 });
    expect(after.json.rollup.text).toBe(
      '3 chỉ đạo: 1 đã hoàn thành, 1 đang thực hiện, 1 chưa giao nhiệm vụ',
    );

    const later = vietnamCalendar.addWorkingDays(today, 11);
    const overdue = await call(`/visits/${visit.id}?asOf=${later}`, { token: delegation });
    expect(overdue.json.rollup.counts).toMatchObject({ overdue: 1, done: 1 });
  });

  it('answers the question for the seeded visit of 3 July to Nguyên Giáp', async () => {
    const visits = await call('/visits?unitId=nguyen-giap&from=2025-07-01&to=2025-07-31', {
      token: delegation,
    });
    expect(visits.json.items).toHaveLength(1);
    const view = await call(`/visits/${visits.json.items[0].id}?asOf=2025-07-21`, {
      token: delegation,
    });
    expect(view.json.leaders[0].name).toBe('Đỗ Mạnh Hiến');
    const concerns = view.json.groups[0].findings.filter(
      (f: { kind: string }) => f.kind === 'concern',
    );
    expect(concerns.map((f: { obstacle: { status: string } }) => f.obstacle.status).sort()).toEqual(
      ['acknowledged', 'acknowledged', 'in_progress', 'reported'],
    );
    expect(view.json.rollup).toMatchObject({ directives: 1, counts: { open: 1 } });
  });
});

describe('all or nothing', () => {
  it('leaves no finding, task or obstacle behind when a directive names an unknown org', async () => {
    const visit = await logVisit();
    const title = `Nhiệm vụ thử ${randomUUID().slice(0, 6)}`;
    const result = await finding(visit.id, {
      kind: 'directive',
      text: 'Chỉ đạo hai nhiệm vụ',
      tasks: [
        { title, assignees: [{ kind: 'unit', id: 'an-phu' }], dueInWorkingDays: 5 },
        { title, assignees: [{ kind: 'org', id: 'so-khong-ton-tai' }], dueInWorkingDays: 5 },
      ],
    });
    expect(result.status).toBe(400);
    expect(result.json.errors).toEqual([
      { field: 'body.tasks.1.assignees.0.id', message: 'Unknown org' },
    ]);
    const view = await call(`/visits/${visit.id}`, { token: delegation });
    expect(view.json.groups.flatMap((g: { findings: unknown[] }) => g.findings)).toEqual([]);
    const tasks = await call('/tasks/export.csv?assignee=unit:an-phu', { token: delegation });
    expect(tasks.text).not.toContain(title);
  });

  it('writes nothing when the transaction itself is refused halfway', async () => {
    const doc = toDocumentClient(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
    const table = inject('tableName');
    const visits = createVisitsRepository(doc, table);
    const tasks = createTasksRepository(doc, table);
    const obstacles = createObstaclesRepository(doc, table);
    const visit = await logVisit();
    const existing = (await obstacles.list({ unitId: 'nguyen-giap' }, { limit: 1 })).items[0];
    if (!existing) throw new Error('seeded obstacle missing');
    const taskId = newUlid();
    const now = new Date().toISOString();
    const findingId = newUlid();
    const attempt = visits.addFinding(
      {
        id: findingId,
        visitId: visit.id,
        kind: 'concern',
        text: 'x',
        taskIds: [taskId],
        createdBy: { sub: 's', name: 's', role: 'delegation' },
        createdAt: now,
      },
      {
        // An obstacle that exists already: its conditional put fails, after the finding's.
        obstacle: {
          obstacle: existing,
          event: {
            obstacleId: existing.id,
            version: 1,
            at: now,
            by: existing.reportedBy,
            action: 'report',
            from: null,
            to: 'reported',
          },
        },
        tasks: [],
      },
      undefined,
    );
    await expect(attempt).rejects.toThrow();
    expect(await visits.findings(visit.id)).toEqual([]);
    expect(await tasks.get(taskId)).toBeUndefined();
    expect((await obstacles.history(existing.id)).length).toBeGreaterThan(0);
  });
});

describe('who sees and records what', () => {
  it('shows a commune the visits to its unit only, and only its own findings', async () => {
    const visit = await logVisit();
    await finding(visit.id, { kind: 'concern', unitId: 'ai-quoc', text: 'Chỉ Ái Quốc thấy' });
    await finding(visit.id, { kind: 'commendation', unitId: 'an-phu', text: 'An Phú thấy' });
    const seen = await call(`/visits/${visit.id}`, { token: anPhu });
    const texts = seen.json.groups.flatMap((g: { findings: { text: string }[] }) =>
      g.findings.map((f) => f.text),
    );
    expect(texts).toEqual(['An Phú thấy']);
    expect((await call(`/visits/${visit.id}`, { token: nguyenGiap })).status).toBe(404);
    const listed = await call('/visits?limit=100', { token: nguyenGiap });
    expect(listed.json.items.every((v: Visit) => v.units.some((u) => u.id === 'nguyen-giap'))).toBe(
      true,
    );
    expect((await call('/visits?unitId=an-phu', { token: nguyenGiap })).json.items).toEqual([]);
  });

  it('refuses findings from a commune (403)', async () => {
    const visit = await logVisit();
    const result = await post(`/visits/${visit.id}/findings`, anPhu, {
      kind: 'commendation',
      text: 'Tự khen',
    });
    expect(result.status).toBe(403);
    expect(
      (
        await post('/visits', anPhu, {
          leaderIds: ['le-tien-chau'],
          date: today,
          unitIds: ['an-phu'],
          purpose: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('records a finding once however often a phone retries it', async () => {
    const visit = await logVisit();
    const key = randomUUID();
    const body = {
      kind: 'concern',
      unitId: 'an-phu',
      text: 'Ghi ngoại tuyến',
      obstacle: {
        category: 'roads',
        title: 'Đường ngập khi mưa',
        description: 'Ngập 30 cm',
        severity: 'high',
      },
    };
    const results = await Promise.all(
      [1, 2, 3].map(() => finding(visit.id, body, { 'idempotency-key': key })),
    );
    const again = await finding(visit.id, body, { 'idempotency-key': key });
    expect(new Set([...results, again].map((r) => r.json.id)).size).toBe(1);
    const view = await call(`/visits/${visit.id}`, { token: delegation });
    expect(view.json.groups.flatMap((g: { findings: unknown[] }) => g.findings)).toHaveLength(1);
  });

  it('refuses a finding about a unit the visit did not go to', async () => {
    const visit = await logVisit();
    const result = await finding(visit.id, { kind: 'concern', unitId: 'nguyen-giap', text: 'x' });
    expect(result.json.errors).toEqual([
      { field: 'body.unitId', message: 'Not a unit of this visit' },
    ]);
  });
});

describe('listing visits of a unit over a date range', () => {
  it('reads at most 1.1 items per item returned with 1,000 visits to other units', async () => {
    const { doc, counts, reset } = countingClient();
    const visits = createVisitsRepository(doc, inject('tableName'));
    const visit = (i: number, unit: string): Visit => {
      const date = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return {
        id: newUlid(),
        date,
        leaders: [{ id: 'le-van-hieu', name: 'Lê Văn Hiệu', title: 'Chủ tịch HĐND' }],
        units: [{ id: unit, name: unit }],
        purpose: 'đo lường',
        createdBy: { sub: 'm', name: 'm', role: 'delegation' },
        createdAt: `${date}T01:00:00Z`,
      };
    };
    const all = [
      ...Array.from({ length: 1000 }, (_, i) => visit(i, `it-other-${i % 7}`)),
      ...Array.from({ length: 60 }, (_, i) => visit(i * 6, 'it-visited')),
    ];
    const write = (v: Visit) => visits.create(v, undefined);
    for (let i = 0; i < all.length; i += 50) await Promise.all(all.slice(i, i + 50).map(write));

    reset();
    let after: string | undefined;
    let total = 0;
    do {
      const page = await visits.list(
        'it-visited',
        { from: '2025-03-01', to: '2025-08-31' },
        { after, limit: 25 },
      );
      for (const v of page.items)
        expect(v.date >= '2025-03-01' && v.date <= '2025-08-31').toBe(true);
      total += page.items.length;
      after = page.last;
    } while (after);
    expect(total).toBe(
      all.filter(
        (v) => v.units[0]?.id === 'it-visited' && v.date >= '2025-03-01' && v.date <= '2025-08-31',
      ).length,
    );
    expect(counts.scans).toBe(0);
    expect(counts.scanned / total).toBeLessThanOrEqual(1.1);
    console.info(`visits of one unit in range: read ${counts.scanned} for ${total} returned`);
  }, 120_000);
});
