/**
 * The evidence rule: which moves of an obstacle must be shown, not only told. A resolution
 * proposed for a room, a piece of equipment or a road is verified by a city office from a
 * photo of it, so the commune attaches one first. One table, per category: changing what a
 * category needs is one line here.
 */
import type { ObstacleAction, ObstacleCategory } from '../schemas/obstacles.ts';
import { ValidationError } from './errors.ts';

export interface EvidenceNeed {
  /** Photos (image attachments) the item must carry before the move. */
  images: number;
}

export type EvidenceRules = Partial<
  Record<ObstacleCategory, Partial<Record<ObstacleAction, EvidenceNeed>>>
>;

const onePhotoToPropose = { propose_resolution: { images: 1 } };

/** By default: a resolution of facilities, equipment or roads needs at least one photo. */
export const evidenceRules: EvidenceRules = {
  facilities: onePhotoToPropose,
  equipment: onePhotoToPropose,
  roads: onePhotoToPropose,
};

/** What the move needs, if anything. */
export function evidenceNeeded(
  rules: EvidenceRules,
  category: ObstacleCategory,
  action: ObstacleAction,
): EvidenceNeed | undefined {
  return rules[category]?.[action];
}

export const isImage = (attachment: { contentType: string }) =>
  attachment.contentType.startsWith('image/');

/** 400 on `attachments` when the item carries fewer photos than the move needs. */
export function requireEvidence(
  need: EvidenceNeed,
  attachments: readonly { contentType: string }[],
  action: ObstacleAction,
): void {
  const images = attachments.filter(isImage).length;
  if (images >= need.images) return;
  const photos = need.images === 1 ? 'a photo' : `${need.images} photos`;
  throw new ValidationError(
    `Attach ${photos} as evidence before you ${action.replace('_', ' ')}.`,
    [
      {
        field: 'attachments',
        message: `At least ${need.images} photo${need.images === 1 ? '' : 's'} required (${images} attached)`,
      },
    ],
  );
}

/**
 * The attachments a move names as its evidence (`attachments` of the transition), once each:
 * only `action` may name any, and each must be registered on the item already, so the office
 * that verifies sees which files back the move. 400 on `body.attachments` otherwise.
 */
export function namedEvidence(
  named: readonly string[] | undefined,
  registered: readonly { id: string }[],
  move: { action: string; names: string },
): string[] | undefined {
  if (!named?.length) return undefined;
  const refuse = (message: string): never => {
    throw new ValidationError(message, [{ field: 'body.attachments', message }]);
  };
  if (move.action !== move.names) refuse(`Only ${move.names} names attachments`);
  const ids = new Set(registered.map((attachment) => attachment.id));
  const unknown = named.filter((id) => !ids.has(id));
  if (unknown.length) refuse(`Not attached to this item: ${unknown.join(', ')}`);
  return [...new Set(named)];
}
