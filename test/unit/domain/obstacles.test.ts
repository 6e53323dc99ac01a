import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/caller.ts';
import {
  BusyError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '#shared/domain/errors.ts';
import {
  effectiveFilter,
  type ObstacleStore,
  obstacleMachine,
  reportObstacle,
  transitionObstacle,
} from '#shared/domain/obstacles.ts';
import type { UnitStore } from '#shared/domain/units.ts';
import { type Obstacle, type ObstacleEvent, obstacleStatuses } from '#shared/schemas/obstacles.ts';
import { communeUnit } from '../fixtures.ts';

function inMemoryObstacles() {
  const items = new Map<string, Obstacle>();
  const events: ObstacleEvent[] = [];
  let conflictsToInject = 0;
  const store: ObstacleStore = {
    create: async (o, e) => {
      items.set(o.id, o);
      events.push(e);
      return { obstacle: o, replayed: false };
    },
    findReplay: async () => undefined,
    get: async (id) => items.get(id),
    getMany: async (ids) => ids.flatMap((id) => (items.has(id) ? [items.get(id) as Obstacle] : [])),
    history: async (id) => events.filter((e) => e.obstacleId === id),
    list: async () => ({ items: [...items.values()] }),
    applyTransition: async (before, after, event) => {
      if (conflictsToInject > 0) {
        conflictsToInject--;
        throw new BusyError('injected');
      }
      if (items.get(before.id)?.version !== before.version)
        throw new PreconditionFailedError('stale');
      items.set(after.id, after);
      events.push(event);
    },
  };
  return { store, items, events, injectConflicts: (n: number) => (conflictsToInject = n) };
}

const units: UnitStore = {
  listUnits: async () => [],
  getUnit: async (id) =>
    id === 'nguyen-giap' || id === 'an-phu'
      ? communeUnit(id, id === 'an-phu' ? 'An Phú' : 'Nguyên Giáp')
      : undefined,
  putUnitIfAbsent: async () => 'created',
};

const commune: Caller = {
  sub: 'c',
  name: 'Xã Nguyên Giáp',
  role: 'commune',
  leaderIds: [],
  unitId: 'nguyen-giap',
};
const otherCommune: Caller = {
  sub: 'a',
  name: 'Xã An Phú',
  role: 'commune',
  leaderIds: [],
  unitId: 'an-phu',
};
const office: Caller = {
  sub: 'o',
  name: 'Văn phòng',
  role: 'city-office',
  leaderIds: [],
  orgId: 'van-phong-thanh-uy',
};
const clock = () => '2025-07-04T03:00:00.000Z';

async function reported() {
  const memory = inMemoryObstacles();
  let n = 0;
  const { obstacle } = await reportObstacle(
    {
      category: 'staffing',
      title: 'Thiếu công chức',
      description: 'Thiếu 2 người',
      severity: 'high',
    },
    commune,
    {
      obstacles: memory.store,
      units,
      visits: { get: async () => undefined },
      now: clock,
      newId: () => `01JZ${String(++n).padStart(22, '0')}`,
    },
  );
  return { memory, obstacle };
}

describe('obstacle use cases with an in-memory store', () => {
  it('reports for the unit of the commune account, with a first history event', async () => {
    const { memory, obstacle } = await reported();
    expect(obstacle).toMatchObject({
      unitId: 'nguyen-giap',
      unitName: 'Nguyên Giáp',
      status: 'reported',
      version: 1,
    });
    expect(memory.events).toEqual([
      expect.objectContaining({
        action: 'report',
        from: null,
        to: 'reported',
        version: 1,
        by: { sub: 'c', name: 'Xã Nguyên Giáp', role: 'commune' },
      }),
    ]);
  });

  it('allows each action only from its states and to its roles', async () => {
    for (const [action, rule] of Object.entries(obstacleMachine)) {
      for (const status of obstacleStatuses) {
        const { memory, obstacle } = await reported();
        memory.items.set(obstacle.id, { ...obstacle, status });
        const actor = rule.roles.includes('commune') ? commune : office;
        const attempt = transitionObstacle(
          obstacle.id,
          { action: action as never, note: 'ghi chú', reason: 'lý do' },
          '"1"',
          actor,
          { obstacles: memory.store, now: clock },
        );
        if (rule.from.includes(status))
          await expect(attempt).resolves.toMatchObject({ status: rule.to, version: 2 });
        else await expect(attempt).rejects.toBeInstanceOf(InvalidTransitionError);
      }
    }
  });

  it('checks visibility, then If-Match, role, version, state, and required text, in that order', async () => {
    const { memory, obstacle } = await reported();
    const deps = { obstacles: memory.store, now: clock };
    await expect(
      transitionObstacle(obstacle.id, { action: 'withdraw' }, '"1"', otherCommune, deps),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      transitionObstacle(obstacle.id, { action: 'acknowledge' }, undefined, office, deps),
    ).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(
      transitionObstacle(obstacle.id, { action: 'verify' }, '"9"', commune, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      transitionObstacle(obstacle.id, { action: 'acknowledge' }, '"9"', office, deps),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await transitionObstacle(obstacle.id, { action: 'acknowledge' }, '"1"', office, deps);
    await transitionObstacle(obstacle.id, { action: 'start' }, '"2"', commune, deps);
    await expect(
      transitionObstacle(obstacle.id, { action: 'propose_resolution' }, '"3"', commune, deps),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(memory.events).toHaveLength(3);
  });

  it('leaves retrying collisions to the store: its busy answer (503) reaches the caller and nothing is written', async () => {
    const { memory, obstacle } = await reported();
    const before = memory.events.length;
    memory.injectConflicts(1);
    await expect(
      transitionObstacle(obstacle.id, { action: 'acknowledge' }, '"1"', office, {
        obstacles: memory.store,
        now: clock,
      }),
    ).rejects.toBeInstanceOf(BusyError);
    expect(memory.events).toHaveLength(before);
    await expect(
      transitionObstacle(obstacle.id, { action: 'acknowledge' }, '"1"', office, {
        obstacles: memory.store,
        now: clock,
      }),
    ).resolves.toMatchObject({ status: 'acknowledged', version: 2 });
  });

  it("pins a commune's list to its own unit", () => {
    expect(effectiveFilter({}, commune)).toEqual({ unitId: 'nguyen-giap' });
    expect(effectiveFilter({ unitId: 'an-phu' }, commune)).toBeUndefined();
    expect(effectiveFilter({ unitId: 'an-phu', q: 'Đường Xã' }, office)).toEqual({
      unitId: 'an-phu',
      q: 'duong xa',
    });
  });
});
