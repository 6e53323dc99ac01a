import { beforeAll, describe, expect, it } from 'vitest';
import { httpFunctions, routeKey } from '#functions/manifest.ts';
import { seedObstacles } from '#infra/local/seed/reference-obstacles.ts';
import { seedTasks } from '#infra/local/seed/reference-tasks.ts';
import { visitIds } from '#infra/local/seed/seed-ids.ts';
import { asCityOffice, asCommune, asDelegation, call } from './helpers.ts';

type Caller = 'delegation' | 'office' | 'own' | 'other';

/** Nguyên Giáp's own items: "own" is the Nguyên Giáp commune, "other" the An Phú commune. */
const obstacle = seedObstacles.find((o) => o.by.unitId === 'nguyen-giap')?.id as string;
const task = seedTasks.find(
  (t) => t.input.assignees.length === 1 && t.input.assignees[0]?.id === 'nguyen-giap',
)?.id as string;
const visit = visitIds.v3;

/**
 * Every route × every role × own or other unit → the status it must answer. Writes are sent
 * with an empty body, so an allowed caller meets validation (400) and nothing is written;
 * a route missing from this table fails the test.
 */
const matrix: Record<string, { path: string; expect: Record<Caller, number> }> = {
  'GET /health': {
    path: '/health',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /openapi.json': {
    path: '/openapi.json',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /units': { path: '/units', expect: { delegation: 200, office: 200, own: 200, other: 200 } },
  'GET /units/{unitId}': {
    path: '/units/nguyen-giap',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'POST /obstacles': {
    path: '/obstacles',
    expect: { delegation: 400, office: 403, own: 400, other: 400 },
  },
  'GET /obstacles': {
    path: '/obstacles',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /obstacles/export.csv': {
    path: '/obstacles/export.csv',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /obstacles/{id}': {
    path: `/obstacles/${obstacle}`,
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'GET /obstacles/{id}/history': {
    path: `/obstacles/${obstacle}/history`,
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'POST /obstacles/{id}/transitions': {
    path: `/obstacles/${obstacle}/transitions`,
    expect: { delegation: 400, office: 400, own: 400, other: 400 },
  },
  'POST /tasks': { path: '/tasks', expect: { delegation: 400, office: 400, own: 403, other: 403 } },
  'GET /tasks': { path: '/tasks', expect: { delegation: 200, office: 200, own: 200, other: 200 } },
  'GET /tasks/export.csv': {
    path: '/tasks/export.csv',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /tasks/stats': {
    path: '/tasks/stats',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  // Sở Nội vụ neither received nor assigned this task, nor reads all tasks: it is absent.
  'GET /tasks/{id}': {
    path: `/tasks/${task}`,
    expect: { delegation: 200, office: 404, own: 200, other: 404 },
  },
  'GET /tasks/{id}/history': {
    path: `/tasks/${task}/history`,
    expect: { delegation: 200, office: 404, own: 200, other: 404 },
  },
  'POST /tasks/{id}/transitions': {
    path: `/tasks/${task}/transitions`,
    expect: { delegation: 400, office: 400, own: 400, other: 400 },
  },
  'POST /tasks/{id}/comments': {
    path: `/tasks/${task}/comments`,
    expect: { delegation: 400, office: 400, own: 400, other: 400 },
  },
  'POST /tasks/{id}/extension-requests': {
    path: `/tasks/${task}/extension-requests`,
    expect: { delegation: 403, office: 400, own: 400, other: 400 },
  },
  'POST /tasks/{id}/extension-requests/{requestId}/decision': {
    path: `/tasks/${task}/extension-requests/${task}/decision`,
    expect: { delegation: 400, office: 400, own: 403, other: 403 },
  },
  'POST /visits': {
    path: '/visits',
    expect: { delegation: 400, office: 403, own: 403, other: 403 },
  },
  'GET /visits': {
    path: '/visits',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /visits/{visitId}': {
    path: `/visits/${visit}`,
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'POST /visits/{visitId}/findings': {
    path: `/visits/${visit}/findings`,
    expect: { delegation: 400, office: 403, own: 403, other: 403 },
  },
  'PUT /units/{unitId}/dossier-reports/{date}': {
    path: '/units/nguyen-giap/dossier-reports/2025-07-03',
    expect: { delegation: 403, office: 403, own: 400, other: 400 },
  },
  'GET /units/{unitId}/dossier-reports': {
    path: '/units/nguyen-giap/dossier-reports',
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'GET /units/{unitId}/dossier-reports/{date}/history': {
    path: '/units/nguyen-giap/dossier-reports/2025-07-03/history',
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'GET /units/{unitId}/summary': {
    path: '/units/nguyen-giap/summary?asOf=2025-07-21',
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'GET /units/{unitId}/brief': {
    path: '/units/nguyen-giap/brief?asOf=2025-07-21',
    expect: { delegation: 200, office: 200, own: 200, other: 404 },
  },
  'GET /units/scorecard': {
    path: '/units/scorecard?asOf=2025-07-04',
    expect: { delegation: 200, office: 200, own: 403, other: 403 },
  },
  'GET /digests': {
    path: '/digests?date=2025-07-04',
    expect: { delegation: 200, office: 200, own: 200, other: 200 },
  },
  'GET /digests/{id}': {
    path: '/digests/bm9uZXxub25lfG5vbmU',
    expect: { delegation: 404, office: 404, own: 404, other: 404 },
  },
};

const tokens = {} as Record<Caller, string>;
beforeAll(async () => {
  tokens.delegation = await asDelegation();
  tokens.office = await asCityOffice('so-noi-vu');
  tokens.own = await asCommune('nguyen-giap');
  tokens.other = await asCommune('an-phu');
});

describe('deny by default', () => {
  it('has an expected status for every route of the manifest, and no route it does not know', () => {
    expect(Object.keys(matrix).sort()).toEqual(
      httpFunctions()
        .map((fn) => routeKey(fn.route))
        .sort(),
    );
  });

  for (const fn of httpFunctions()) {
    const key = routeKey(fn.route);
    it(`${key}: each role, own unit and another`, async () => {
      const entry = matrix[key];
      if (!entry) throw new Error(`${key} has no row in the matrix`);
      const write = fn.route.method !== 'GET';
      const seen: Record<string, number> = {};
      for (const who of ['delegation', 'office', 'own', 'other'] as const) {
        const result = await call(entry.path, {
          token: tokens[who],
          method: fn.route.method,
          ...(write
            ? { headers: { 'content-type': 'application/json', 'if-match': '"1"' }, body: '{}' }
            : {}),
        });
        seen[who] = result.status;
      }
      expect(seen).toEqual(entry.expect);
    });
  }
});
