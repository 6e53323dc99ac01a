import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/caller.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { effectiveTaskQuery, getTask, getTaskHistory } from '#shared/domain/tasks/access.ts';
import { createTask } from '#shared/domain/tasks/create.ts';
import { countsFor } from '#shared/domain/tasks/machine.ts';
import { callers, inMemoryWorld, taskInput } from '../fakes.ts';

async function assigned(by: Caller) {
  const world = inMemoryWorld();
  const { task } = await createTask(taskInput, by, world.deps);
  return { world, task };
}

describe('who sees a task', () => {
  it('shows a task to its lead, its co-ordinators, its assigner, every delegation and an office that reads all', async () => {
    const { world, task } = await assigned(callers.chau);
    const seers = [
      callers.anPhu,
      callers.nguyenGiap,
      callers.xayDung,
      callers.chau,
      callers.hieu,
      callers.thanhUy,
    ];
    for (const caller of seers) {
      await expect(getTask(task.id, caller, world.deps)).resolves.toEqual(task);
      await expect(getTaskHistory(task.id, caller, world.deps)).resolves.toEqual([
        expect.objectContaining({ taskId: task.id, action: 'assign' }),
      ]);
    }
  });

  it('answers 404 to another commune and to an office that neither assigned it nor reads all', async () => {
    const { world, task } = await assigned(callers.chau);
    for (const caller of [callers.hongAn, callers.noiVu]) {
      await expect(getTask(task.id, caller, world.deps)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getTaskHistory(task.id, caller, world.deps)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
  });

  it('shows a task an office assigned to that office, and the same 404 for a task that does not exist', async () => {
    const { world, task } = await assigned(callers.noiVu);
    await expect(getTask(task.id, callers.noiVu, world.deps)).resolves.toEqual(task);
    await expect(
      getTask('01JZ0000000000000000000000', callers.noiVu, world.deps),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('counts a task for its lead only in the figures, and for the whole city', async () => {
    const { task } = await assigned(callers.chau);
    expect(countsFor('unit:an-phu')(task)).toBe(true);
    expect(countsFor('unit:nguyen-giap')(task)).toBe(false);
    expect(countsFor('org:so-xay-dung')(task)).toBe(false);
    expect(countsFor('unit:hong-an')(task)).toBe(false);
    expect(countsFor('*')(task)).toBe(true);
    // A task stored before assignees had roles: its first assignee leads.
    const unroled = {
      assignees: task.assignees.map((a) => ({ ...a, role: 'coordinator' as const })),
    };
    expect(countsFor('unit:an-phu')(unroled)).toBe(true);
    expect(countsFor('unit:nguyen-giap')(unroled)).toBe(false);
  });
});

describe("the list a caller's task query runs on", () => {
  const world = inMemoryWorld();
  const query = (q: Parameters<typeof effectiveTaskQuery>[0], caller: Caller) =>
    effectiveTaskQuery(q, '2025-07-22', caller, world.deps);

  it("pins a commune to its unit's tasks and an office to its org's", async () => {
    await expect(query({}, callers.anPhu)).resolves.toEqual({ assignee: 'unit:an-phu' });
    await expect(query({ assignee: 'unit:an-phu' }, callers.anPhu)).resolves.toMatchObject({
      assignee: 'unit:an-phu',
    });
    await expect(query({ assignee: 'unit:hong-an' }, callers.anPhu)).resolves.toBeUndefined();
    await expect(query({}, callers.xayDung)).resolves.toMatchObject({
      assignee: 'org:so-xay-dung',
    });
    await expect(query({ assignee: '*' }, callers.xayDung)).resolves.toBeUndefined();
  });

  it('lets delegations and an office that reads all ask for any assignee, the whole city by default', async () => {
    for (const caller of [callers.chau, callers.thanhUy]) {
      await expect(query({}, caller)).resolves.toMatchObject({ assignee: '*' });
      await expect(query({ assignee: 'unit:hong-an' }, caller)).resolves.toMatchObject({
        assignee: 'unit:hong-an',
      });
    }
  });

  it('runs "overdue" and "due before" as one bound, the earlier of the two', async () => {
    // As of Tuesday 22 July, a task is overdue when due before that day.
    await expect(query({ overdue: 'true' }, callers.chau)).resolves.toMatchObject({
      dueBefore: '2025-07-22',
    });
    await expect(
      query({ overdue: 'true', dueBefore: '2025-07-10' }, callers.chau),
    ).resolves.toMatchObject({ dueBefore: '2025-07-10' });
    await expect(
      query({ overdue: 'true', dueBefore: '2025-08-10' }, callers.chau),
    ).resolves.toMatchObject({ dueBefore: '2025-07-22' });
  });
});
