import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asCityOffice, asCommune, asDelegation, call, post, tokenFor, tokens } from './helpers.ts';
import { reportOk } from './obstacle-helpers.ts';
import { act, assign, taskBody, testOrg } from './task-helpers.ts';

const { delegation, soXayDung, anLao, anPhu, thanhUy } = await tokens({
  delegation: asDelegation(),
  soXayDung: asCityOffice('so-xay-dung'),
  anLao: asCommune('an-lao'),
  anPhu: asCommune('an-phu'),
  thanhUy: asCityOffice('van-phong-thanh-uy'),
});

describe('a task from assignment to verification', () => {
  it('walks every transition, an approved and a rejected extension, and comments, all in history', async () => {
    const task = await assign(delegation, {
      assignees: [
        { kind: 'org', id: 'so-xay-dung' },
        { kind: 'unit', id: 'an-lao' },
      ],
    });
    expect(task).toMatchObject({ status: 'assigned', version: 1 });
    expect(task.originalDue).toBe(task.currentDue);

    let etag = '"1"';
    const step = async (token: string, path: string, body: object, status = 200) => {
      const result = await post(`/tasks/${task.id}${path}`, token, body, { 'if-match': etag });
      expect(result.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(result.json)}`).toBe(
        status,
      );
      etag = result.headers.get('etag') as string;
      return result.json;
    };

    // Sở Xây dựng, named first, is the lead (chủ trì); An Lão co-ordinates (phối hợp).
    await step(soXayDung, '/transitions', { action: 'start' });
    const comment = await post(`/tasks/${task.id}/comments`, anLao, {
      text: 'Xã đã gửi danh sách kiến nghị.',
      kind: 'part',
    });
    expect(comment.status).toBe(201);

    /** The lead asks for a later due date, its `nth` request, and the delegation decides. */
    const askAndDecide = async (nth: number, ask: object, decision: object) => {
      const asked = await step(soXayDung, '/extension-requests', ask, 201);
      const request = asked.extensionRequests[nth].id;
      return step(delegation, `/extension-requests/${request}/decision`, decision);
    };
    const rejected = await askAndDecide(
      0,
      { requestedDue: '2027-03-31', reason: 'Chờ số liệu của các sở' },
      { decision: 'reject', note: 'Cần báo cáo đúng hạn' },
    );
    expect(rejected.currentDue).toBe(task.originalDue);

    const approved = await askAndDecide(
      1,
      { requestedDue: '2027-02-26', reason: 'Qua Tết mới đủ số liệu' },
      { decision: 'approve' },
    );
    expect(approved.currentDue).toBe('2027-02-26');
    expect(approved.originalDue).toBe(task.originalDue);

    await step(soXayDung, '/transitions', { action: 'complete', note: 'Đã tổng hợp đủ kiến nghị' });
    await step(delegation, '/transitions', {
      action: 'return',
      reason: 'Thiếu kiến nghị của phường Hồng An',
    });
    await step(soXayDung, '/transitions', { action: 'complete', note: 'Đã bổ sung' });
    const verified = await step(delegation, '/transitions', { action: 'verify' });
    expect(verified).toMatchObject({
      status: 'verified',
      originalDue: task.originalDue,
      currentDue: '2027-02-26',
    });
    expect(verified.onTime).toBe(true);

    const history = await call(`/tasks/${task.id}/history`, { token: soXayDung });
    expect(history.json.items.map((e: { action: string }) => e.action)).toEqual([
      'assign',
      'start',
      'record_part',
      'request_extension',
      'reject_extension',
      'request_extension',
      'approve_extension',
      'complete',
      'return',
      'complete',
      'verify',
    ]);
    const bySub = history.json.items.map((e: { by: { sub: string } }) => e.by.sub);
    const [d, lead, coordinator] = ['it-delegation', 'it-office-so-xay-dung', 'it-commune-an-lao'];
    expect(bySub).toEqual([d, lead, coordinator, lead, d, lead, d, lead, d, lead, d]);
    const approval = history.json.items[6];
    expect(approval.changes).toEqual({ currentDue: { from: task.originalDue, to: '2027-02-26' } });
    for (const event of history.json.items) expect(Date.parse(event.at)).not.toBeNaN();
  });

  it('cancels with a reason, from the assigner side only', async () => {
    const task = await assign(delegation);
    expect((await act(soXayDung, task.id, '"1"', { action: 'cancel', reason: 'x' })).status).toBe(
      403,
    );
    expect((await act(delegation, task.id, '"1"', { action: 'cancel' })).status).toBe(400);
    const cancelled = await act(delegation, task.id, '"1"', {
      action: 'cancel',
      reason: 'Đã lồng ghép vào nhiệm vụ khác',
    });
    expect(cancelled.json.status).toBe('cancelled');
  });

  it('counts on time against the original due date, extensions notwithstanding', async () => {
    const orgId = await testOrg('ontime');
    const office = await tokenFor({ role: 'city-office', orgId, sub: `it-${orgId}` });
    const early = await assign(delegation, { assignees: [{ kind: 'org', id: orgId }] });
    const late = await assign(delegation, {
      assignees: [{ kind: 'org', id: orgId }],
      assignedOn: '2026-10-01',
      dueDate: '2026-10-15',
      dueInWorkingDays: undefined,
    });
    const ext = await post(
      `/tasks/${late.id}/extension-requests`,
      office,
      { requestedDue: '2027-12-30', reason: 'Cần thêm thời gian' },
      { 'if-match': '"1"' },
    );
    await post(
      `/tasks/${late.id}/extension-requests/${ext.json.extensionRequests[0].id}/decision`,
      delegation,
      { decision: 'approve' },
      { 'if-match': '"2"' },
    );
    for (const [task, etag] of [
      [early, '"1"'],
      [late, '"3"'],
    ] as const) {
      const started = await act(office, task.id, etag, { action: 'start' });
      await act(office, task.id, started.headers.get('etag') as string, {
        action: 'complete',
        note: 'Xong',
      });
    }
    const lateView = await call(`/tasks/${late.id}`, { token: office });
    expect(lateView.json).toMatchObject({
      status: 'done',
      onTime: false,
      overdue: false,
      currentDue: '2027-12-30',
      originalDue: '2026-10-15',
    });
    const stats = await call(`/tasks/stats?assignee=org:${orgId}`, { token: delegation });
    expect(stats.json).toMatchObject({
      total: 2,
      finished: 2,
      open: 0,
      onTimeRate: { numerator: 1, denominator: 2, value: 0.5 },
    });
  });
});

describe('refusals', () => {
  it("hides another unit's task from a commune: read, history, comment and transition are 404", async () => {
    const task = await assign(delegation, { assignees: [{ kind: 'unit', id: 'an-lao' }] });
    const results = await Promise.all([
      call(`/tasks/${task.id}`, { token: anPhu }),
      call(`/tasks/${task.id}/history`, { token: anPhu }),
      post(`/tasks/${task.id}/comments`, anPhu, { text: 'Xem giúp' }),
      act(anPhu, task.id, '"1"', { action: 'start' }),
      post(
        `/tasks/${task.id}/extension-requests`,
        anPhu,
        { requestedDue: '2027-06-30', reason: 'x' },
        { 'if-match': '"1"' },
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    const history = await call(`/tasks/${task.id}/history`, { token: anLao });
    expect(history.json.items).toHaveLength(1);
    const list = await call('/tasks?limit=100', { token: anPhu });
    expect(list.json.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
    expect((await call('/tasks?assignee=unit:an-lao', { token: anPhu })).json.items).toEqual([]);
  });

  it('lets only the assigner decide an extension: the assignee office gets 403', async () => {
    const task = await assign(delegation);
    const asked = await post(
      `/tasks/${task.id}/extension-requests`,
      soXayDung,
      { requestedDue: '2027-06-30', reason: 'Chờ ý kiến các sở' },
      { 'if-match': '"1"' },
    );
    const requestId = asked.json.extensionRequests[0].id;
    const deciders = { 'the assignee office': soXayDung, 'the office that reads all': thanhUy };
    for (const [who, token] of Object.entries(deciders)) {
      const decided = await post(
        `/tasks/${task.id}/extension-requests/${requestId}/decision`,
        token,
        { decision: 'approve' },
        { 'if-match': '"2"' },
      );
      expect(decided.status, who).toBe(403);
    }
    const after = await call(`/tasks/${task.id}`, { token: delegation });
    expect(after.json.currentDue).toBe(task.originalDue);
    expect(after.json.extensionRequests[0].status).toBe('pending');
  });

  it('answers 409 to a second pending request and to a transition the status does not allow', async () => {
    const task = await assign(delegation);
    await post(
      `/tasks/${task.id}/extension-requests`,
      soXayDung,
      { requestedDue: '2027-06-30', reason: 'a' },
      { 'if-match': '"1"' },
    );
    const second = await post(
      `/tasks/${task.id}/extension-requests`,
      soXayDung,
      { requestedDue: '2027-07-30', reason: 'b' },
      { 'if-match': '"2"' },
    );
    expect(second.status).toBe(409);
    expect((await act(delegation, task.id, '"2"', { action: 'verify' })).status).toBe(409);
  });

  it('answers 412 to concurrent transitions with the same ETag (one wins), and 428 without If-Match', async () => {
    const task = await assign(delegation, {
      assignees: [
        { kind: 'org', id: 'so-xay-dung' },
        { kind: 'unit', id: 'an-lao' },
      ],
    });
    const results = await Promise.all([
      act(soXayDung, task.id, '"1"', { action: 'start' }),
      act(delegation, task.id, '"1"', { action: 'cancel', reason: 'Trùng' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const history = await call(`/tasks/${task.id}/history`, { token: delegation });
    expect(history.json.items).toHaveLength(2);
    expect((await act(delegation, task.id, undefined, { action: 'verify' })).status).toBe(428);
  });

  it('makes one task of a retried create with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const body = taskBody();
    const [a, b] = await Promise.all([
      post('/tasks', delegation, body, { 'idempotency-key': key }),
      post('/tasks', delegation, body, { 'idempotency-key': key }),
    ]);
    const c = await post('/tasks', delegation, body, { 'idempotency-key': key });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.json.id, b.json.id, c.json.id]).size).toBe(1);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
  });

  it('writes nothing when a linked obstacle is not visible, or an assignee or leader is unknown', async () => {
    const obstacle = await reportOk(anLao);
    const missing = await post(
      '/tasks',
      delegation,
      taskBody({ obstacleIds: ['01JZ00000000000000000000ZZ'] }),
    );
    expect(missing.status).toBe(404);
    const unknownOrg = await post(
      '/tasks',
      delegation,
      taskBody({ assignees: [{ kind: 'org', id: 'so-khong-co' }] }),
    );
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.json.errors[0].field).toBe('body.assignees.0.id');
    // A leader the account does not act for (known or not): refused, nothing written.
    const unknownLeader = await post('/tasks', delegation, taskBody({ assignedBy: 'nguoi-la' }));
    expect(unknownLeader.status).toBe(403);
    const both = await post('/tasks', delegation, taskBody({ dueDate: '2027-01-05' }));
    expect(both.status).toBe(400);
    const ok = await post('/tasks', delegation, taskBody({ obstacleIds: [obstacle.id] }));
    expect(ok.status).toBe(201);
    expect(ok.json.links.obstacleIds).toEqual([obstacle.id]);
    const commune = await post('/tasks', anLao, taskBody());
    expect(commune.status).toBe(403);
  });
});
