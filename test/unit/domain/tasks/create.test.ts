import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/caller.ts';
import { ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { createTask } from '#shared/domain/tasks/create.ts';
import { createVisit } from '#shared/domain/visits/commands.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import type { TaskInput } from '#shared/schemas/tasks.ts';
import { sampleObstacle } from '../../../../bench/fixtures/records.ts';
import { callers, inMemoryWorld, refused, refusedOn, taskInput, type World } from '../fakes.ts';

/** The shared task, led by An Phú with Sở Xây dựng alone. */
const input: TaskInput = {
  ...taskInput,
  assignees: [
    { kind: 'unit', id: 'an-phu' },
    { kind: 'org', id: 'so-xay-dung' },
  ],
};

const create = (world: World, caller: Caller, patch: Partial<TaskInput> = {}) =>
  createTask({ ...input, ...patch }, caller, world.deps);

describe('assigning a task with in-memory ports', () => {
  it('stores the task in the name of the leader the delegation acts for, with its first event', async () => {
    const world = inMemoryWorld();
    const { task, replayed } = await create(world, callers.chau);
    expect(replayed).toBe(false);
    expect(task).toMatchObject({
      assigner: { leaderId: 'le-tien-chau', leaderName: 'Lê Tiến Châu' },
      createdBy: { sub: 'd-chau', role: 'delegation' },
      assignees: [
        { kind: 'unit', id: 'an-phu', name: 'An Phú', role: 'lead' },
        { kind: 'org', id: 'so-xay-dung', name: 'Sở Xây dựng', role: 'coordinator' },
      ],
      status: 'assigned',
      version: 1,
      // Friday 4 July 2025 plus ten working days.
      assignedOn: '2025-07-04',
      originalDue: '2025-07-18',
      currentDue: '2025-07-18',
      extensionRequests: [],
      escalationLevel: 0,
      links: { obstacleIds: [] },
    });
    expect(world.tasks.get(task.id)).toEqual(task);
    expect(world.taskEvents).toEqual([
      expect.objectContaining({
        taskId: task.id,
        action: 'assign',
        to: 'assigned',
        changes: { currentDue: { from: null, to: '2025-07-18' } },
      }),
    ]);
    expect(world.writes).toEqual([{ store: 'tasks', op: 'create', id: task.id }]);
  });

  it('makes the named lead the lead and every other assignee a co-ordinator', async () => {
    const world = inMemoryWorld();
    const { task } = await create(world, callers.chau, {
      lead: { kind: 'org', id: 'so-xay-dung' },
    });
    expect(task.assignees.map((a) => [a.id, a.role])).toEqual([
      ['an-phu', 'coordinator'],
      ['so-xay-dung', 'lead'],
    ]);
  });

  it('refuses a lead that is not one of the assignees (400 on lead)', async () => {
    const world = inMemoryWorld();
    await refusedOn(
      world,
      'body.lead',
      create(world, callers.chau, { lead: { kind: 'unit', id: 'hong-an' } }),
    );
  });

  it('refuses an assignee the city lacks, or one named twice', async () => {
    const world = inMemoryWorld();
    const cases: [field: string, second: TaskInput['assignees'][number]][] = [
      ['body.assignees.1.id', { kind: 'org', id: 'so-khong-co' }],
      ['body.assignees.1', { kind: 'unit', id: 'an-phu' }],
    ];
    for (const [field, second] of cases) {
      const assignees = [{ kind: 'unit', id: 'an-phu' } as const, second];
      await refusedOn(world, field, create(world, callers.chau, { assignees }));
    }
  });

  it('lets only a delegation or a city office assign (403 for a commune)', async () => {
    const world = inMemoryWorld();
    await refused(world, create(world, callers.anPhu), ForbiddenError);
  });

  it('has an office assign in its own name, never naming a leader, never to itself', async () => {
    const world = inMemoryWorld();
    const { task } = await create(world, callers.noiVu);
    expect(task.assigner).toEqual({ orgId: 'so-noi-vu', orgName: 'Sở Nội vụ' });
    world.settled();
    await refusedOn(
      world,
      'body.assignedBy',
      create(world, callers.noiVu, { assignedBy: 'le-tien-chau' }),
    );
    await refusedOn(world, 'body.assignees.1', create(world, callers.xayDung));
  });

  it('has a delegation name the leader when it acts for several, and only one it acts for', async () => {
    const world = inMemoryWorld();
    await refusedOn(world, 'body.assignedBy', create(world, callers.both));
    await refused(
      world,
      create(world, callers.chau, { assignedBy: 'le-van-hieu' }),
      ForbiddenError,
    );
    const { task } = await create(world, callers.both, { assignedBy: 'le-van-hieu' });
    expect(task.assigner).toEqual({ leaderId: 'le-van-hieu', leaderName: 'Lê Văn Hiệu' });
  });

  it('replays the first task for the same Idempotency-Key, writing nothing more', async () => {
    const world = inMemoryWorld();
    const idempotency = { key: 'k-1', fingerprint: 'f', target: 'POST /tasks' };
    const first = await createTask(input, callers.chau, { ...world.deps, idempotency });
    const again = await createTask(input, callers.chau, { ...world.deps, idempotency });
    expect(again).toEqual({ task: first.task, replayed: true });
    expect(world.writes).toHaveLength(1);
  });
});

describe("a task's links, checked before anything is written", () => {
  async function withVisit() {
    const world = inMemoryWorld();
    const { visit } = await createVisit(
      {
        leaderIds: ['le-tien-chau'],
        date: '2025-07-03',
        unitIds: ['an-phu', 'nguyen-giap'],
        purpose: 'Kiểm tra',
      },
      callers.chau,
      world.deps,
    );
    world.findings.push({
      id: '01JZ0000000000000000000F01',
      visitId: visit.id,
      kind: 'directive',
      text: 'Rà soát',
      taskIds: [],
      createdBy: { sub: 'd-chau', name: 'Tổ giúp việc', role: 'delegation' },
      createdAt: '2025-07-03T08:00:00.000Z',
    });
    const obstacle = (id: string, unitId: string, unitName: string): Obstacle =>
      sampleObstacle({
        id,
        unitId,
        unitName,
        description: 'Thiếu 2 người',
        reportedBy: { sub: 'c', name: 'Xã', role: 'commune' },
        createdAt: '2025-07-01T03:00:00.000Z',
        updatedAt: '2025-07-01T03:00:00.000Z',
        statusChangedAt: '2025-07-01T03:00:00.000Z',
      });
    world.obstacles.set(
      '01JZ0000000000000000000B01',
      obstacle('01JZ0000000000000000000B01', 'an-phu', 'An Phú'),
    );
    world.obstacles.set(
      '01JZ0000000000000000000B02',
      obstacle('01JZ0000000000000000000B02', 'nguyen-giap', 'Nguyên Giáp'),
    );
    world.settled();
    return { world, visitId: visit.id };
  }

  it('stores a task linked to a visit, one of its findings and an obstacle every assignee sees', async () => {
    const { world, visitId } = await withVisit();
    const { task } = await create(world, callers.chau, {
      visitId,
      findingId: '01JZ0000000000000000000F01',
      obstacleIds: ['01JZ0000000000000000000B01'],
    });
    expect(task.links).toEqual({
      visitId,
      findingId: '01JZ0000000000000000000F01',
      obstacleIds: ['01JZ0000000000000000000B01'],
    });
    expect(world.writes).toHaveLength(1);
  });

  it('refuses a visit that does not exist (400 on visitId)', async () => {
    const { world } = await withVisit();
    await refusedOn(
      world,
      'body.visitId',
      create(world, callers.chau, { visitId: '01JZ0000000000000000000000' }),
    );
  });

  it('refuses a unit assignee the linked visit did not visit (400 on the assignee)', async () => {
    const { world, visitId } = await withVisit();
    await refusedOn(
      world,
      'body.assignees.1',
      create(world, callers.chau, {
        visitId,
        assignees: [
          { kind: 'unit', id: 'an-phu' },
          { kind: 'unit', id: 'hong-an' },
        ],
      }),
    );
  });

  it('refuses a finding that is not of the linked visit, or a finding without a visit', async () => {
    const { world, visitId } = await withVisit();
    await refusedOn(
      world,
      'body.findingId',
      create(world, callers.chau, { visitId, findingId: '01JZ0000000000000000000F99' }),
    );
    await refusedOn(
      world,
      'body.findingId',
      create(world, callers.chau, { findingId: '01JZ0000000000000000000F01' }),
    );
  });

  it('refuses an obstacle some unit assignee could not see (400), and one that does not exist (404)', async () => {
    const { world } = await withVisit();
    await refusedOn(
      world,
      'body.obstacleIds.1',
      create(world, callers.chau, {
        obstacleIds: ['01JZ0000000000000000000B01', '01JZ0000000000000000000B02'],
      }),
    );
    await refused(
      world,
      create(world, callers.chau, { obstacleIds: ['01JZ0000000000000000000B99'] }),
      NotFoundError,
    );
  });
});

describe("a task's dates, inside the holiday calendar or refused before anything is written", () => {
  it('refuses a day assigned in the future or before the calendar (400 on assignedOn)', async () => {
    const world = inMemoryWorld();
    await refusedOn(
      world,
      'body.assignedOn',
      create(world, callers.chau, { assignedOn: '2025-07-05' }),
    );
    await refusedOn(
      world,
      'body.assignedOn',
      create(world, callers.chau, { assignedOn: '2024-12-31' }),
    );
  });

  it('refuses a due date past the calendar or before the day assigned (400 on dueDate)', async () => {
    const world = inMemoryWorld();
    const byDate = { dueInWorkingDays: undefined };
    await refusedOn(
      world,
      'body.dueDate',
      create(world, callers.chau, { ...byDate, dueDate: '2028-01-05' }),
    );
    await refusedOn(
      world,
      'body.dueDate',
      create(world, callers.chau, { ...byDate, dueDate: '2025-07-03' }),
    );
    const { task } = await create(world, callers.chau, { ...byDate, dueDate: '2027-12-31' });
    expect(task.currentDue).toBe('2027-12-31');
  });

  it('refuses working days that run past the calendar (400 on dueInWorkingDays)', async () => {
    const world = inMemoryWorld('2027-12-20T03:00:00.000Z');
    await refusedOn(
      world,
      'body.dueInWorkingDays',
      create(world, callers.chau, { dueInWorkingDays: 30 }),
    );
    const { task } = await create(world, callers.chau, { dueInWorkingDays: 5 });
    expect(task.currentDue).toBe('2027-12-27');
  });
});
