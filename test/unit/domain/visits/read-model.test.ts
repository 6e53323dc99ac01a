import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/caller.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { transitionTask } from '#shared/domain/tasks/change.ts';
import { addFinding, createVisit } from '#shared/domain/visits/commands.ts';
import { directiveState, getVisitView } from '#shared/domain/visits/read-model.ts';
import type { Finding, FindingInput, VisitView } from '#shared/schemas/visits.ts';
import { callers, inMemoryWorld } from '../fakes.ts';

/**
 * Lê Tiến Châu's visit of Thursday 3 July 2025 to An Phú, Nguyên Giáp and Xã 1, and what
 * was found: a commendation of An Phú, a concern of Nguyên Giáp with its obstacle, and four
 * directives: one fanned out to the two communes (due Friday 11 July), one about An Phú led
 * by Sở Xây dựng, one for Sở Nội vụ alone, and one with no task yet.
 */
async function aVisit() {
  const world = inMemoryWorld();
  const { visit } = await createVisit(
    {
      leaderIds: ['le-tien-chau'],
      date: '2025-07-03',
      unitIds: ['an-phu', 'nguyen-giap', 'xa-1'],
      purpose: 'Kiểm tra',
    },
    callers.chau,
    world.deps,
  );
  const record = async (input: FindingInput) =>
    (await addFinding(visit.id, input, callers.chau, world.deps)).finding;
  const text = 'Hoàn thành rà soát';
  const commendation = await record({ kind: 'commendation', text: 'Tốt', unitId: 'an-phu' });
  const concern = await record({
    kind: 'concern',
    text: 'Thiếu công chức',
    unitId: 'nguyen-giap',
    obstacle: {
      category: 'staffing',
      title: 'Thiếu công chức',
      description: 'Thiếu 2',
      severity: 'high',
    },
  });
  const fanned = await record({
    kind: 'directive',
    text,
    tasks: [
      {
        assignees: [
          { kind: 'unit', id: 'an-phu' },
          { kind: 'unit', id: 'nguyen-giap' },
        ],
        fanOut: true,
        dueInWorkingDays: 5,
      },
    ],
  });
  const ledByOffice = await record({
    kind: 'directive',
    text,
    unitId: 'an-phu',
    tasks: [
      {
        assignees: [
          { kind: 'org', id: 'so-xay-dung' },
          { kind: 'unit', id: 'an-phu' },
        ],
        dueInWorkingDays: 10,
      },
    ],
  });
  const forNoiVu = await record({
    kind: 'directive',
    text,
    tasks: [{ assignees: [{ kind: 'org', id: 'so-noi-vu' }], dueInWorkingDays: 10 }],
  });
  const untracked = await record({ kind: 'directive', text });
  // A finding about every unit that names Nguyên Giáp's obstacle: stored so, its id must
  // still follow the obstacle's visibility.
  const namingObstacle: Finding = {
    ...commendation,
    id: '01JZ0000000000000000000F07',
    unitId: undefined,
    kind: 'concern',
    obstacleId: concern.obstacleId,
  };
  world.findings.push(namingObstacle);

  // An Phú finishes its part of the fanned-out directive; Nguyên Giáp does not.
  const [anPhuTask, nguyenGiapTask] = fanned.taskIds as [string, string];
  world.setNow('2025-07-10T03:00:00.000Z');
  await transitionTask(anPhuTask, { action: 'start' }, '"1"', callers.anPhu, world.deps);
  await transitionTask(
    anPhuTask,
    { action: 'complete', note: 'Đã xong' },
    '"2"',
    callers.anPhu,
    world.deps,
  );
  const view = (caller: Caller) => getVisitView(visit.id, caller, '2025-07-15', world.deps);
  return {
    world,
    visit,
    view,
    findings: { commendation, concern, fanned, ledByOffice, forNoiVu, untracked, namingObstacle },
    tasks: { anPhuTask, nguyenGiapTask },
  };
}

const byId = (view: VisitView, id: string) =>
  view.groups.flatMap((g) => g.findings).find((f) => f.id === id);
const groupsOf = (view: VisitView) =>
  view.groups.map((g) => [g.unitId, g.findings.map((f) => f.id)]);

describe("a visit's view with in-memory ports", () => {
  it("shows a commune its own unit's findings and those about every unit, nothing of the others", async () => {
    const { view, findings: f } = await aVisit();
    const seen = await view(callers.anPhu);
    expect(groupsOf(seen)).toEqual([
      ['an-phu', [f.commendation.id, f.ledByOffice.id]],
      [null, [f.fanned.id, f.forNoiVu.id, f.untracked.id, f.namingObstacle.id]],
    ]);
    expect(seen.groups[1]?.unitName).toBe('Chung cho các đơn vị được kiểm tra');
  });

  it("shows a commune only the tasks it may open, and a directive's state from those", async () => {
    const { view, findings: f, tasks } = await aVisit();
    const seen = await view(callers.anPhu);
    expect(byId(seen, f.fanned.id)).toMatchObject({
      taskIds: [tasks.anPhuTask],
      tasks: [{ id: tasks.anPhuTask, status: 'done', currentDue: '2025-07-11', state: 'done' }],
      // Nguyên Giáp's overdue task is not An Phú's to see, nor to be judged by.
      state: 'done',
    });
    expect(byId(seen, f.ledByOffice.id)).toMatchObject({
      tasks: [{ state: 'open' }],
      state: 'open',
    });
    // A directive whose tasks are all another's: no ids, no tasks, no state.
    const other = byId(seen, f.forNoiVu.id);
    expect(f.forNoiVu.taskIds).toHaveLength(1);
    expect(other?.taskIds).toEqual([]);
    expect(other?.tasks).toEqual([]);
    expect(other).not.toHaveProperty('state');
    expect(byId(seen, f.untracked.id)).toMatchObject({ tasks: [], state: 'untracked' });
  });

  it('never names an obstacle the commune may not see, even from a finding it sees', async () => {
    const { view, findings: f } = await aVisit();
    const seen = byId(await view(callers.anPhu), f.namingObstacle.id);
    expect(seen).toBeDefined();
    expect(seen).not.toHaveProperty('obstacleId');
    expect(seen).not.toHaveProperty('obstacle');
  });

  it("rolls up only the directives the caller's view gives a state", async () => {
    const { view } = await aVisit();
    const { rollup } = await view(callers.anPhu);
    expect(rollup).toEqual({
      directives: 3,
      counts: { verified: 0, done: 1, overdue: 0, open: 1, cancelled: 0, untracked: 1 },
      text: '3 chỉ đạo: 1 đã hoàn thành, 1 đang thực hiện, 1 chưa giao nhiệm vụ',
    });
  });

  it('shows a delegation every unit visited, every obstacle and every task', async () => {
    const { view, findings: f, world } = await aVisit();
    const seen = await view(callers.chau);
    expect(groupsOf(seen)).toEqual([
      ['an-phu', [f.commendation.id, f.ledByOffice.id]],
      ['nguyen-giap', [f.concern.id]],
      ['xa-1', []],
      [null, [f.fanned.id, f.forNoiVu.id, f.untracked.id, f.namingObstacle.id]],
    ]);
    const obstacle = world.obstacles.get(f.concern.obstacleId as string);
    for (const id of [f.concern.id, f.namingObstacle.id]) {
      expect(byId(seen, id)).toMatchObject({
        obstacleId: obstacle?.id,
        obstacle: { id: obstacle?.id, title: 'Thiếu công chức', status: 'reported' },
      });
    }
    // One overdue task makes the directive overdue.
    expect(byId(seen, f.fanned.id)).toMatchObject({
      tasks: [{ state: 'done' }, { state: 'overdue' }],
      state: 'overdue',
    });
    expect(seen.rollup.text).toBe('4 chỉ đạo: 1 quá hạn, 2 đang thực hiện, 1 chưa giao nhiệm vụ');
  });

  it("shows an office that does not read all every finding, but only its own org's tasks", async () => {
    const { view, findings: f } = await aVisit();
    const seen = await view(callers.xayDung);
    expect(groupsOf(seen).map(([unit]) => unit)).toEqual(['an-phu', 'nguyen-giap', 'xa-1', null]);
    expect(byId(seen, f.fanned.id)?.taskIds).toEqual([]);
    expect(byId(seen, f.forNoiVu.id)?.taskIds).toEqual([]);
    expect(byId(seen, f.ledByOffice.id)).toMatchObject({ state: 'open' });
    expect(seen.rollup).toMatchObject({ directives: 2, counts: { open: 1, untracked: 1 } });
  });

  it('answers 404 to a commune that was not visited, and for a visit that does not exist', async () => {
    const { view, world } = await aVisit();
    await expect(view(callers.hongAn)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      getVisitView('01JZ0000000000000000000000', callers.chau, '2025-07-15', world.deps),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("a directive's state from its tasks' states", () => {
  it('is untracked without tasks, cancelled when all are, and otherwise judged without the cancelled', () => {
    expect(directiveState([])).toBe('untracked');
    expect(directiveState(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(directiveState(['verified', 'cancelled'])).toBe('verified');
    expect(directiveState(['verified', 'done'])).toBe('done');
    expect(directiveState(['done', 'open'])).toBe('open');
    expect(directiveState(['verified', 'overdue', 'open'])).toBe('overdue');
  });
});
