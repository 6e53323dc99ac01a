/**
 * The local adapter's demo accounts: fetched once, as soon as the app knows it runs
 * locally, and kept, so the sign-in-again dialog lists them without asking the server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const accounts = [
  { id: 'commune-nguyen-giap', label: 'Xã Nguyên Giáp (UBND xã)', role: 'commune', name: 'x' },
];

let calls: string[];
let answers: (() => Response)[];

beforeEach(() => {
  vi.resetModules();
  calls = [];
  answers = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    const answer = answers.shift();
    return answer ? answer() : Response.json({ items: accounts });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const adapter = () => import('../../src/lib/auth/local.ts');

describe('the local accounts', () => {
  it('are fetched when the adapter is made, and every later list reads the kept answer', async () => {
    const { createLocalAuth, listLocalAccounts } = await adapter();
    createLocalAuth();
    expect(calls).toEqual(['/local/accounts']);
    expect(await listLocalAccounts()).toEqual(accounts);
    expect(await listLocalAccounts()).toEqual(accounts);
    expect(calls).toEqual(['/local/accounts']);
  });

  it('are fetched again after a refused fetch, not left failed for the page’s life', async () => {
    answers.push(() => new Response('busy', { status: 503 }));
    const { listLocalAccounts } = await adapter();
    await expect(listLocalAccounts()).rejects.toThrow('/local/accounts: 503');
    expect(await listLocalAccounts()).toEqual(accounts);
    expect(calls).toEqual(['/local/accounts', '/local/accounts']);
  });
});
