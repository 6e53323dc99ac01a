import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar as calendar } from '#shared/domain/calendar/vietnam.ts';
import {
  composeEndOfDay,
  composeEscalation,
  type DigestSource,
} from '#shared/domain/digests/compose.ts';
import type { Org } from '#shared/schemas/directory.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import { obstacleCategories, obstacleStatuses } from '#shared/schemas/obstacles.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import type { Unit } from '#shared/schemas/units.ts';
import { sampleObstacle } from '../../../../bench/fixtures/records.ts';

const unitIds = ['an-phu', 'ai-quoc', 'hong-an', 'an-lao', 'nguyen-giap'];
const units: Unit[] = unitIds.map((id) => ({
  id,
  name: `Đơn vị ${id}`,
  kind: 'xa',
  formedFrom: [],
  serviceCenter: { name: 'TT' },
  notes: [],
  contacts: [`${id}@haiphong.example`],
}));
const office: Org = {
  id: 'van-phong-thanh-uy',
  name: 'Văn phòng Thành ủy',
  kind: 'party-office',
  head: { title: 'Chánh Văn phòng', email: 'vp@haiphong.example' },
  readsAll: true,
};

const day = '2025-07-04';
const instant = fc
  .integer({ min: Date.parse('2025-06-20T00:00:00Z'), max: Date.parse('2025-07-04T16:00:00Z') })
  .map((ms) => new Date(ms).toISOString());

const obstacle = fc
  .record({
    id: fc.uuid(),
    unitId: fc.constantFrom(...unitIds),
    category: fc.constantFrom(...obstacleCategories),
    status: fc.constantFrom(...obstacleStatuses),
    createdAt: instant,
    changedAt: instant,
  })
  .map(
    ({ changedAt, ...drawn }): Obstacle =>
      sampleObstacle({
        ...drawn,
        unitName: `Đơn vị ${drawn.unitId}`,
        title: `Vướng mắc ${drawn.id.slice(0, 4)}`,
        severity: 'low',
        reportedBy: { sub: 's', name: 's', role: 'commune' },
        updatedAt: changedAt,
        statusChangedAt: changedAt,
      }),
  );

const task = fc
  .record({
    id: fc.uuid(),
    assignees: fc.uniqueArray(fc.constantFrom(...unitIds, 'org:so-xay-dung'), {
      minLength: 1,
      maxLength: 3,
    }),
    due: fc.constantFrom('2025-06-25', '2025-07-01', '2025-07-04', '2025-07-07', '2025-07-08'),
    status: fc.constantFrom('assigned' as const, 'in_progress' as const),
  })
  .map(
    ({ id, assignees, due, status }): Task => ({
      id,
      title: `Nhiệm vụ ${id.slice(0, 4)}`,
      description: 'x',
      assignees: assignees.map((a) =>
        a.startsWith('org:')
          ? { kind: 'org' as const, id: a.slice(4), name: a, role: 'lead' as const }
          : { kind: 'unit' as const, id: a, name: a, role: 'lead' as const },
      ),
      assigner: { leaderId: 'le-van-hieu', leaderName: 'Lê Văn Hiệu' },
      createdBy: { sub: 'd', name: 'd', role: 'delegation' },
      links: { obstacleIds: [] },
      assignedOn: '2025-06-20',
      originalDue: due,
      currentDue: due,
      status,
      version: 1,
      extensionRequests: [],
      escalationLevel: 0,
      createdAt: '2025-06-20T01:00:00Z',
      updatedAt: '2025-06-20T01:00:00Z',
    }),
  );

/** An in-memory source that answers the same questions the table's partitions answer. */
function memorySource(obstacles: Obstacle[], tasks: Task[]): DigestSource {
  const inUnit = (unitId?: string) => (o: Obstacle) => !unitId || o.unitId === unitId;
  return {
    units: async () => units,
    orgs: async () => [office],
    leaders: async () => [
      {
        id: 'le-van-hieu',
        name: 'Lê Văn Hiệu',
        title: 't',
        titleEn: 't',
        email: 'lvh@haiphong.example',
      },
    ],
    obstaclesCreatedBetween: async (unitId, status, from, to) =>
      obstacles.filter(
        (o) =>
          inUnit(unitId)(o) &&
          (!status || o.status === status) &&
          (!from || o.createdAt >= from) &&
          o.createdAt <= to,
      ),
    obstaclesEnteredStatusBetween: async (unitId, status, from, to) =>
      obstacles.filter(
        (o) =>
          inUnit(unitId)(o) &&
          o.status === status &&
          o.statusChangedAt >= from &&
          o.statusChangedAt <= to,
      ),
    obstaclesInStatus: async (unitId, status) =>
      obstacles.filter((o) => inUnit(unitId)(o) && o.status === status),
    openTasksDueBefore: async (assignee, date) =>
      tasks.filter(
        (t) =>
          t.currentDue < date &&
          (assignee === '*' || t.assignees.some((a) => `${a.kind}:${a.id}` === assignee)),
      ),
    reportsOfDay: async () => [],
  };
}

describe("a commune's digest never names another commune's items", () => {
  it('holds for the end-of-day and escalation digests over random data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(obstacle, { maxLength: 40 }),
        fc.array(task, { maxLength: 30 }),
        async (obstacles, tasks) => {
          const source = memorySource(obstacles, tasks);
          const drafts = [
            ...(await composeEndOfDay(day, office, source, calendar)),
            ...(await composeEscalation(day, office, source, calendar)).drafts,
          ];
          for (const draft of drafts.filter((d) => d.recipient.kind === 'unit')) {
            const own = draft.recipient.id;
            for (const item of draft.items) expect(item.unitIds).toContain(own);
            for (const section of draft.sections) {
              for (const line of section.lines) if (line.unitId) expect(line.unitId).toBe(own);
              const foreign = obstacles.filter((o) => o.unitId !== own).map((o) => o.id);
              for (const line of section.lines)
                for (const id of foreign) expect(line.link ?? '').not.toContain(id);
            }
          }
        },
      ),
      { numRuns: 150, seed: 20250704 },
    );
  });
});
