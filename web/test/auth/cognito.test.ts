/**
 * The Cognito adapter against a fake of Cognito's JSON API: each answer is a recorded
 * response (web/test/fixtures/cognito), and the test reads back what the adapter sent. The
 * fixtures' tokens were issued at pool.signedInAt for an hour; the clock starts there.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../src/lib/api.ts';
import { createCognitoAuth } from '../../src/lib/auth/cognito.ts';
import { claimsOf } from '../../src/lib/auth/port.ts';
import associated from '../fixtures/cognito/associate-software-token.json';
import codeMismatch from '../fixtures/cognito/error-code-mismatch.json';
import invalidPassword from '../fixtures/cognito/error-invalid-password.json';
import notAuthorized from '../fixtures/cognito/error-not-authorized.json';
import globalSignOut from '../fixtures/cognito/global-sign-out.json';
import passwordVerifier from '../fixtures/cognito/initiate-auth-password-verifier.json';
import refreshed from '../fixtures/cognito/initiate-auth-refresh-token.json';
import pool from '../fixtures/cognito/pool.json';
import authenticated from '../fixtures/cognito/respond-authentication-result.json';
import mfaSetup from '../fixtures/cognito/respond-mfa-setup.json';
import newPasswordRequired from '../fixtures/cognito/respond-new-password-required.json';
import softwareTokenMfa from '../fixtures/cognito/respond-software-token-mfa.json';
import mfaPreference from '../fixtures/cognito/set-user-mfa-preference.json';
import verified from '../fixtures/cognito/verify-software-token.json';

const signedInAt = Date.parse(pool.signedInAt);
const endpoint = `https://cognito-idp.${pool.region}.amazonaws.com/`;
const keyPrefix = `CognitoIdentityServiceProvider.${pool.clientId}`;
const password = 'Hai-Phong-2026!';

type Body = Record<string, unknown> & {
  AuthFlow?: string;
  ChallengeName?: string;
  ClientId?: string;
  Session?: string;
  AccessToken?: string;
  AuthParameters?: Record<string, string | null>;
  ChallengeResponses?: Record<string, string>;
};

interface Received {
  url: string;
  target: string;
  body: Body;
}

/** Cognito's JSON API, answering each target from its queue of recorded responses. */
function fakeCognito() {
  const queues = new Map<string, (Response | Error)[]>();
  const received: Received[] = [];
  const fetch = async (url: string | URL, init: RequestInit = {}) => {
    const headers = init.headers as Record<string, string>;
    const target = (headers['X-Amz-Target'] ?? '').replace(
      'AWSCognitoIdentityProviderService.',
      '',
    );
    received.push({ url: String(url), target, body: JSON.parse(String(init.body)) as Body });
    const reply = queues.get(target)?.shift();
    if (reply instanceof Error) throw reply;
    return (
      reply ??
      cognitoReply({ __type: 'InternalErrorException', message: `no reply for ${target}` }, 500)
    );
  };
  return {
    fetch,
    received,
    targets: () => received.map(({ target }) => target),
    on(target: string, ...replies: (Response | Error)[]) {
      queues.set(target, [...(queues.get(target) ?? []), ...replies]);
    },
  };
}

function cognitoReply(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/x-amz-json-1.1' },
  });
}

const refused = (body: unknown) => cognitoReply(body, 400);

let cognito: ReturnType<typeof fakeCognito>;

/**
 * A sign-in's round trips: the pool starts SRP with its password verifier, then answers each
 * challenge response in turn with the given fixture, as a refusal when it names an error.
 */
function signInAnswers(...answers: Record<string, unknown>[]) {
  cognito.on('InitiateAuth', cognitoReply(passwordVerifier));
  cognito.on(
    'RespondToAuthChallenge',
    ...answers.map((answer) => ('__type' in answer ? refused(answer) : cognitoReply(answer))),
  );
}

beforeEach(() => {
  vi.useFakeTimers({ now: signedInAt, toFake: ['Date'] });
  localStorage.clear();
  cognito = fakeCognito();
  vi.stubGlobal('fetch', cognito.fetch);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const newAuth = () =>
  createCognitoAuth(
    { region: pool.region, userPoolId: pool.userPoolId, clientId: pool.clientId },
    localStorage,
  );

async function signedIn() {
  signInAnswers(authenticated);
  const auth = newAuth();
  const step = await auth.signIn(pool.username, password);
  expect(step.kind).toBe('signed-in');
  return auth;
}

const cognitoKeys = () =>
  Object.keys(localStorage).filter((key) => key.startsWith('CognitoIdentityServiceProvider.'));

describe('signing in with a password (SRP)', () => {
  it('signs in and keeps the session, sending SRP to the pool with the client id', async () => {
    signInAnswers(authenticated);

    const step = await newAuth().signIn(` ${pool.username} `, password);

    expect(step).toEqual({
      kind: 'signed-in',
      session: {
        sub: pool.sub,
        name: 'UBND xã An Phú',
        role: 'commune',
        unitId: 'an-phu',
        orgId: undefined,
        leaderIds: [],
        expiresAt: signedInAt + 3600_000,
      },
    });
    const [initiate, respond] = cognito.received;
    expect(cognito.targets()).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(initiate?.url).toBe(endpoint);
    expect(initiate?.body.AuthFlow).toBe('USER_SRP_AUTH');
    expect(initiate?.body.ClientId).toBe(pool.clientId);
    expect(initiate?.body.AuthParameters?.USERNAME).toBe(pool.username);
    expect(initiate?.body.AuthParameters?.SRP_A).toMatch(/^[0-9a-f]{500,}$/);
    expect(initiate?.body.AuthParameters).not.toHaveProperty('PASSWORD');
    expect(respond?.body.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(respond?.body.ClientId).toBe(pool.clientId);
    expect(respond?.body.ChallengeResponses).toMatchObject({
      USERNAME: pool.sub,
      PASSWORD_CLAIM_SECRET_BLOCK: passwordVerifier.ChallengeParameters.SECRET_BLOCK,
      TIMESTAMP: 'Mon Mar 2 01:00:00 UTC 2026',
      PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });
    expect(JSON.stringify(cognito.received)).not.toContain(password);
    expect(localStorage.getItem(`${keyPrefix}.LastAuthUser`)).toBe(pool.sub);
    expect(localStorage.getItem(`${keyPrefix}.${pool.sub}.accessToken`)).toBe(
      authenticated.AuthenticationResult.AccessToken,
    );
  });

  it('refuses a wrong password in Vietnamese', async () => {
    signInAnswers(notAuthorized);

    await expect(newAuth().signIn(pool.username, 'wrong')).rejects.toThrow(
      'Tên đăng nhập hoặc mật khẩu không đúng.',
    );
    expect(cognitoKeys()).toEqual([]);
  });

  it('says when Cognito cannot be reached', async () => {
    cognito.on('InitiateAuth', new TypeError('Failed to fetch'));

    const attempt = newAuth().signIn(pool.username, password);

    await expect(attempt).rejects.toBeInstanceOf(NetworkError);
    await expect(attempt).rejects.toThrow(/^Không kết nối được/);
  });
});

describe('the first sign-in', () => {
  it('asks for a new password, then sets up TOTP with a secret and its otpauth URI, then signs in', async () => {
    signInAnswers(newPasswordRequired, invalidPassword, mfaSetup, authenticated);
    cognito.on('AssociateSoftwareToken', cognitoReply(associated));
    cognito.on('VerifySoftwareToken', cognitoReply(verified));
    cognito.on('SetUserMFAPreference', cognitoReply(mfaPreference));
    const auth = newAuth();

    expect(await auth.signIn(pool.username, 'Tam-thoi-123!')).toEqual({ kind: 'new-password' });
    await expect(auth.answer('new-password', 'Haiphong2026xanh')).rejects.toThrow(
      'Mật khẩu mới chưa có ký tự đặc biệt (ví dụ ! @ # $ %). Mật khẩu cần ít nhất 12 ký tự, có chữ thường, chữ hoa, chữ số và ký tự đặc biệt.',
    );
    const setup = await auth.answer('new-password', password);
    expect(setup).toEqual({
      kind: 'totp-setup',
      secret: associated.SecretCode,
      uri: `otpauth://totp/Thaogo:vanthu.anphu%40haiphong.example?secret=${associated.SecretCode}&issuer=Thaogo`,
    });
    const done = await auth.answer('totp-setup', '123 456');

    expect(done.kind === 'signed-in' && done.session.sub).toBe(pool.sub);
    expect(cognito.targets()).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
      'AssociateSoftwareToken',
      'VerifySoftwareToken',
      'RespondToAuthChallenge',
      'SetUserMFAPreference',
    ]);
    const [, , tooWeak, newPassword, associate, verify, setupDone, preference] = cognito.received;
    expect(tooWeak?.body.ChallengeResponses?.NEW_PASSWORD).toBe('Haiphong2026xanh');
    expect(newPassword?.body).toMatchObject({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: pool.clientId,
      Session: newPasswordRequired.Session,
      ChallengeResponses: { NEW_PASSWORD: password, USERNAME: pool.sub },
    });
    expect(associate?.body).toEqual({ Session: mfaSetup.Session });
    expect(verify?.body).toEqual({
      Session: associated.Session,
      UserCode: '123456',
      FriendlyDeviceName: 'Thaogo',
    });
    expect(setupDone?.body).toMatchObject({
      ChallengeName: 'MFA_SETUP',
      ClientId: pool.clientId,
      Session: verified.Session,
    });
    expect(preference?.body).toMatchObject({
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      AccessToken: authenticated.AuthenticationResult.AccessToken,
    });
    expect(localStorage.getItem(`${keyPrefix}.LastAuthUser`)).toBe(pool.sub);
  });
});

describe('a returning user', () => {
  it('asks for the TOTP code, refuses a wrong one in Vietnamese and signs in with the right one', async () => {
    signInAnswers(softwareTokenMfa, codeMismatch, authenticated);
    const auth = newAuth();

    expect(await auth.signIn(pool.username, password)).toEqual({ kind: 'totp-code' });
    await expect(auth.answer('totp-code', '000000')).rejects.toThrow('Mã xác thực không đúng.');
    const step = await auth.answer('totp-code', '424242');

    expect(step.kind === 'signed-in' && step.session.unitId).toBe('an-phu');
    const [, , wrong, right] = cognito.received;
    for (const [sent, code] of [
      [wrong, '000000'],
      [right, '424242'],
    ] as const) {
      expect(sent?.target).toBe('RespondToAuthChallenge');
      expect(sent?.body).toMatchObject({
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ClientId: pool.clientId,
        Session: softwareTokenMfa.Session,
        ChallengeResponses: { USERNAME: pool.sub, SOFTWARE_TOKEN_MFA_CODE: code },
      });
    }
  });

  it('checks the code has six digits before sending it', async () => {
    signInAnswers(softwareTokenMfa);
    const auth = newAuth();
    await auth.signIn(pool.username, password);

    await expect(auth.answer('totp-code', '12345')).rejects.toThrow(
      'Mã xác thực gồm 6 chữ số, lấy trong ứng dụng xác thực.',
    );
    expect(cognito.targets()).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
  });

  it('refuses an answer no sign-in asked for', async () => {
    await expect(newAuth().answer('totp-code', '123456')).rejects.toThrow(
      'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại từ đầu.',
    );
    expect(cognito.received).toEqual([]);
  });
});

describe('tokens', () => {
  it('hands out the kept access token while it has more than a minute left', async () => {
    const auth = await signedIn();
    vi.setSystemTime(signedInAt + 50 * 60_000);

    expect(await auth.token()).toBe(authenticated.AuthenticationResult.AccessToken);
    expect(cognito.targets()).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
  });

  it('refreshes an expiring token once, however many callers ask at the same time', async () => {
    const auth = await signedIn();
    cognito.on('InitiateAuth', cognitoReply(refreshed));
    vi.setSystemTime(signedInAt + 3570_000);

    const tokens = await Promise.all([auth.token(), auth.token()]);

    expect(tokens).toEqual([
      refreshed.AuthenticationResult.AccessToken,
      refreshed.AuthenticationResult.AccessToken,
    ]);
    const refreshes = cognito.received.filter(({ body }) => body.AuthFlow === 'REFRESH_TOKEN_AUTH');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toMatchObject({
      ClientId: pool.clientId,
      AuthParameters: { REFRESH_TOKEN: authenticated.AuthenticationResult.RefreshToken },
    });
    expect(localStorage.getItem(`${keyPrefix}.${pool.sub}.accessToken`)).toBe(
      refreshed.AuthenticationResult.AccessToken,
    );
    // Cognito does not send the refresh token again: the first one is kept.
    expect(localStorage.getItem(`${keyPrefix}.${pool.sub}.refreshToken`)).toBe(
      authenticated.AuthenticationResult.RefreshToken,
    );
    expect(await auth.token()).toBe(refreshed.AuthenticationResult.AccessToken);
    expect(cognito.received).toHaveLength(3);
  });
});

describe('restoring a session on the next visit', () => {
  it('reads the kept session without a request while it has more than five minutes left', async () => {
    await signedIn();
    vi.setSystemTime(signedInAt + 30 * 60_000);

    const session = await newAuth().restore();

    expect(session).toMatchObject({ sub: pool.sub, role: 'commune', unitId: 'an-phu' });
    expect(cognito.received).toHaveLength(2);
  });

  it('refreshes a kept session that expires within five minutes', async () => {
    await signedIn();
    cognito.on('InitiateAuth', cognitoReply(refreshed));
    vi.setSystemTime(signedInAt + 56 * 60_000);

    const session = await newAuth().restore();

    const refreshedExpiry = Number(claimsOf(refreshed.AuthenticationResult.AccessToken).exp) * 1000;
    expect(session?.expiresAt).toBe(refreshedExpiry);
    expect(cognito.received.at(-1)?.body.AuthFlow).toBe('REFRESH_TOKEN_AUTH');
  });

  it('has no session when nothing was kept', async () => {
    expect(await newAuth().restore()).toBeUndefined();
    expect(cognito.received).toEqual([]);
  });
});

describe('signing out', () => {
  it('revokes the tokens with GlobalSignOut and clears the kept session, and only it', async () => {
    const auth = await signedIn();
    localStorage.setItem('thaogo.outbox', '[]');
    cognito.on('GlobalSignOut', cognitoReply(globalSignOut));

    await auth.signOut();

    expect(cognito.received.at(-1)).toEqual({
      url: endpoint,
      target: 'GlobalSignOut',
      body: { AccessToken: authenticated.AuthenticationResult.AccessToken },
    });
    expect(cognitoKeys()).toEqual([]);
    expect(localStorage.getItem('thaogo.outbox')).toBe('[]');
    expect(await auth.token()).toBeUndefined();
    expect(await newAuth().restore()).toBeUndefined();
  });

  it('clears the kept session even when the network fails', async () => {
    const auth = await signedIn();
    cognito.on('GlobalSignOut', new TypeError('Failed to fetch'));

    await auth.signOut();

    expect(cognito.targets().at(-1)).toBe('GlobalSignOut');
    expect(cognitoKeys()).toEqual([]);
    expect(await newAuth().restore()).toBeUndefined();
  });
});
