import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/caller.ts';
import { ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { addFinding, createVisit } from '#shared/domain/visits/commands.ts';
import type { FindingInput, VisitInput } from '#shared/schemas/visits.ts';
import { callers, inMemoryWorld, refused, refusedOn } from '../fakes.ts';

const visitInput: VisitInput = {
  leaderIds: ['le-tien-chau'],
  date: '2025-07-03',
  unitIds: ['an-phu', 'nguyen-giap'],
  purpose: 'Kiểm tra vận hành chính quyền hai cấp',
};

describe('logging a visit with in-memory ports', () => {
  it("stores the visit with its leaders' names and titles and each unit once", async () => {
    const world = inMemoryWorld();
    const { visit, replayed } = await createVisit(
      {
        ...visitInput,
        // One leader the account acts for is enough; the others may be named with it.
        leaderIds: ['le-tien-chau', 'le-van-hieu'],
        unitIds: ['an-phu', 'nguyen-giap', 'an-phu'],
        purpose: visitInput.purpose.normalize('NFD'),
      },
      callers.chau,
      world.deps,
    );
    expect(replayed).toBe(false);
    expect(visit).toMatchObject({
      date: '2025-07-03',
      leaders: [
        { id: 'le-tien-chau', name: 'Lê Tiến Châu', title: 'Bí thư Thành ủy' },
        { id: 'le-van-hieu', name: 'Lê Văn Hiệu', title: 'Phó Bí thư Thành ủy' },
      ],
      units: [
        { id: 'an-phu', name: 'An Phú' },
        { id: 'nguyen-giap', name: 'Nguyên Giáp' },
      ],
      purpose: visitInput.purpose.normalize('NFC'),
      createdBy: { sub: 'd-chau', role: 'delegation' },
      createdAt: '2025-07-04T03:00:00.000Z',
    });
    expect(world.visits.get(visit.id)).toEqual(visit);
    expect(world.writes).toEqual([{ store: 'visits', op: 'create', id: visit.id }]);
  });

  it('refuses a visit of leaders the account does not act for (403)', async () => {
    const world = inMemoryWorld();
    await refused(world, createVisit(visitInput, callers.hieu, world.deps), ForbiddenError);
  });

  it('refuses a leader or a unit the city lacks (400 on the one named)', async () => {
    const world = inMemoryWorld();
    await refusedOn(
      world,
      'body.leaderIds.1',
      createVisit(
        { ...visitInput, leaderIds: ['le-tien-chau', 'khong-co'] },
        callers.chau,
        world.deps,
      ),
    );
    await refusedOn(
      world,
      'body.unitIds.1',
      createVisit({ ...visitInput, unitIds: ['an-phu', 'khong-co'] }, callers.chau, world.deps),
    );
  });
});

async function visited(unitIds = visitInput.unitIds, leaderIds = visitInput.leaderIds) {
  const world = inMemoryWorld();
  const { visit } = await createVisit(
    { ...visitInput, unitIds, leaderIds },
    callers.chau,
    world.deps,
  );
  world.settled();
  const record = (input: FindingInput, caller: Caller = callers.chau) =>
    addFinding(visit.id, input, caller, world.deps);
  return { world, visit, record };
}

const concern: FindingInput = {
  kind: 'concern',
  text: 'Thiếu công chức địa chính',
  unitId: 'an-phu',
  obstacle: {
    category: 'staffing',
    title: 'Thiếu công chức địa chính',
    description: 'Thiếu 2 người',
    severity: 'high',
  },
};
const directive = (tasks: FindingInput['tasks'], unitId?: string): FindingInput => ({
  kind: 'directive',
  text: 'Hoàn thành rà soát hồ sơ tồn đọng',
  ...(unitId ? { unitId } : {}),
  tasks,
});
const toBoth = [
  { kind: 'unit', id: 'an-phu' },
  { kind: 'unit', id: 'nguyen-giap' },
] as const;

describe('recording a finding with in-memory ports', () => {
  it("answers 404 for a visit that does not exist or that the caller's unit was not part of", async () => {
    const { world, visit } = await visited();
    await refused(
      world,
      addFinding('01JZ0000000000000000000000', concern, callers.chau, world.deps),
      NotFoundError,
    );
    await refused(world, addFinding(visit.id, concern, callers.hongAn, world.deps), NotFoundError);
  });

  it('refuses the delegation of a leader who was not on the visit (403)', async () => {
    const { world, record } = await visited();
    await refused(world, record(concern, callers.hieu), ForbiddenError);
  });

  it('refuses a unit the visit did not visit (400 on unitId)', async () => {
    const { world, record } = await visited();
    await refusedOn(world, 'body.unitId', record({ ...concern, unitId: 'hong-an' }));
  });

  it('opens an obstacle only from a concern about one unit', async () => {
    const { world, record } = await visited();
    for (const kind of ['commendation', 'directive'] as const) {
      await refusedOn(world, 'body.obstacle', record({ ...concern, kind }));
    }
    const { unitId: _, ...aboutEveryUnit } = concern;
    await refusedOn(world, 'body.unitId', record(aboutEveryUnit));
  });

  it('writes a concern, its obstacle and the link between them at once', async () => {
    const { world, visit, record } = await visited();
    const { finding } = await record(concern);
    expect(finding).toMatchObject({
      visitId: visit.id,
      kind: 'concern',
      unitId: 'an-phu',
      taskIds: [],
      createdBy: { sub: 'd-chau', role: 'delegation' },
    });
    expect(world.obstacles.get(finding.obstacleId as string)).toMatchObject({
      unitId: 'an-phu',
      unitName: 'An Phú',
      source: { kind: 'visit', visitId: visit.id },
      status: 'reported',
      reportedBy: { sub: 'd-chau', role: 'delegation' },
    });
    expect(world.writes).toEqual([{ store: 'visits', op: 'addFinding', id: finding.id }]);
  });

  it('creates tasks only from a directive (400 on tasks)', async () => {
    const { world, record } = await visited();
    for (const kind of ['commendation', 'concern'] as const) {
      await refusedOn(
        world,
        'body.tasks',
        record({ kind, text: 'Tốt', tasks: [{ assignees: [...toBoth], dueInWorkingDays: 5 }] }),
      );
    }
  });

  it("writes a directive's task with the finding, linked to both, a lead and co-ordinators", async () => {
    const { world, visit, record } = await visited();
    const { finding } = await record(directive([{ assignees: [...toBoth], dueInWorkingDays: 10 }]));
    expect(finding.taskIds).toHaveLength(1);
    const task = world.tasks.get(finding.taskIds[0] as string);
    expect(task).toMatchObject({
      title: 'Hoàn thành rà soát hồ sơ tồn đọng',
      description: 'Hoàn thành rà soát hồ sơ tồn đọng',
      assignees: [
        { id: 'an-phu', role: 'lead' },
        { id: 'nguyen-giap', role: 'coordinator' },
      ],
      assigner: { leaderId: 'le-tien-chau' },
      links: { visitId: visit.id, findingId: finding.id, obstacleIds: [] },
      currentDue: '2025-07-18',
    });
    expect(world.writes).toEqual([{ store: 'visits', op: 'addFinding', id: finding.id }]);
  });

  it('fans out into one task per assignee, each its own lead', async () => {
    const { world, record } = await visited(['an-phu', 'nguyen-giap', 'hong-an']);
    const { finding } = await record(
      directive([
        {
          assignees: [...toBoth, { kind: 'unit', id: 'hong-an' }],
          fanOut: true,
          dueInWorkingDays: 5,
        },
      ]),
    );
    const tasks = finding.taskIds.map((id) => world.tasks.get(id));
    expect(tasks.map((t) => t?.assignees)).toEqual([
      [{ kind: 'unit', id: 'an-phu', name: 'An Phú', role: 'lead' }],
      [{ kind: 'unit', id: 'nguyen-giap', name: 'Nguyên Giáp', role: 'lead' }],
      [{ kind: 'unit', id: 'hong-an', name: 'Hồng An', role: 'lead' }],
    ]);
    expect(new Set(finding.taskIds).size).toBe(3);
    expect(world.writes).toHaveLength(1);
  });

  // Each refusal names the task by where it is in the finding, and writes nothing.
  const refusedTasks: [string, string, FindingInput['tasks']][] = [
    [
      'a fanned-out task that names a lead',
      'body.tasks.0.lead',
      [{ assignees: [...toBoth], fanOut: true, lead: toBoth[1], dueInWorkingDays: 5 }],
    ],
    [
      'a task with both a due date and a number of working days',
      'body.tasks.1.dueDate',
      [
        { assignees: [...toBoth], dueInWorkingDays: 5 },
        { assignees: [...toBoth], dueInWorkingDays: 5, dueDate: '2025-07-31' },
      ],
    ],
    ['a task with no due at all', 'body.tasks.0.dueDate', [{ assignees: [...toBoth] }]],
    [
      'a task for a unit the visit did not see',
      'body.tasks.1.assignees.0',
      [
        { assignees: [...toBoth], dueInWorkingDays: 5 },
        { assignees: [{ kind: 'unit', id: 'hong-an' }], dueInWorkingDays: 5 },
      ],
    ],
    [
      'a task for an office that does not exist',
      'body.tasks.0.assignees.0.id',
      [{ assignees: [{ kind: 'org', id: 'so-khong-co' }], dueInWorkingDays: 5 }],
    ],
    [
      'a due date outside the years of the holiday calendar',
      'body.tasks.0.dueDate',
      [{ assignees: [...toBoth], dueDate: '2028-01-05' }],
    ],
  ];
  for (const [what, field, tasks] of refusedTasks) {
    it(`refuses a directive with ${what} (400 on ${field})`, async () => {
      const { world, record } = await visited();
      await refusedOn(world, field, record(directive(tasks)));
    });
  }

  it('assigns by default in the name of a leader of the visit the account acts for', async () => {
    // `both` acts for Lê Văn Hiệu first, but only Lê Tiến Châu led the visit.
    const { world, record } = await visited();
    const { finding } = await record(
      directive([{ assignees: [...toBoth], dueInWorkingDays: 5 }]),
      callers.both,
    );
    expect(world.tasks.get(finding.taskIds[0] as string)?.assigner).toEqual({
      leaderId: 'le-tien-chau',
      leaderName: 'Lê Tiến Châu',
    });
    const named = await record(
      directive([{ assignees: [...toBoth], dueInWorkingDays: 5, assignedBy: 'le-van-hieu' }]),
      callers.both,
    );
    expect(world.tasks.get(named.finding.taskIds[0] as string)?.assigner.leaderId).toBe(
      'le-van-hieu',
    );
    // An account that does not act for the leader it names is refused, defaults or not.
    world.settled();
    await refused(
      world,
      record(
        directive([{ assignees: [...toBoth], dueInWorkingDays: 5, assignedBy: 'le-van-hieu' }]),
        callers.chau,
      ),
      ForbiddenError,
    );
  });

  it('refuses a finding its store cannot write at once (400 on tasks), and writes nothing', async () => {
    const units = Array.from({ length: 10 }, (_, i) => `xa-${i + 1}`);
    const { world, record } = await visited(units);
    const everyUnit = units.map((id) => ({ kind: 'unit' as const, id }));
    const fanned = { assignees: everyUnit, fanOut: true, dueInWorkingDays: 5 };
    await refusedOn(
      world,
      'body.tasks',
      record(directive([fanned, fanned, fanned, fanned, fanned])),
    );
    expect(world.tasks.size).toBe(0);
    // Fifty tasks do not fit the fake's 100 items; twenty do.
    const { finding } = await record(directive([fanned, fanned]));
    expect(finding.taskIds).toHaveLength(20);
  });
});
