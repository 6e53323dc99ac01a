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
  const attached: { id: string; contentType: string }[] = [];
  const listed: string[] = [];
  const attachments = {
    list: async (_type: 'obstacle', id: string) => {
      listed.push(id);
      return attached;
    },
  };
  const propose = (deps: Partial<TransitionDeps> = {}, named?: string[]) =>
    transitionObstacle(
      obstacle.id,
      { action: 'propose_resolution', note: 'Đã sửa xong mái', attachments: named },
      '"3"',
      commune,
      { obstacles: world.deps.obstacles, now: world.deps.now, attachments, ...deps },
    );
  return { world, obstacle, attached, listed, propose };
}

const photoIds = ['01JZ00000000000000000000P1', '01JZ00000000000000000000P2'] as const;

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
    attached.push({ id: photoIds[0], contentType: 'application/pdf' });
    expect((await refusalOf(propose()))?.issues[0]?.field).toBe('attachments');
  });

  it('accepts the resolution once a photo is attached', async () => {
    const { attached, propose, world } = inProgress('facilities');
    attached.push({ id: photoIds[0], contentType: 'image/jpeg' });
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
    attached.push({ id: photoIds[0], contentType: 'image/png' });
    const twoPhotos = { staffing: { propose_resolution: { images: 2 } } };
    expect((await refusalOf(propose({ evidence: twoPhotos })))?.issues).toEqual([
      { field: 'attachments', message: 'At least 2 photos required (1 attached)' },
    ]);
    attached.push({ id: photoIds[1], contentType: 'image/webp' });
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

describe('a proposed resolution names its evidence', () => {
  it('writes the photos it names on its history event, once each, for the office that verifies', async () => {
    const { attached, propose, world, obstacle } = inProgress('facilities');
    attached.push(
      { id: photoIds[0], contentType: 'image/jpeg' },
      { id: photoIds[1], contentType: 'application/pdf' },
    );
    await propose({}, [photoIds[1], photoIds[0], photoIds[1]]);
    const history = await world.deps.obstacles.history(obstacle.id);
    expect(history.at(-1)).toMatchObject({
      action: 'propose_resolution',
      attachments: [photoIds[1], photoIds[0]],
    });
  });

  it('refuses an attachment not registered on the obstacle, on body.attachments, writing nothing', async () => {
    const { attached, propose, world } = inProgress('staffing');
    attached.push({ id: photoIds[0], contentType: 'image/jpeg' });
    const refusal = await refusalOf(propose({}, [photoIds[0], photoIds[1]]));
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal?.issues).toEqual([
      { field: 'body.attachments', message: `Not attached to this item: ${photoIds[1]}` },
    ]);
    expect(world.writes).toEqual([]);
  });

  it('takes no named attachment on trust when none can be read', async () => {
    const { propose } = inProgress('staffing');
    const refusal = await refusalOf(propose({ attachments: undefined }, [photoIds[0]]));
    expect(refusal?.issues[0]?.field).toBe('body.attachments');
  });

  it('lets only a proposed resolution name attachments', async () => {
    const { world, obstacle, attached } = inProgress('roads');
    attached.push({ id: photoIds[0], contentType: 'image/jpeg' });
    const refusal = await refusalOf(
      transitionObstacle(
        obstacle.id,
        { action: 'withdraw', attachments: [photoIds[0]] },
        '"3"',
        commune,
        {
          obstacles: world.deps.obstacles,
          now: world.deps.now,
          attachments: { list: async () => attached },
        },
      ),
    );
    expect(refusal?.issues).toEqual([
      { field: 'body.attachments', message: 'Only propose_resolution names attachments' },
    ]);
    expect(world.writes).toEqual([]);
  });

  it('writes no attachments on an event that names none', async () => {
    const { attached, propose, world, obstacle } = inProgress('facilities');
    attached.push({ id: photoIds[0], contentType: 'image/jpeg' });
    await propose();
    expect((await world.deps.obstacles.history(obstacle.id)).at(-1)).not.toHaveProperty(
      'attachments',
    );
  });
});
