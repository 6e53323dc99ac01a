import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ObstacleFilter } from '#shared/domain/obstacles.ts';
import { newUlid } from '#shared/ids.ts';
import { type Obstacle, obstacleCategories, obstacleStatuses } from '#shared/schemas/obstacles.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { countingClient } from './measure.ts';

function obstacle(
  unitId: string,
  status: Obstacle['status'],
  category: Obstacle['category'],
  i: number,
): Obstacle {
  const at = new Date(Date.UTC(2025, 6, 1) + i * 60_000).toISOString();
  return {
    id: newUlid(Date.parse(at)),
    unitId,
    unitName: `Đơn vị ${unitId}`,
    category,
    title: `Vướng mắc số ${i}`,
    description: 'Dữ liệu đo lường',
    severity: 'low',
    source: { kind: 'commune-report' },
    status,
    version: 1,
    reportedBy: { sub: 'measure', name: 'measure', role: 'commune' },
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
  };
}

const target = 'ratio-unit';

describe('obstacle lists and exports read what they return', () => {
  const { doc, counts, reset } = countingClient();
  const store = createObstaclesRepository(doc, inject('tableName'));

  beforeAll(async () => {
    const others: Obstacle[] = [];
    for (let i = 0; i < 1000; i++) {
      others.push(
        obstacle(
          `other-unit-${i % 10}`,
          obstacleStatuses[i % obstacleStatuses.length] as Obstacle['status'],
          obstacleCategories[i % obstacleCategories.length] as Obstacle['category'],
          i,
        ),
      );
    }
    for (let i = 0; i < 30; i++) others.push(obstacle(target, 'in_progress', 'roads', 2000 + i));
    for (let i = 0; i < 20; i++) others.push(obstacle(target, 'reported', 'staffing', 3000 + i));
    for (let i = 0; i < others.length; i += 25) {
      await Promise.all(
        others.slice(i, i + 25).map((o) =>
          store.create(
            o,
            {
              obstacleId: o.id,
              version: 1,
              at: o.createdAt,
              by: o.reportedBy,
              action: 'report',
              from: null,
              to: o.status,
            },
            undefined,
          ),
        ),
      );
    }
  }, 120_000);

  const cases: [string, ObstacleFilter, number, number][] = [
    ['one unit', { unitId: target }, 25, 50],
    ['one unit and status', { unitId: target, status: 'in_progress' }, 25, 30],
    [
      'unit, status and category',
      { unitId: target, status: 'in_progress', category: 'roads' },
      25,
      30,
    ],
    ['unit and category (export page size)', { unitId: target, category: 'staffing' }, 100, 20],
  ];

  for (const [what, filter, limit, expected] of cases) {
    it(`reads at most 1.1 items per item returned: ${what}`, async () => {
      reset();
      let after: string | undefined;
      let total = 0;
      do {
        const page = await store.list(filter, { after, limit });
        total += page.items.length;
        after = page.last;
      } while (after);
      expect(total).toBe(expected);
      expect(counts.scans).toBe(0);
      expect(counts.scanned / total).toBeLessThanOrEqual(1.1);
      console.info(
        `obstacles ${what}: read ${counts.scanned} for ${total} returned (${(counts.scanned / total).toFixed(3)}), ${counts.queries} queries`,
      );
    });
  }

  it('reads at most 1.1 items per item returned city-wide by status and category', async () => {
    reset();
    let after: string | undefined;
    let total = 0;
    do {
      const page = await store.list(
        { status: 'withdrawn', category: 'roads' },
        { after, limit: 100 },
      );
      total += page.items.length;
      after = page.last;
    } while (after);
    expect(total).toBeGreaterThan(0);
    expect(counts.scanned / total).toBeLessThanOrEqual(1.1);
  });
});
