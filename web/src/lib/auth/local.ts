/**
 * The local adapter: the demo accounts of `npm start`, signed by the local signer. The
 * accounts come from the local server at run time (`/local/accounts`), never from the
 * build, so the deployed app holds none of them.
 */
import {
  type AuthPort,
  claimsOf,
  type Session,
  type SignInStep,
  sessionFromClaims,
} from './port.ts';

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

export async function listLocalAccounts(): Promise<LocalAccount[]> {
  const response = await fetch('/local/accounts', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`/local/accounts: ${response.status}`);
  return ((await response.json()) as { items: LocalAccount[] }).items;
}

export function createLocalAuth(storage: Storage = localStorage): AuthPort {
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
    return sessionFromClaims(claimsOf(accessToken));
  };

  const current = () => (stored ? sessionFromClaims(claimsOf(stored.accessToken)) : undefined);

  return {
    mode: 'local',
    async restore() {
      const session = current();
      if (!session || !stored) return undefined;
      // A local "refresh": the signer mints a new token for the same account.
      if (session.expiresAt - Date.now() < 60_000)
        return mint(stored.accountId).catch(() => undefined);
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
