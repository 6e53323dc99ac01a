/**
 * The records a token's claims may name: the city's units, offices and leaders. A claim
 * naming none of them is refused, so an account an administrator set up wrong (a typo, a
 * removed unit, `*`) reaches nothing.
 */

export type DirectoryKind = 'unit' | 'org' | 'leader';

/** Every id of each kind, as the table holds them. */
export interface KnownIds {
  unit: ReadonlySet<string>;
  org: ReadonlySet<string>;
  leader: ReadonlySet<string>;
}

/** Port: whether the city has a unit, office or leader of that id. */
export interface CallerDirectory {
  has(kind: DirectoryKind, id: string): Promise<boolean>;
}

export interface DirectoryCacheOptions {
  /** How long a loaded list answers; units and offices change rarely. */
  ttlMs?: number;
  /** How long an id found missing stays missing before the lists are read again for it. */
  missMs?: number;
  now?: () => number;
}

/**
 * One read of the three small lists serves every request of the container for `ttlMs`.
 * An id the lists lack reads them again once (a record added a moment ago is found), and is
 * then refused without reading for `missMs`, so a misconfigured account retrying costs
 * at most one read per id in that time. Concurrent reads are shared.
 */
export function cachedCallerDirectory(
  load: () => Promise<KnownIds>,
  options: DirectoryCacheOptions = {},
): CallerDirectory {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const missMs = options.missMs ?? 10_000;
  const now = options.now ?? Date.now;
  let snapshot: { ids: KnownIds; startedAt: number } | undefined;
  let inFlight: { promise: Promise<KnownIds>; startedAt: number } | undefined;
  const misses = new Map<string, number>();

  /** The lists as read by a load that started at `notBefore` or later. */
  function loaded(notBefore: number): Promise<KnownIds> {
    if (snapshot && snapshot.startedAt >= notBefore) return Promise.resolve(snapshot.ids);
    if (inFlight && inFlight.startedAt >= notBefore) return inFlight.promise;
    const startedAt = now();
    const promise = load().then((ids) => {
      if (!snapshot || snapshot.startedAt <= startedAt) snapshot = { ids, startedAt };
      return ids;
    });
    const entry = { promise, startedAt };
    inFlight = entry;
    const clear = () => {
      if (inFlight === entry) inFlight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  return {
    async has(kind, id) {
      const asked = now();
      if ((await loaded(asked - ttlMs))[kind].has(id)) return true;
      const key = `${kind}:${id}`;
      const missedAt = misses.get(key);
      if (missedAt !== undefined && asked - missedAt < missMs) return false;
      if ((await loaded(asked))[kind].has(id)) {
        misses.delete(key);
        return true;
      }
      // Bounded: ids come from signed tokens, but a long-lived container should not grow.
      if (misses.size >= 1000) misses.clear();
      misses.set(key, now());
      return false;
    },
  };
}

let installed: CallerDirectory | undefined;

/**
 * The container's directory. The module that reaches the table (shared/store/client.ts)
 * installs it, so every function with table access checks its callers against the table
 * while the functions without (health, the OpenAPI document) carry no database client.
 */
export function installCallerDirectory(directory: CallerDirectory): void {
  installed = directory;
}

export function installedCallerDirectory(): CallerDirectory | undefined {
  return installed;
}
