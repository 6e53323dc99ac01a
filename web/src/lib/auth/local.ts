/**
 * The local adapter: the demo accounts of `npm start`, signed by the local signer. The
 * accounts come from the local server at run time (`/local/accounts`), never from the
 * build, so the deployed app holds none of them.
 */
import { type AuthPort, type Session, type SignInStep, sessionOfToken } from './port.ts';

export interface LocalAccount {
  id: string;
  label: string;
  role: Session['role'];
  name: string;
  unitId?: string;
  orgId?: string;
}

const storageKey = 'thaogo.local-session';

interface Stored {
  accountId: string;
  accessToken: string;
}

/**
 * The one fetch of the accounts, kept for the page's life: the sign-in-again dialog opens
 * over a screen mid-task, and lists them at once rather than waiting on the server then.
 * A failed fetch is forgotten, so the next screen that asks tries again.
 */
let accounts: Promise<LocalAccount[]> | undefined;

async function fetchLocalAccounts(): Promise<LocalAccount[]> {
  const response = await fetch('/local/accounts', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`/local/accounts: ${response.status}`);
  return ((await response.json()) as { items: LocalAccount[] }).items;
}

export function listLocalAccounts(): Promise<LocalAccount[]> {
  accounts ??= fetchLocalAccounts().catch((error: unknown) => {
    accounts = undefined;
    throw error;
  });
  return accounts;
}

export function createLocalAuth(storage: Storage = localStorage): AuthPort {
  // The app has just learnt it runs locally: the accounts are fetched now, once.
  listLocalAccounts().catch(() => undefined);
  let stored: Stored | undefined;
  try {
    stored = JSON.parse(storage.getItem(storageKey) ?? 'null') ?? undefined;
  } catch {
    stored = undefined;
  }

  const mint = async (accountId: string): Promise<Session> => {
    const response = await fetch('/local/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ id: accountId }),
    });
    if (!response.ok) throw new Error('Không đăng nhập được tài khoản thử nghiệm này.');
    const { accessToken } = (await response.json()) as { accessToken: string };
    stored = { accountId, accessToken };
    storage.setItem(storageKey, JSON.stringify(stored));
    return sessionOfToken(accessToken);
  };

  const current = () => (stored ? sessionOfToken(stored.accessToken) : undefined);

  return {
    mode: 'local',
    async restore() {
      const session = current();
      if (!session || !stored) return undefined;
      // A local "refresh": the signer mints a new token for the same account. Offline it
      // cannot: the kept session still says who is signed in (the app opens on what it
      // kept, and what is recorded waits), and token() mints once the network is back.
      if (session.expiresAt - Date.now() < 60_000)
        return mint(stored.accountId).catch(() => session);
      return session;
    },
    async signIn(accountId: string): Promise<SignInStep> {
      return { kind: 'signed-in', session: await mint(accountId) };
    },
    async answer(): Promise<SignInStep> {
      throw new Error('Local accounts have no challenges.');
    },
    async token() {
      const session = current();
      if (!session || !stored) return undefined;
      if (session.expiresAt - Date.now() < 60_000) await mint(stored.accountId);
      return stored?.accessToken;
    },
    async signOut() {
      stored = undefined;
      storage.removeItem(storageKey);
    },
  };
}
