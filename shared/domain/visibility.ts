/**
 * Who may see what: the one visibility rule of the product. Every read of an item (its
 * GET, a list, an export, an overview, a brief, a visit view, a digest) asks here, so that
 * nothing shown to a commune can name what its GET would answer 404 for.
 *
 * - Delegations read everything; so does a city office whose org reads all (`readsAll`).
 * - An obstacle, a dossier report: the unit's own commune, and the readers above.
 * - A task: its assignees (lead and co-ordinators), its assigner (the office, or the
 *   delegation acting for the leader), and those who read all tasks.
 * - A visit: the communes visited, and the readers; a finding about one unit, that unit's
 *   commune and the readers.
 * - A digest: its recipient (the unit's commune, the office, the leader's delegation),
 *   and those who read everything.
 */
import type { Digest } from '../schemas/digests.ts';
import type { Task } from '../schemas/tasks.ts';
import type { Finding, Visit } from '../schemas/visits.ts';
import { type Caller, canSeeUnit } from './caller.ts';
import type { DirectoryStore } from './directory.ts';

export { canSeeUnit };

/** The caller reads every task and digest: a delegation, or an office that reads all. */
export async function readsAll(
  caller: Caller,
  directory: Pick<DirectoryStore, 'getOrg'>,
): Promise<boolean> {
  if (caller.role === 'delegation') return true;
  if (caller.role === 'city-office' && caller.orgId) {
    return (await directory.getOrg(caller.orgId))?.readsAll === true;
  }
  return false;
}

/** The assignee the caller is on this task (`lead` or `coordinator`), if any. */
export function assignmentOf(caller: Caller, task: Pick<Task, 'assignees'>) {
  return task.assignees.find(
    (assignee) =>
      (assignee.kind === 'unit' && caller.role === 'commune' && caller.unitId === assignee.id) ||
      (assignee.kind === 'org' && caller.role === 'city-office' && caller.orgId === assignee.id),
  );
}

/**
 * The caller speaks for whoever assigned the task: the office that assigned it, or a
 * delegation acting for the leader in whose name it was assigned.
 */
export function isAssignerOf(caller: Caller, task: Pick<Task, 'assigner'>): boolean {
  if (task.assigner.orgId) {
    return caller.role === 'city-office' && caller.orgId === task.assigner.orgId;
  }
  return (
    caller.role === 'delegation' &&
    task.assigner.leaderId !== undefined &&
    caller.leaderIds.includes(task.assigner.leaderId)
  );
}

/** Task visibility, with the one directory read it needs done once for many tasks. */
export async function taskVisibility(
  caller: Caller,
  directory: Pick<DirectoryStore, 'getOrg'>,
): Promise<(task: Pick<Task, 'assignees' | 'assigner'>) => boolean> {
  const all = await readsAll(caller, directory);
  return (task) => all || assignmentOf(caller, task) !== undefined || isAssignerOf(caller, task);
}

export function canSeeVisit(caller: Caller, visit: Pick<Visit, 'units'>): boolean {
  return visit.units.some((unit) => canSeeUnit(caller, unit.id));
}

export function canSeeFinding(caller: Caller, finding: Pick<Finding, 'unitId'>): boolean {
  return !finding.unitId || canSeeUnit(caller, finding.unitId);
}

/** Digests follow the visibility of what they list: their recipient, or a reader of all. */
export async function canReadDigest(
  caller: Caller,
  digest: Pick<Digest, 'recipient'>,
  directory: Pick<DirectoryStore, 'getOrg'>,
): Promise<boolean> {
  const { kind, id } = digest.recipient;
  if (kind === 'unit' && caller.role === 'commune' && caller.unitId === id) return true;
  if (kind === 'org' && caller.role === 'city-office' && caller.orgId === id) return true;
  if (kind === 'leader' && caller.role === 'delegation' && caller.leaderIds.includes(id))
    return true;
  return readsAll(caller, directory);
}
