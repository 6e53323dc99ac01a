/**
 * The sign-in port. Two adapters: Cognito (SRP with TOTP, on AWS) and the local signer's
 * demo accounts (`npm start`). Screens see only this interface; which adapter runs is read
 * from /config.json, so one build serves both runtimes.
 */
export type Role = 'commune' | 'city-office' | 'delegation';

export interface Session {
  sub: string;
  name: string;
  role: Role;
  unitId?: string;
  orgId?: string;
  leaderIds: string[];
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
}

/** What the sign-in screen must show next. */
export type SignInStep =
  | { kind: 'signed-in'; session: Session }
  | { kind: 'new-password' }
  | { kind: 'totp-setup'; secret: string; uri: string }
  | { kind: 'totp-code' };

export interface AuthPort {
  readonly mode: 'local' | 'cognito';
  /** The session kept from an earlier visit, refreshed if it can be. */
  restore(): Promise<Session | undefined>;
  signIn(username: string, password: string): Promise<SignInStep>;
  /** Answers the step `signIn` (or an earlier answer) asked for. */
  answer(step: 'new-password' | 'totp-setup' | 'totp-code', value: string): Promise<SignInStep>;
  /** An access token valid for at least a minute (refreshed when near expiry). */
  token(): Promise<string | undefined>;
  signOut(): Promise<void>;
}

/** Reads the identity out of an access token's claims, as the API's caller parse does. */
export function sessionFromClaims(claims: Record<string, unknown>): Session {
  const text = (name: string) => {
    const value = claims[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const groups = claims['cognito:groups'];
  const role = (Array.isArray(groups) ? groups : []).find(
    (group): group is Role =>
      group === 'commune' || group === 'city-office' || group === 'delegation',
  ) as Role;
  return {
    sub: text('sub') ?? '',
    name: text('name') ?? text('username') ?? '',
    role,
    unitId: text('custom:unitId'),
    orgId: text('custom:orgId'),
    leaderIds: (text('custom:leaderId') ?? '').split(',').filter(Boolean),
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
}

/** Who an access token says is signed in: both adapters read their sessions this way. */
export function sessionOfToken(token: string): Session {
  return sessionFromClaims(claimsOf(token));
}

/** The claims of a JWT, unverified: the API verifies; the app only reads who it is. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) =>
    c.charCodeAt(0),
  );
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}
