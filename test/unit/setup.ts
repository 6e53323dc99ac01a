/**
 * Unit tests run the handlers over a mocked DocumentClient, whose answers each test sets
 * for its own commands. The caller directory's read (the ids of every unit, office and
 * leader) is answered here instead, once for all tests, with the reference case's ids: a
 * test's claims name real units, offices and leaders, or are refused as on AWS.
 */
import { vi } from 'vitest';
import { leaders, orgs, units } from '#infra/local/seed/reference-case.ts';

vi.mock('#shared/store/caller-directory.ts', () => ({
  createKnownIdsLoader: () => async () => ({
    unit: new Set(units.map((unit) => unit.id)),
    org: new Set(orgs.map((org) => org.id)),
    leader: new Set(leaders.map((leader) => leader.id)),
  }),
}));
