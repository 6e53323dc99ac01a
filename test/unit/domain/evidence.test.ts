import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { evidenceRules } from '#shared/domain/evidence.ts';
import { type TransitionDeps, transitionObstacle } from '#shared/domain/obstacles.ts';
import type { Obstacle, ObstacleCategory } from '#shared/schemas/obstacles.ts';
import { callers, inMemoryWorld } from './fakes.ts';

const commune = callers.nguyenGiap;

/** An obstacle of the commune in progress, and the attachments its store holds. */
function inProgress(category: ObstacleCategory) {
  const world = inMemoryWorld();
  const at = world.deps.now();
  const obstacle: Obstacle = {
    id: '01JZ0000000000000000000001',
    unitId: 'nguyen-giap',
    unitName: 'Nguyên Giáp',
    category,
    title: 'Phòng một cửa dột',
    description: 'Mái phòng tiếp dân dột khi mưa',
    severity: 'high',
    source: { kind: 'commune-report' },
    status: 'in_progress',
    version: 3,
    reportedBy: { sub: commune.sub, name: commune.name, role: 'commune' },
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
  };
  world.obstacles.set(obstacle.id, obstacle);
  const attached: { contentType: string }[] = [];
  const listed: string[] = [];
  const attachments = {
    list: async (_type: 'obstacle', id: string) => {
      listed.push(id);
      return attached;
    },
  };
  const propose = (deps: Partial<TransitionDeps> = {}) =>
    transitionObstacle(
      obstacle.id,
      { action: 'propose_resolution', note: 'Đã sửa xong mái' },
      '"3"',
      commune,
      { obstacles: world.deps.obstacles, now: world.deps.now, attachments, ...deps },
    );
  return { world, obstacle, attached, listed, propose };
}

const refusalOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => undefined,
    (error: unknown) => error as ValidationError,
  );

describe('the evidence rule on proposing a resolution', () => {
  it('is written down for facilities, equipment and roads, one photo each', () => {
    expect(evidenceRules).toEqual({
      facilities: { propose_resolution: { images: 1 } },
      equipment: { propose_resolution: { images: 1 } },
      roads: { propose_resolution: { images: 1 } },
    });
  });

  it.each(['facilities', 'equipment', 'roads'] as const)(
    'refuses a resolution of %s without a photo, on the field attachments, writing nothing',
    async (category) => {
      const { world, propose } = inProgress(category);
      const refusal = await refusalOf(propose());
      expect(refusal).toBeInstanceOf(ValidationError);
      expect(refusal?.issues).toEqual([
        { field: 'attachments', message: 'At least 1 photo required (0 attached)' },
      ]);
      expect(world.writes).toEqual([]);
    },
  );

  it('does not count a PDF as a photo', async () => {
    const { attached, propose } = inProgress('roads');
    attached.push({ contentType: 'application/pdf' });
    expect((await refusalOf(propose()))?.issues[0]?.field).toBe('attachments');
  });

  it('accepts the resolution once a photo is attached', async () => {
    const { attached, propose, world } = inProgress('facilities');
    attached.push({ contentType: 'image/jpeg' });
    await expect(propose()).resolves.toMatchObject({ status: 'resolution_proposed', version: 4 });
    expect(world.writes).toEqual([
      { store: 'obstacles', op: 'transition', id: expect.any(String) },
    ]);
  });

  it('counts no attachment when none can be read: the rule never lapses for want of a port', async () => {
    const { propose } = inProgress('equipment');
    const refusal = await refusalOf(propose({ attachments: undefined }));
    expect(refusal?.issues[0]?.field).toBe('attachments');
  });

  it('needs no photo for a category the rule leaves out, and reads no attachments', async () => {
    const { propose, listed } = inProgress('staffing');
    await expect(propose()).resolves.toMatchObject({ status: 'resolution_proposed' });
    expect(listed).toEqual([]);
  });

  it('follows the rules it is given: a category can be made to need two photos', async () => {
    const { attached, propose } = inProgress('staffing');
    attached.push({ contentType: 'image/png' });
    const twoPhotos = { staffing: { propose_resolution: { images: 2 } } };
    expect((await refusalOf(propose({ evidence: twoPhotos })))?.issues).toEqual([
      { field: 'attachments', message: 'At least 2 photos required (1 attached)' },
    ]);
    attached.push({ contentType: 'image/webp' });
    await expect(propose({ evidence: twoPhotos })).resolves.toMatchObject({
      status: 'resolution_proposed',
    });
  });

  it('asks only of proposing: a roads obstacle is withdrawn without a photo', async () => {
    const { world, obstacle } = inProgress('roads');
    await expect(
      transitionObstacle(obstacle.id, { action: 'withdraw' }, '"3"', commune, {
        obstacles: world.deps.obstacles,
        now: world.deps.now,
      }),
    ).resolves.toMatchObject({ status: 'withdrawn' });
  });
});
