/**
 * The build the site deploys (made by this project's global setup): one build for both
 * runtimes, so it must hold none of the local demo accounts, which the local server lists
 * at run time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listLocalAccounts } from '#infra/local/local-accounts.ts';
import { repoRoot } from '#infra/paths.ts';

const dist = join(repoRoot, 'web/dist');

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? builtFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the built app', () => {
  it('holds no local account: neither its id, nor its label, nor its token endpoint’s answer', () => {
    const files = builtFiles(dist).filter((file) => /\.(?:js|css|html|json)$/.test(file));
    expect(files.some((file) => file.endsWith('index.html'))).toBe(true);
    const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    const accounts = listLocalAccounts();
    expect(accounts.length).toBeGreaterThan(4);
    for (const account of accounts) {
      expect(text).not.toContain(account.id);
      expect(text).not.toContain(account.label);
    }
    // The app does know where the local server lists them.
    expect(text).toContain('/local/accounts');
  });
});
