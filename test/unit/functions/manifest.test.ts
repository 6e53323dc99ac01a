import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions, httpFunctions, roles } from '#functions/manifest.ts';
import { repoRoot } from '#infra/local/paths.ts';
import { contracts } from '#shared/schemas/openapi.ts';

describe('function manifest', () => {
  it('gives every route a contract, and every contract a route', () => {
    const routed = httpFunctions()
      .map((fn) => fn.name)
      .sort();
    const contracted = contracts.map((contract) => contract.name).sort();
    expect(contracted).toEqual(routed);
  });

  it('names an existing entry file that exports a handler, for every function', async () => {
    for (const [name, spec] of Object.entries(functions)) {
      const file = resolve(repoRoot, spec.entry);
      expect(existsSync(file), `${name}: ${spec.entry}`).toBe(true);
      const module = (await import(file)) as {
        handler?: { route?: { spec: unknown; contract: string } };
      };
      expect(typeof module.handler, name).toBe('function');
      // An HTTP function passes its own manifest entry and its own contract.
      if ('http' in spec) expect(module.handler?.route, name).toEqual({ spec, contract: name });
    }
    // Importing every function module (each with its schemas) takes seconds on a busy machine.
  }, 30_000);

  it('lists allowed roles on every route, and only known ones (deny by default)', () => {
    for (const fn of httpFunctions()) {
      expect(fn.route.roles.length, fn.name).toBeGreaterThan(0);
      for (const role of fn.route.roles) expect(roles).toContain(role);
    }
  });

  it('has no two functions on one route', () => {
    const keys = httpFunctions().map((fn) => `${fn.route.method} ${fn.route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
