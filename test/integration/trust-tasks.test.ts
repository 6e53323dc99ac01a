/**
 * Regressions of the outside review (issue 12) on tasks, visits and digests, each test
 * named with its finding's code: what was refused must write nothing, what a commune is
 * shown must pass the rule of its GET, and every write of a task is a version.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { digestId } from '#shared/domain/digests/run.ts';
import { newUlid } from '#shared/ids.ts';
import type { Digest } from '#shared/schemas/digests.ts';
import type { Visit } from '#shared/schemas/visits.ts';
import { createEscalationRecorder } from '#shared/store/digest-source.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { keys } from '#shared/store/keys.ts';
import { asCommune, asDelegation, call, post, tokenFor, tokens } from './helpers.ts';
import { act, assign, taskBody, testOrg } from './task-helpers.ts';

const doc = toDocumentClient(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
const table = inject('tableName');
const tasks = createTasksRepository(doc, table);
const today = vietnamCalendar.dateOf(new Date());

const asOffice = (orgId: string) => tokenFor({ role: 'city-office', orgId, sub: `it-${orgId}` });

const { delegation, anPhu, aiQuoc } = await tokens({
  delegation: asDelegation(),
  anPhu: asCommune('an-phu'),
  aiQuoc: asCommune('ai-quoc'),
});

async function logVisit(unitIds = ['an-phu', 'ai-quoc']) {
  const visit = await post('/visits', delegation, {
    leaderIds: ['le-tien-chau'],
    date: today,
    unitIds,
    purpose: `Kiểm tra việc vận hành chính quyền hai cấp ${randomUUID().slice(0, 6)}`,
  });
  expect(visit.status, JSON.stringify(visit.json)).toBe(201);
  return visit.json as Visit;
}

async function directive(visitId: string, body: Record<string, unknown>) {
  const result = await post(`/visits/${visitId}/findings`, delegation, {
    kind: 'directive',
    text: 'Rà soát quy trình tiếp nhận hồ sơ và báo cáo kết quả',
    ...body,
  });
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json as { id: string; taskIds: string[] };
}

const etagOf = (version: number) => `"${version}"`;

async function listingItems(assignee: string) {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.taskListingPartition(assignee) },
    }),
  );
  return Items ?? [];
}

/** The task this caller assigns with this body is refused with a 400 on this one field. */
async function taskRefusedOn(token: string, field: string, body: Record<string, unknown>) {
  const result = await post('/tasks', token, taskBody(body));
  expect([result.status, result.json.errors?.[0]?.field], JSON.stringify(result.json)).toEqual([
    400,
    field,
  ]);
}

describe('H1: a refusal writes nothing', () => {
  it('H1: refuses a task dated in a year the holiday calendar lacks, naming the field, and writes nothing', async () => {
    const assigner = await testOrg('h1-assigner');
    const assignee = await testOrg('h1-assignee');
    const response = await post(
      '/tasks',
      await asOffice(assigner),
      taskBody({
        assignees: [{ kind: 'org', id: assignee }],
        assignedOn: '2024-12-02',
        dueDate: '2024-12-20',
        dueInWorkingDays: undefined,
      }),
    );
    expect(response.status).toBe(400);
    expect(response.json.errors.map((e: { field: string }) => e.field)).toContain(
      'body.assignedOn',
    );
    expect(await listingItems(`org:${assignee}`)).toEqual([]);
    const listed = await call(`/tasks?assignee=org:${assignee}`, {
      token: await asOffice(assignee),
    });
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([]);
  });

  it('H1: refuses a due date counted in working days past the calendar, on that field', async () => {
    const assigner = await testOrg('h1-count');
    const response = await post(
      '/tasks',
      await asOffice(assigner),
      taskBody({ assignees: [{ kind: 'org', id: 'so-xay-dung' }], dueInWorkingDays: 250 }),
    );
    // 250 working days from today stays inside the shipped years or is refused on its field.
    if (response.status === 400) {
      expect(response.json.errors[0].field).toBe('body.dueInWorkingDays');
    } else {
      expect(response.status).toBe(201);
    }
  });
});

describe("H2: a commune is shown nothing of another unit's business", () => {
  it("H2: An Phú's brief and visit view leave out a directive's task assigned to Ái Quốc only, as GET /tasks/{id} does", async () => {
    const visit = await logVisit();
    const found = await directive(visit.id, {
      tasks: [{ assignees: [{ kind: 'unit', id: 'ai-quoc' }], dueInWorkingDays: 5 }],
    });
    const [taskId] = found.taskIds;
    expect((await call(`/tasks/${taskId}`, { token: anPhu })).status).toBe(404);

    const brief = await call('/units/an-phu/brief', { token: anPhu });
    expect(brief.status).toBe(200);
    expect(JSON.stringify(brief.json)).not.toContain(taskId);
    expect(
      brief.json.pendingDirectives.map((d: { findingId: string }) => d.findingId),
    ).not.toContain(found.id);

    // The delegation's brief of An Phú: the task is Ái Quốc's, not An Phú's.
    const delegationBrief = await call('/units/an-phu/brief', { token: delegation });
    expect(JSON.stringify(delegationBrief.json)).not.toContain(taskId);
    const aiQuocBrief = await call('/units/ai-quoc/brief', { token: aiQuoc });
    expect(JSON.stringify(aiQuocBrief.json)).toContain(taskId);

    const view = await call(`/visits/${visit.id}`, { token: anPhu });
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.json)).not.toContain(taskId);
  });
});

describe('H3: every write of a task is a version', () => {
  it('H3: an escalation raises the version, so a change read before it is refused (412) instead of putting the level back; levels sort in order and are written once', async () => {
    const assigner = await testOrg('h3-assigner');
    const assignee = await testOrg('h3-assignee');
    const created = await assign(await asOffice(assigner), {
      assignees: [{ kind: 'org', id: assignee }],
      assignedOn: '2025-07-01',
      dueDate: '2025-07-02',
      dueInWorkingDays: undefined,
    });
    const task = await tasks.get(created.id);
    if (!task) throw new Error('task not stored');
    const recorder = createEscalationRecorder(doc, table);
    const at = '2025-07-10T08:00:00+07:00';
    expect(await recorder.recordTaskLevel(task, 1, at)).toBe(true);
    expect(await recorder.recordTaskLevel(task, 2, at)).toBe(true);

    const office = await asOffice(assignee);
    const stale = await act(office, created.id, etagOf(created.version), { action: 'start' });
    expect(stale.status).toBe(412);
    const now = await call(`/tasks/${created.id}`, { token: office });
    expect(now.json).toMatchObject({ version: 3, escalationLevel: 2, status: 'assigned' });
    expect(now.headers.get('etag')).toBe(etagOf(3));

    // The next run sees the task as it was read at first: it writes nothing again.
    expect(await recorder.recordTaskLevel(task, 2, '2025-07-11T08:00:00+07:00')).toBe(false);
    const history = await call(`/tasks/${created.id}/history`, { token: office });
    const levels = history.json.items
      .filter((e: { action: string }) => e.action === 'escalate')
      .map((e: { note: string }) => e.note);
    expect(levels).toEqual(['Cảnh báo mức 1', 'Cảnh báo mức 2']);
    // A level never sorts before a change of the version it was written on: the task was
    // assigned after the run's scheduled time here, so the levels follow the assignment,
    // each saying which run reached it.
    const events = history.json.items as { action: string; at: string; scheduledFor?: string }[];
    expect(events.map((e) => e.action).slice(0, 3)).toEqual(['assign', 'escalate', 'escalate']);
    for (const e of events.filter((e) => e.action === 'escalate')) {
      expect(e.scheduledFor).toBe('2025-07-10T01:00:00.000Z');
      expect(e.at > (events[0]?.at ?? '')).toBe(true);
    }

    const started = await act(office, created.id, etagOf(3), { action: 'start' });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ version: 4, escalationLevel: 2 });
  });
});

describe('M2: one lead (chủ trì), the others co-ordinate (phối hợp)', () => {
  it('M2: only the lead moves the status and asks for time; a co-ordinator comments and records its part; statistics count the task for its lead', async () => {
    const assigner = await testOrg('m2-assigner');
    const lead = await testOrg('m2-lead');
    const coordinator = await testOrg('m2-coord');
    const created = await assign(await asOffice(assigner), {
      assignees: [
        { kind: 'org', id: coordinator },
        { kind: 'org', id: lead },
      ],
      lead: { kind: 'org', id: lead },
    });
    const stored = await call(`/tasks/${created.id}`, { token: await asOffice(lead) });
    expect(stored.json.assignees.map((a: { id: string; role: string }) => [a.id, a.role])).toEqual([
      [coordinator, 'coordinator'],
      [lead, 'lead'],
    ]);

    const helper = await asOffice(coordinator);
    const notLead = await act(helper, created.id, etagOf(1), { action: 'start' });
    expect(notLead.status).toBe(403);
    const ask = await post(
      `/tasks/${created.id}/extension-requests`,
      helper,
      { requestedDue: '2027-06-30', reason: 'Cần thêm thời gian phối hợp' },
      { 'if-match': etagOf(1) },
    );
    expect(ask.status).toBe(403);
    const part = await post(`/tasks/${created.id}/comments`, helper, {
      text: 'Đã gửi số liệu phần việc của đơn vị',
      kind: 'part',
    });
    expect(part.status).toBe(201);
    expect(part.json.action).toBe('record_part');

    const started = await act(await asOffice(lead), created.id, etagOf(1), { action: 'start' });
    expect(started.status).toBe(200);

    const leadStats = await call(`/tasks/stats?assignee=org:${lead}`, {
      token: await asOffice(lead),
    });
    const coordinatorStats = await call(`/tasks/stats?assignee=org:${coordinator}`, {
      token: helper,
    });
    expect(leadStats.json.total).toBe(1);
    expect(coordinatorStats.json.total).toBe(0);
    // The co-ordinator still sees the task in its own list.
    const listed = await call(`/tasks?assignee=org:${coordinator}`, { token: helper });
    expect(listed.json.items.map((t: { id: string }) => t.id)).toEqual([created.id]);
  });

  it('M2: a lead must be one of the assignees', async () => {
    const assigner = await testOrg('m2-badlead');
    await taskRefusedOn(await asOffice(assigner), 'body.lead', {
      lead: { kind: 'org', id: 'so-noi-vu' },
    });
  });

  it('M2: a directive for several communes fans out into one task per unit, each its own lead', async () => {
    const visit = await logVisit();
    const found = await directive(visit.id, {
      tasks: [
        {
          assignees: [
            { kind: 'unit', id: 'an-phu' },
            { kind: 'unit', id: 'ai-quoc' },
          ],
          fanOut: true,
          dueInWorkingDays: 5,
        },
      ],
    });
    expect(found.taskIds).toHaveLength(2);
    const [first, second] = await Promise.all(found.taskIds.map((id) => tasks.get(id)));
    expect(first?.assignees).toEqual([
      { kind: 'unit', id: 'an-phu', name: 'An Phú', role: 'lead' },
    ]);
    expect(second?.assignees).toEqual([
      { kind: 'unit', id: 'ai-quoc', name: 'Ái Quốc', role: 'lead' },
    ]);
    expect((await call(`/tasks/${second?.id}`, { token: anPhu })).status).toBe(404);
  });
});

describe('M3: nobody closes their own work', () => {
  it('M3: an office cannot assign a task to itself', async () => {
    const office = await testOrg('m3-self');
    await taskRefusedOn(await asOffice(office), 'body.assignees.1', {
      assignees: [
        { kind: 'org', id: 'so-xay-dung' },
        { kind: 'org', id: office },
      ],
    });
  });
});

describe('M4: the assigner is who the token says', () => {
  it('M4: an office never names a leader as the assigner', async () => {
    const office = await testOrg('m4-office');
    await taskRefusedOn(await asOffice(office), 'body.assignedBy', { assignedBy: 'le-tien-chau' });
  });

  it("M4: a delegation assigns only in its own leader's name, and only that leader's delegation verifies", async () => {
    const other = await post('/tasks', delegation, taskBody({ assignedBy: 'do-manh-hien' }));
    expect(other.status).toBe(403);

    const assignee = await testOrg('m4-assignee');
    const created = await assign(delegation, { assignees: [{ kind: 'org', id: assignee }] });
    const stored = await tasks.get(created.id);
    expect(stored?.assigner).toEqual({ leaderId: 'le-tien-chau', leaderName: 'Lê Tiến Châu' });
    const office = await asOffice(assignee);
    expect((await act(office, created.id, etagOf(1), { action: 'start' })).status).toBe(200);
    expect(
      (await act(office, created.id, etagOf(2), { action: 'complete', note: 'Đã xong' })).status,
    ).toBe(200);
    const otherDelegation = await asDelegation(['do-manh-hien']);
    expect((await act(otherDelegation, created.id, etagOf(3), { action: 'verify' })).status).toBe(
      403,
    );
    expect((await act(delegation, created.id, etagOf(3), { action: 'verify' })).status).toBe(200);
  });
});

describe('M5: an Idempotency-Key is scoped to what it was sent to', () => {
  it('M5: the same key and body on comments of two tasks makes a comment on each', async () => {
    const assigner = await testOrg('m5-assigner');
    const office = await asOffice(assigner);
    const one = await assign(office);
    const two = await assign(office);
    const key = `comment-${randomUUID()}`;
    const body = { text: 'Đề nghị báo cáo tiến độ trước thứ Sáu' };
    const first = await post(`/tasks/${one.id}/comments`, office, body, { 'idempotency-key': key });
    const second = await post(`/tasks/${two.id}/comments`, office, body, {
      'idempotency-key': key,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.json.taskId).toBe(two.id);
    const history = await call(`/tasks/${two.id}/history`, { token: office });
    expect(
      history.json.items.filter((e: { action: string }) => e.action === 'comment'),
    ).toHaveLength(1);
    const replay = await post(`/tasks/${one.id}/comments`, office, body, {
      'idempotency-key': key,
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.id).toBe(first.json.id);
  });
});

describe('M6: what lives on a task item is bounded', () => {
  it('M6: after ten extension rounds with the longest texts, the next request is refused 409, not 500', async () => {
    const assigner = await testOrg('m6-assigner');
    const assignee = await testOrg('m6-assignee');
    const boss = await asOffice(assigner);
    const worker = await asOffice(assignee);
    const created = await assign(boss, { assignees: [{ kind: 'org', id: assignee }] });
    const long = 'Lý do cần thêm thời gian phối hợp với các sở, ngành. '.repeat(38).slice(0, 2000);
    let version = created.version;
    for (let round = 0; round < 10; round++) {
      const asked = await post(
        `/tasks/${created.id}/extension-requests`,
        worker,
        { requestedDue: '2027-12-30', reason: long },
        { 'if-match': etagOf(version) },
      );
      expect(asked.status, JSON.stringify(asked.json)).toBe(201);
      version = asked.json.version;
      const requestId = asked.json.extensionRequests.at(-1).id;
      const rejected = await post(
        `/tasks/${created.id}/extension-requests/${requestId}/decision`,
        boss,
        { decision: 'reject', note: long },
        { 'if-match': etagOf(version) },
      );
      expect(rejected.status, JSON.stringify(rejected.json)).toBe(200);
      version = rejected.json.version;
    }
    const eleventh = await post(
      `/tasks/${created.id}/extension-requests`,
      worker,
      { requestedDue: '2027-12-30', reason: long },
      { 'if-match': etagOf(version) },
    );
    expect(eleventh.status).toBe(409);
    expect(eleventh.json.type).toBe('urn:thaogo:problem:limit-reached');
    const history = await call(`/tasks/${created.id}/history`, { token: boss });
    expect(
      history.json.items.filter((e: { action: string }) => e.action === 'reject_extension'),
    ).toHaveLength(10);
  });
});

describe('L3: links exist and are visible to the caller and the assignees', () => {
  it('L3: refuses an unknown visit, a visit the assignee was not part of, a finding of another visit, and an obstacle of a unit none of the assignees is', async () => {
    const visit = await logVisit(['an-phu']);
    const other = await logVisit(['an-phu']);
    const found = await directive(other.id, {});
    const refusedOn = (field: string, links: Record<string, unknown>) =>
      taskRefusedOn(delegation, field, links);
    const anPhuOnly = [{ kind: 'unit', id: 'an-phu' }] as const;
    await refusedOn('body.visitId', { visitId: newUlid(), assignees: [...anPhuOnly] });
    await refusedOn('body.assignees.0', {
      visitId: visit.id,
      assignees: [{ kind: 'unit', id: 'nguyen-giap' }],
    });
    await refusedOn('body.findingId', {
      visitId: visit.id,
      findingId: found.id,
      assignees: [...anPhuOnly],
    });

    const obstacle = await post('/obstacles', anPhu, {
      category: 'equipment',
      title: 'Thiếu máy quét hồ sơ',
      description: 'Trung tâm còn thiếu một máy quét',
      severity: 'medium',
    });
    expect(obstacle.status).toBe(201);
    await refusedOn('body.obstacleIds.0', {
      obstacleIds: [obstacle.json.id],
      assignees: [{ kind: 'unit', id: 'ai-quoc' }],
    });

    const linked = await post(
      '/tasks',
      delegation,
      taskBody({
        visitId: other.id,
        findingId: found.id,
        obstacleIds: [obstacle.json.id],
        assignees: [{ kind: 'unit', id: 'an-phu' }],
      }),
    );
    expect(linked.status, JSON.stringify(linked.json)).toBe(201);
  });

  it('L3: an obstacle reported on a visit takes a real visit id of a visit to its unit', async () => {
    const visit = await logVisit(['an-phu']);
    const report = (body: Record<string, unknown>) =>
      post('/obstacles', delegation, {
        category: 'roads',
        title: 'Đường vào trung tâm xuống cấp',
        description: 'Mặt đường lún, xe khó vào',
        severity: 'high',
        unitId: 'an-phu',
        ...body,
      });
    expect((await report({ visitId: visit.id })).status).toBe(201);
    const slug = await report({ visitId: 'no-such-visit' });
    expect(slug.status).toBe(400);
    expect(slug.json.errors[0].field).toBe('body.visitId');
    const absent = await report({ visitId: newUlid() });
    expect(absent.status).toBe(400);
    expect(absent.json.errors[0].field).toBe('body.visitId');
    const elsewhere = await report({ visitId: visit.id, unitId: 'ai-quoc' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.errors[0].field).toBe('body.unitId');
  });
});

describe('L5: digests follow the visibility of what they list', () => {
  it("L5: an office that does not read all tasks reads its own digests, not another office's", async () => {
    const mine = await testOrg('l5-mine');
    const theirs = await testOrg('l5-theirs');
    const store = createDigestsRepository(doc, table);
    const digestFor = (orgId: string) =>
      ({
        id: digestId('escalation', '2025-06-30', `org:${orgId}`),
        kind: 'escalation',
        period: '2025-06-30',
        scheduledTime: '2025-06-30T01:00:00.000Z',
        recipient: { key: `org:${orgId}`, kind: 'org', id: orgId, name: orgId, emails: [] },
        sections: [],
        items: [],
        subject: 'Cảnh báo',
        text: '',
        html: '',
        delivery: { status: 'sent', attempts: 1 },
        createdAt: '2025-06-30T01:00:00.000Z',
      }) as unknown as Digest;
    await store.putIfAbsent(digestFor(mine));
    await store.putIfAbsent(digestFor(theirs));
    const office = await asOffice(mine);
    const listed = await call('/digests?date=2025-06-30&kind=escalation', { token: office });
    const keysListed = listed.json.items.map((d: Digest) => d.recipient.key);
    expect(keysListed).toContain(`org:${mine}`);
    expect(keysListed).not.toContain(`org:${theirs}`);
    const id = (orgId: string) => digestId('escalation', '2025-06-30', `org:${orgId}`);
    expect((await call(`/digests/${id(mine)}`, { token: office })).status).toBe(200);
    expect((await call(`/digests/${id(theirs)}`, { token: office })).status).toBe(404);
    const reader = await asOffice('van-phong-thanh-uy');
    expect((await call(`/digests/${id(theirs)}`, { token: reader })).status).toBe(200);
  });
});
