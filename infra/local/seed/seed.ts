import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { submitDossierReport } from '#shared/domain/dossiers.ts';
import { etagOf, reportObstacle, transitionObstacle } from '#shared/domain/obstacles.ts';
import { createTask, transitionTask } from '#shared/domain/tasks.ts';
import { registerUnit } from '#shared/domain/units.ts';
import { createVisit } from '#shared/domain/visits.ts';
import { fixedUlid } from '#shared/ids.ts';
import { Leader, Org } from '#shared/schemas/directory.ts';
import { Unit } from '#shared/schemas/units.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createDossiersRepository } from '#shared/store/entities/dossier.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { leaders, orgs, units } from './reference-case.ts';
import { seedDossierReports } from './reference-dossiers.ts';
import { seedObstacles } from './reference-obstacles.ts';
import { seedTasks } from './reference-tasks.ts';
import { seedVisits } from './reference-visits.ts';

/** How many items a first seed writes. */
export const seedItemCount =
  units.length +
  orgs.length +
  leaders.length +
  seedObstacles.length +
  seedTasks.length +
  seedVisits.length +
  seedDossierReports.length;

/** A seeded item's moves in order, each on the version the move before it left. */
async function replaySteps<T, S extends { action: string; note?: string; reason?: string }>(
  item: T,
  steps: readonly S[],
  move: (current: T, input: Pick<S, 'action' | 'note' | 'reason'>, step: S) => Promise<T>,
): Promise<T> {
  let current = item;
  for (const step of steps) {
    const input = { action: step.action, note: step.note, reason: step.reason };
    current = await move(current, input as Pick<S, 'action' | 'note' | 'reason'>, step);
  }
  return current;
}

export interface SeedReport {
  created: number;
  existing: number;
}

/**
 * Writes the reference data through the same use cases and repositories as the API.
 * Idempotent: an item already present is left as it is, so a restart never undoes
 * what users changed.
 */
export async function seedReferenceData(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<SeedReport> {
  const unitStore = createUnitsRepository(doc, tableName);
  const directory = createDirectoryRepository(doc, tableName);
  const outcomes: ('created' | 'exists')[] = [];
  /** Each item once: one already stored is counted and left as it is. */
  const seedEach = async <T>(
    items: readonly T[],
    stored: (item: T) => Promise<unknown>,
    create: (item: T) => Promise<void>,
  ) => {
    for (const item of items) {
      if (await stored(item)) {
        outcomes.push('exists');
        continue;
      }
      await create(item);
      outcomes.push('created');
    }
  };
  for (const unit of units)
    outcomes.push(await registerUnit(Unit.parse(unit), { units: unitStore }));
  for (const org of orgs) outcomes.push(await directory.putOrgIfAbsent(Org.parse(org)));
  for (const leader of leaders)
    outcomes.push(await directory.putLeaderIfAbsent(Leader.parse(leader)));
  // Visits first: the obstacles and tasks below link to them, and links must exist.
  const visits = createVisitsRepository(doc, tableName);
  await seedEach(
    seedVisits,
    ({ visit }) => visits.get(visit.id),
    async ({ visit, findings }) => {
      const caller = {
        sub: visit.by.sub,
        name: visit.by.name,
        role: 'delegation' as const,
        leaderIds: visit.leaderIds,
      };
      await createVisit(visit, caller, {
        visits,
        directory,
        units: unitStore,
        now: () => visit.at,
        newId: () => visit.id,
      });
      // The findings point at the obstacles and tasks seeded below; nothing new is created.
      for (const finding of findings) await visits.addFinding(finding, { tasks: [] }, undefined);
    },
  );
  const obstacles = createObstaclesRepository(doc, tableName);
  await seedEach(
    seedObstacles,
    (seed) => obstacles.get(seed.id),
    async (seed) => {
      const { obstacle } = await reportObstacle(seed.input, seed.by, {
        obstacles,
        units: unitStore,
        visits,
        now: () => seed.at,
        newId: () => seed.id,
      });
      await replaySteps(obstacle, seed.steps, (current, input, step) =>
        transitionObstacle(
          current.id,
          input,
          etagOf(current),
          step.by,
          // The seeded histories were written before the evidence rule: they carry no
          // photos, and their states stay as they were. The rule applies to new moves.
          { obstacles, now: () => step.at, evidence: {} },
        ),
      );
    },
  );
  const tasks = createTasksRepository(doc, tableName);
  await seedEach(
    seedTasks,
    (seed) => tasks.get(seed.id),
    async (seed) => {
      // Event ids are fixed too, so a seed is the same on every machine.
      let serial = 0;
      const eventId = () =>
        fixedUlid(seed.at, Number.parseInt(seed.id.slice(-4), 32) * 100 + ++serial);
      const base = { tasks, directory, calendar: vietnamCalendar };
      const { task } = await createTask(seed.input, seed.by, {
        ...base,
        units: unitStore,
        obstacles,
        visits,
        now: () => seed.at,
        newId: (() => {
          const ids = [seed.id];
          return () => ids.shift() ?? eventId();
        })(),
      });
      await replaySteps(task, seed.steps, (current, input, step) =>
        transitionTask(current.id, input, etagOf(current), step.by, {
          ...base,
          now: () => step.at,
          newId: eventId,
        }),
      );
    },
  );
  const dossiers = createDossiersRepository(doc, tableName);
  const reportStored = (r: { unitId: string; date: string }) => dossiers.get(r.unitId, r.date);
  await seedEach(seedDossierReports, reportStored, async ({ unitId, date, figures }) => {
    const clerk = {
      sub: `seed-${unitId}`,
      name: `Trung tâm PVHCC ${unitId}`,
      role: 'commune' as const,
      leaderIds: [],
      unitId,
    };
    await submitDossierReport(unitId, date, figures, undefined, clerk, {
      dossiers,
      units: unitStore,
      calendar: vietnamCalendar,
      now: () => `${date}T10:00:00Z`,
    });
  });
  const created = outcomes.filter((outcome) => outcome === 'created').length;
  return { created, existing: outcomes.length - created };
}
