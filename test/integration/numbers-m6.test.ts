import { describe, expect, it } from 'vitest';
import { asCommune, asDelegation, call, tokens } from './helpers.ts';
import { obstacleBody, report } from './obstacle-helpers.ts';

const { commune, delegation } = await tokens({
  commune: asCommune('nguyen-giap'),
  delegation: asDelegation(),
});

/** JSON numbers as a client may send them, beyond what DynamoDB can store. */
const raw = (total: string) =>
  JSON.stringify(obstacleBody({ quantity: { measure: 'road-km', total: 0 } })).replace(
    '"total":0',
    `"total":${total}`,
  );

describe('M6: numbers out of the range a stored number can hold', () => {
  it.each(['1e-131', '5e-324', '-5e-324', '1e127', '1.7976931348623157e308'])(
    'M6: a quantity of %s km is a 400 on its field, not a 500',
    async (total) => {
      const result = await call('/obstacles', {
        token: commune,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw(total),
      });
      expect(result.status, result.text).toBe(400);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.json.errors.map((e: { field: string }) => e.field)).toEqual([
        'body.quantity.total',
      ]);
    },
  );

  it('M6: a tiny count of posts or a tiny line amount is refused on its field', async () => {
    const posts = await report(
      commune,
      obstacleBody({ category: 'staffing', quantity: { measure: 'posts-missing', total: 5e-324 } }),
    );
    expect(posts.status, posts.text).toBe(400);
    expect(posts.json.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.quantity.total',
    ]);
    const line = await report(
      commune,
      obstacleBody({
        category: 'roads',
        quantity: {
          measure: 'road-km',
          total: 2,
          lines: [{ label: 'Đường trục xã', amount: 1e-131 }],
        },
      }),
    );
    expect(line.status, line.text).toBe(400);
    expect(line.json.errors.map((e: { field: string }) => e.field)).toContain(
      'body.quantity.lines.0.amount',
    );
  });

  it('M6: a concern found on a visit with a tiny quantity is refused before anything is written', async () => {
    const visit = await call('/visits', {
      token: delegation,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        leaderIds: ['le-tien-chau'],
        date: '2025-07-03',
        unitIds: ['nguyen-giap'],
        purpose: 'Kiểm tra đường giao thông',
      }),
    });
    expect(visit.status, visit.text).toBe(201);
    const finding = await call(`/visits/${visit.json.id}/findings`, {
      token: delegation,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'concern',
        text: 'Đường trục xã xuống cấp',
        unitId: 'nguyen-giap',
        obstacle: {
          category: 'roads',
          title: 'Đường trục xã xuống cấp',
          description: 'Cần sửa',
          severity: 'high',
          quantity: { measure: 'road-km', total: 1e-131 },
        },
      }),
    });
    expect(finding.status, finding.text).toBe(400);
    expect(finding.json.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.obstacle.quantity.total',
    ]);
    const view = await call(`/visits/${visit.json.id}`, { token: delegation });
    expect(view.json.groups.flatMap((g: { findings: unknown[] }) => g.findings)).toEqual([]);
  });

  it('M6: a road of 6.5 km, and one of a metre, are stored as sent', async () => {
    for (const total of [6.5, 0.001]) {
      const result = await report(
        commune,
        obstacleBody({ category: 'roads', quantity: { measure: 'road-km', total } }),
      );
      expect(result.status, result.text).toBe(201);
      expect(result.json.quantity).toEqual({ measure: 'road-km', total });
    }
  });
});
