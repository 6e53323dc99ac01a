/**
 * Who is signed in, for every screen. Reads /config.json once to pick the sign-in adapter
 * (each adapter is its own chunk, loaded only on the runtime that uses it), and turns a
 * 401 from the API into a sign-in dialog over the current screen, so nothing typed is lost.
 */
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { useTokenSource } from './api.ts';
import type { AuthPort, Session } from './auth/port.ts';
import { outbox } from './outbox/index.ts';

export interface AppConfig {
  auth: 'local' | 'cognito';
  region?: string;
  userPoolId?: string;
  clientId?: string;
}

export async function loadAuth(config: AppConfig): Promise<AuthPort> {
  if (config.auth === 'cognito') {
    const { createCognitoAuth } = await import('./auth/cognito.ts');
    return createCognitoAuth({
      region: config.region ?? '',
      userPoolId: config.userPoolId ?? '',
      clientId: config.clientId ?? '',
    });
  }
  const { createLocalAuth } = await import('./auth/local.ts');
  return createLocalAuth();
}

interface SessionState {
  auth?: AuthPort;
  session?: Session;
  /** The API refused the token: the dialog asks to sign in again. */
  expired: boolean;
  ready: boolean;
  setSession(session: Session | undefined): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [auth, setAuth] = useState<AuthPort>();
  const [session, setSessionState] = useState<Session>();
  const [expired, setExpired] = useState(false);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    (async () => {
      const config = (await fetch('/config.json').then((r) => r.json())) as AppConfig;
      const port = await loadAuth(config);
      setAuth(port);
      setSessionState(await port.restore());
    })()
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, []);

  // What is recorded from now on is this user's, and only this user's waits are sent.
  useEffect(() => outbox.setOwner(session?.sub), [session]);

  useEffect(() => {
    if (!auth) return;
    useTokenSource({ token: () => auth.token(), rejected: () => setExpired(true) });
  }, [auth]);

  const value = useMemo<SessionState>(
    () => ({
      auth,
      session,
      expired,
      ready,
      setSession: (next) => {
        setSessionState(next);
        setExpired(false);
      },
      signOut: async () => {
        await auth?.signOut();
        setSessionState(undefined);
      },
    }),
    [auth, session, expired, ready],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session; screens behind sign-in only. */
export function useCaller(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useCaller without a session');
  return session;
}
