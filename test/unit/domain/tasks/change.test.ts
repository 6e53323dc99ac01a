import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/caller.ts';
import {
  ForbiddenError,
  InvalidTransitionError,
  LimitReachedError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '#shared/domain/errors.ts';
import {
  commentOnTask,
  decideExtension,
  requestExtension,
  transitionTask,
} from '#shared/domain/tasks/change.ts';
import { createTask } from '#shared/domain/tasks/create.ts';
import {
  type ExtensionRequest,
  type Task,
  type TaskAction,
  type TaskStatus,
  taskActions,
  taskStatuses,
} from '#shared/schemas/tasks.ts';
import { callers, caught, inMemoryWorld, refused, taskInput, type World } from '../fakes.ts';

/**
 * A task Lê Tiến Châu's delegation assigned on Friday 4 July 2025, due ten working days
 * later: An Phú leads (chủ trì), Nguyên Giáp and Sở Xây dựng co-ordinate (phối hợp).
 */
const lead = callers.anPhu;
const coordinators: Caller[] = [callers.nguyenGiap, callers.xayDung];
const assigner = callers.chau;
/** Those who see the task but are neither its lead nor its assigner. */
const onlookers: Caller[] = [callers.hieu, callers.thanhUy];

async function given(status: TaskStatus = 'assigned', patch: Partial<Task> = {}) {
  const world = inMemoryWorld();
  const { task: created } = await createTask(taskInput, assigner, world.deps);
  const task: Task = { ...created, status, ...patch };
  world.tasks.set(task.id, task);
  world.settled();
  return { world, task, tag: `"${task.version}"` };
}

/** The refusal is the one expected, and no store saw a write. */
const text = { note: 'Đã rà soát xong', reason: 'Chưa đạt yêu cầu' };

/** The life cycle as the product defines it (docs/architecture.md#life-cycles). */
const lifeCycle: Record<
  TaskAction,
  { from: TaskStatus[]; to: TaskStatus; by: 'lead' | 'assigner' }
> = {
  start: { from: ['assigned'], to: 'in_progress', by: 'lead' },
  complete: { from: ['in_progress'], to: 'done', by: 'lead' },
  verify: { from: ['done'], to: 'verified', by: 'assigner' },
  return: { from: ['done'], to: 'in_progress', by: 'assigner' },
  cancel: { from: ['assigned', 'in_progress', 'done'], to: 'cancelled', by: 'assigner' },
};

describe('task transitions with in-memory ports', () => {
  it('moves each action only from its statuses, as one new version with its event', async () => {
    let allowed = 0;
    for (const action of taskActions) {
      const rule = lifeCycle[action];
      for (const status of taskStatuses) {
        const { world, task, tag } = await given(status);
        const by = rule.by === 'lead' ? lead : assigner;
        const attempt = transitionTask(task.id, { action, ...text }, tag, by, world.deps);
        if (!rule.from.includes(status)) {
          await refused(world, attempt, InvalidTransitionError);
          continue;
        }
        allowed++;
        await expect(attempt).resolves.toMatchObject({ status: rule.to, version: 2 });
        expect(world.tasks.get(task.id)).toMatchObject({ status: rule.to, version: 2 });
        expect(world.writes).toEqual([{ store: 'tasks', op: 'update', id: task.id }]);
        expect(world.taskEvents.at(-1)).toMatchObject({
          taskId: task.id,
          action,
          from: status,
          to: rule.to,
          by: { sub: by.sub, role: by.role },
        });
      }
    }
    expect(allowed).toBe(7);
  });

  it('keeps the completion note composed and the day it was done, and a return forgets the day', async () => {
    const { world, task } = await given('in_progress');
    world.setNow('2025-07-10T09:30:00.000Z');
    const decomposed = 'Đã xong'.normalize('NFD');
    const done = await transitionTask(
      task.id,
      { action: 'complete', note: decomposed },
      '"1"',
      lead,
      world.deps,
    );
    expect(done).toMatchObject({
      status: 'done',
      completionNote: 'Đã xong'.normalize('NFC'),
      completedOn: '2025-07-10',
      updatedAt: '2025-07-10T09:30:00.000Z',
    });
    expect(world.taskEvents.at(-1)?.note).toBe('Đã xong'.normalize('NFC'));
    const returned = await transitionTask(
      task.id,
      { action: 'return', reason: 'Thiếu số liệu' },
      '"2"',
      assigner,
      world.deps,
    );
    expect(returned).toMatchObject({ status: 'in_progress', version: 3 });
    expect(returned.completedOn).toBeUndefined();
    expect(world.taskEvents.at(-1)).toMatchObject({ action: 'return', note: 'Thiếu số liệu' });
  });

  it("refuses the lead's actions to co-ordinators, the assigner and onlookers (403)", async () => {
    const leadActions = [
      { action: 'start', status: 'assigned' },
      { action: 'complete', status: 'in_progress' },
    ] as const;
    for (const { action, status } of leadActions) {
      for (const caller of [...coordinators, assigner, ...onlookers]) {
        const { world, task, tag } = await given(status);
        await refused(
          world,
          transitionTask(task.id, { action, ...text }, tag, caller, world.deps),
          ForbiddenError,
        );
      }
      const { world, task, tag } = await given(status);
      await transitionTask(task.id, { action, ...text }, tag, lead, world.deps);
      expect(world.writes).toHaveLength(1);
    }
  });

  it("refuses the assigner's actions to the lead, co-ordinators and onlookers (403)", async () => {
    const assignerActions = [
      { action: 'verify', status: 'done' },
      { action: 'return', status: 'done' },
      { action: 'cancel', status: 'assigned' },
    ] as const;
    for (const { action, status } of assignerActions) {
      for (const caller of [lead, ...coordinators, ...onlookers]) {
        const { world, task, tag } = await given(status);
        await refused(
          world,
          transitionTask(task.id, { action, ...text }, tag, caller, world.deps),
          ForbiddenError,
        );
      }
      // A delegation acting for the assigning leader among others speaks for it too.
      for (const caller of [assigner, callers.both]) {
        const { world, task, tag } = await given(status);
        await transitionTask(task.id, { action, ...text }, tag, caller, world.deps);
        expect(world.writes).toHaveLength(1);
      }
    }
  });

  it('lets only the office that assigned a task close it, never a delegation', async () => {
    const assignedByOffice = { assigner: { orgId: 'so-noi-vu', orgName: 'Sở Nội vụ' } };
    for (const caller of [callers.chau, callers.thanhUy, callers.xayDung]) {
      const { world, task, tag } = await given('done', assignedByOffice);
      await refused(
        world,
        transitionTask(task.id, { action: 'verify' }, tag, caller, world.deps),
        ForbiddenError,
      );
    }
    const { world, task, tag } = await given('done', assignedByOffice);
    await expect(
      transitionTask(task.id, { action: 'verify' }, tag, callers.noiVu, world.deps),
    ).resolves.toMatchObject({ status: 'verified' });
  });

  it('refuses the assigner side to an office that is also an assignee: nobody verifies its own work', async () => {
    // Not something a create lets through; a task stored so must still not be self-verified.
    const { world, task, tag } = await given('done', {
      assigner: { orgId: 'so-xay-dung', orgName: 'Sở Xây dựng' },
    });
    for (const action of ['verify', 'return', 'cancel'] as const) {
      await refused(
        world,
        transitionTask(task.id, { action, ...text }, tag, callers.xayDung, world.deps),
        ForbiddenError,
      );
    }
  });

  it('requires a note to complete and a reason to return or cancel (400 on the field)', async () => {
    const cases = [
      { action: 'complete', status: 'in_progress', by: lead, field: 'body.note' },
      { action: 'return', status: 'done', by: assigner, field: 'body.reason' },
      { action: 'cancel', status: 'in_progress', by: assigner, field: 'body.reason' },
    ] as const;
    for (const { action, status, by, field } of cases) {
      const { world, task, tag } = await given(status);
      // The other text does not stand in for the one required.
      const other = field === 'body.note' ? { reason: 'lý do' } : { note: 'ghi chú' };
      const error = await caught(
        transitionTask(task.id, { action, ...other }, tag, by, world.deps),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ field, message: 'Required for this action' }] });
      expect(world.writes).toEqual([]);
    }
  });

  it('needs If-Match (428) with the current version (412) on every change', async () => {
    const changes = [
      {
        patch: {},
        run: (w: World, t: Task, ifMatch?: string) =>
          transitionTask(t.id, { action: 'start' }, ifMatch, lead, w.deps),
      },
      {
        patch: {},
        run: (w: World, t: Task, ifMatch?: string) =>
          requestExtension(
            t.id,
            { requestedDue: '2025-08-01', reason: 'Cần thêm thời gian' },
            ifMatch,
            lead,
            w.deps,
          ),
      },
      {
        patch: { extensionRequests: [pending] },
        run: (w: World, t: Task, ifMatch?: string) =>
          decideExtension(t.id, pending.id, { decision: 'approve' }, ifMatch, assigner, w.deps),
      },
    ];
    for (const { patch, run } of changes) {
      for (const missing of [undefined, '', '  ']) {
        const { world, task } = await given('assigned', patch);
        await refused(world, run(world, task, missing), PreconditionRequiredError);
      }
      for (const stale of ['"0"', '"2"', 'W/"1"', '1']) {
        const { world, task } = await given('assigned', patch);
        await refused(world, run(world, task, stale), PreconditionFailedError);
      }
      // One current tag among those offered is enough.
      const { world, task } = await given('assigned', patch);
      await expect(run(world, task, '"0", "1"')).resolves.toMatchObject({ version: 2 });
      expect(world.writes).toHaveLength(1);
    }
  });

  it('checks visibility, then If-Match, side, version, status and required text, in that order', async () => {
    const { world, task } = await given('assigned');
    const complete = (ifMatch: string | undefined, by: Caller) =>
      transitionTask(task.id, { action: 'complete' }, ifMatch, by, world.deps);
    await refused(world, complete(undefined, callers.hongAn), NotFoundError);
    await refused(world, complete(undefined, callers.nguyenGiap), PreconditionRequiredError);
    await refused(world, complete('"9"', callers.nguyenGiap), ForbiddenError);
    await refused(world, complete('"9"', lead), PreconditionFailedError);
    await refused(world, complete('"1"', lead), InvalidTransitionError);
    await transitionTask(task.id, { action: 'start' }, '"1"', lead, world.deps);
    await expect(complete('"2"', lead)).rejects.toBeInstanceOf(ValidationError);
    expect(world.writes).toHaveLength(1);
  });

  it('answers 404 for a task that does not exist, whoever asks', async () => {
    const { world } = await given();
    await refused(
      world,
      transitionTask('01JZ0000000000000000000000', { action: 'start' }, '"1"', lead, world.deps),
      NotFoundError,
    );
  });
});

const pending: ExtensionRequest = {
  id: '01JZ00000000000000000000XR',
  requestedDue: '2025-08-01',
  reason: 'Cần thêm thời gian',
  status: 'pending',
  requestedBy: { sub: lead.sub, name: lead.name, role: 'commune' },
  requestedAt: '2025-07-10T02:00:00.000Z',
};
const decided = (n: number): ExtensionRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    ...pending,
    id: `01JZ00000000000000000000${String(i).padStart(2, '0')}`,
    status: 'rejected',
  }));

describe('extension requests with in-memory ports', () => {
  const ask = { requestedDue: '2025-08-01', reason: 'Cần thêm thời gian'.normalize('NFD') };

  it('records a pending request of the lead as a new version; the due date waits for the decision', async () => {
    const { world, task } = await given('in_progress');
    const after = await requestExtension(task.id, ask, '"1"', lead, world.deps);
    expect(after.version).toBe(2);
    expect(after.currentDue).toBe('2025-07-18');
    expect(after.extensionRequests).toEqual([
      {
        id: expect.any(String),
        requestedDue: '2025-08-01',
        reason: 'Cần thêm thời gian'.normalize('NFC'),
        status: 'pending',
        requestedBy: { sub: lead.sub, name: lead.name, role: 'commune' },
        requestedAt: '2025-07-04T03:00:00.000Z',
      },
    ]);
    expect(world.taskEvents.at(-1)).toMatchObject({
      action: 'request_extension',
      changes: { requestedDue: { from: '2025-07-18', to: '2025-08-01' } },
    });
    expect(world.writes).toHaveLength(1);
  });

  it('is asked for by the lead only (403)', async () => {
    for (const caller of [...coordinators, assigner, ...onlookers]) {
      const { world, task, tag } = await given('in_progress');
      await refused(world, requestExtension(task.id, ask, tag, caller, world.deps), ForbiddenError);
    }
  });

  it('is refused on a closed task and while another request waits (409)', async () => {
    for (const status of ['done', 'verified', 'cancelled'] as const) {
      const { world, task, tag } = await given(status);
      await refused(
        world,
        requestExtension(task.id, ask, tag, lead, world.deps),
        InvalidTransitionError,
      );
    }
    const { world, task, tag } = await given('assigned', { extensionRequests: [pending] });
    await refused(
      world,
      requestExtension(task.id, ask, tag, lead, world.deps),
      InvalidTransitionError,
    );
  });

  it('asks for a date after the current due date, within the holiday calendar (400 on requestedDue)', async () => {
    for (const requestedDue of ['2025-07-18', '2025-07-17', '2028-01-05']) {
      const { world, task, tag } = await given('in_progress');
      const error = await caught(
        requestExtension(task.id, { ...ask, requestedDue }, tag, lead, world.deps),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ issues: [{ field: 'body.requestedDue' }] });
      expect(world.writes).toEqual([]);
    }
  });

  it('allows ten requests on one task, then answers limit-reached (409) and writes nothing', async () => {
    const nine = await given('in_progress', { extensionRequests: decided(9) });
    const tenth = await requestExtension(nine.task.id, ask, nine.tag, lead, nine.world.deps);
    expect(tenth.extensionRequests).toHaveLength(10);

    const { world, task, tag } = await given('in_progress', { extensionRequests: decided(10) });
    const error = await caught(requestExtension(task.id, ask, tag, lead, world.deps));
    expect(error).toBeInstanceOf(LimitReachedError);
    expect(error).toMatchObject({ status: 409, code: 'limit-reached' });
    expect(world.writes).toEqual([]);
  });

  it('moves the due date in force when the assigner approves, never the original one', async () => {
    const { world, task, tag } = await given('in_progress', { extensionRequests: [pending] });
    const after = await decideExtension(
      task.id,
      pending.id,
      { decision: 'approve', note: 'Đồng ý' },
      tag,
      assigner,
      world.deps,
    );
    expect(after).toMatchObject({
      version: 2,
      currentDue: '2025-08-01',
      originalDue: '2025-07-18',
    });
    expect(after.extensionRequests).toEqual([
      {
        ...pending,
        status: 'approved',
        decidedBy: { sub: assigner.sub, name: assigner.name, role: 'delegation' },
        decidedAt: '2025-07-04T03:00:00.000Z',
        decisionNote: 'Đồng ý',
      },
    ]);
    expect(world.taskEvents.at(-1)).toMatchObject({
      action: 'approve_extension',
      note: 'Đồng ý',
      changes: { currentDue: { from: '2025-07-18', to: '2025-08-01' } },
    });
  });

  it('keeps the due date when the assigner rejects', async () => {
    const { world, task, tag } = await given('in_progress', { extensionRequests: [pending] });
    const after = await decideExtension(
      task.id,
      pending.id,
      { decision: 'reject' },
      tag,
      assigner,
      world.deps,
    );
    expect(after).toMatchObject({
      currentDue: '2025-07-18',
      extensionRequests: [{ status: 'rejected' }],
    });
    expect(world.taskEvents.at(-1)?.action).toBe('reject_extension');
    expect(world.taskEvents.at(-1)?.changes).toBeUndefined();
  });

  it('is decided by the assigner only: not the lead, a co-ordinator or an onlooker (403)', async () => {
    for (const caller of [lead, ...coordinators, ...onlookers]) {
      const { world, task, tag } = await given('in_progress', { extensionRequests: [pending] });
      await refused(
        world,
        decideExtension(task.id, pending.id, { decision: 'approve' }, tag, caller, world.deps),
        ForbiddenError,
      );
    }
  });

  it('answers 404 for a request the task lacks and 409 for one decided already', async () => {
    const { world, task, tag } = await given('in_progress', { extensionRequests: decided(1) });
    const decide = (requestId: string) =>
      decideExtension(task.id, requestId, { decision: 'approve' }, tag, assigner, world.deps);
    await refused(world, decide(pending.id), NotFoundError);
    await refused(world, decide((decided(1)[0] as ExtensionRequest).id), InvalidTransitionError);
  });
});

describe('comments and recorded parts with in-memory ports', () => {
  it('adds a comment by anyone who sees the task as an event only: the task and its version stay', async () => {
    for (const caller of [lead, ...coordinators, assigner, ...onlookers]) {
      const { world, task } = await given('in_progress');
      const { event } = await commentOnTask(
        task.id,
        { text: 'Đề nghị báo cáo tiến độ'.normalize('NFD') },
        caller,
        world.deps,
      );
      expect(event).toMatchObject({
        taskId: task.id,
        action: 'comment',
        note: 'Đề nghị báo cáo tiến độ'.normalize('NFC'),
        by: { sub: caller.sub, role: caller.role },
      });
      expect(world.tasks.get(task.id)).toEqual(task);
      expect(world.writes).toEqual([{ store: 'tasks', op: 'comment', id: task.id }]);
    }
  });

  it('records a part for the lead and co-ordinators only (403 for others)', async () => {
    for (const caller of [lead, ...coordinators]) {
      const { world, task } = await given('in_progress');
      const { event } = await commentOnTask(
        task.id,
        { text: 'Đã gửi số liệu', kind: 'part' },
        caller,
        world.deps,
      );
      expect(event).toMatchObject({ action: 'record_part', by: { sub: caller.sub } });
      expect(world.tasks.get(task.id)?.version).toBe(1);
    }
    for (const caller of [assigner, ...onlookers]) {
      const { world, task } = await given('in_progress');
      await refused(
        world,
        commentOnTask(task.id, { text: 'Đã gửi số liệu', kind: 'part' }, caller, world.deps),
        ForbiddenError,
      );
    }
  });

  it('answers 404 to a comment from those who may not see the task', async () => {
    for (const caller of [callers.hongAn, callers.noiVu]) {
      const { world, task } = await given('in_progress');
      await refused(
        world,
        commentOnTask(task.id, { text: 'Xin hỏi' }, caller, world.deps),
        NotFoundError,
      );
    }
  });
});
