/**
 * The Cognito adapter, on AWS: SRP sign-in, then the TOTP the pool requires (set up on the
 * first sign-in, asked for on every later one). Loaded as its own chunk only when
 * /config.json says cognito. The library keeps the tokens in the given Storage under its
 * own keys; this module decides when they are refreshed, and refreshes them once at a time.
 */
import {
  AuthenticationDetails,
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  CognitoUserSession,
  type IAuthenticationCallback,
} from 'amazon-cognito-identity-js';
import { NetworkError } from '../api.ts';
import { type AuthPort, type Session, type SignInStep, sessionOfToken } from './port.ts';

export interface CognitoConfig {
  region: string;
  userPoolId: string;
  clientId: string;
}

/** The issuer an authenticator app shows beside the account, and the TOTP device's name. */
const issuer = 'Thaogo';
/** restore() refreshes a session this close to its expiry; token() one closer than this. */
const restoreMargin = 5 * 60_000;
const tokenMargin = 60_000;
/** Signing out never waits longer than this on the network; the local session goes anyway. */
const signOutWait = 5_000;

/** The pool's password policy (infra/service-stack.ts), as the user reads it. */
const passwordPolicy =
  'Mật khẩu cần ít nhất 12 ký tự, có chữ thường, chữ hoa, chữ số và ký tự đặc biệt.';

const messages = {
  wrongCredentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  wrongCode: 'Mã xác thực không đúng.',
  codeFormat: 'Mã xác thực gồm 6 chữ số, lấy trong ứng dụng xác thực.',
  expiredCode: 'Mã xác thực đã hết hạn hoặc đã được dùng. Hãy nhập mã mới trong ứng dụng xác thực.',
  sessionExpired: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại từ đầu.',
  tooMany: 'Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại.',
  disabled: 'Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.',
  resetRequired: 'Mật khẩu của tài khoản này cần được đặt lại. Hãy liên hệ quản trị viên.',
  notConfirmed: 'Tài khoản này chưa được kích hoạt. Hãy liên hệ quản trị viên.',
  unsupported:
    'Tài khoản này cần một cách xác thực mà ứng dụng chưa hỗ trợ. Hãy liên hệ quản trị viên.',
  failed: 'Không đăng nhập được. Hãy thử lại.',
} as const;

/** What Cognito says is wrong with a new password, in the user's words. */
const passwordRules: [RegExp, string][] = [
  [/long enough|length/i, 'Mật khẩu mới quá ngắn.'],
  [/uppercase/i, 'Mật khẩu mới chưa có chữ hoa.'],
  [/lowercase/i, 'Mật khẩu mới chưa có chữ thường.'],
  [/numeric|number|digit/i, 'Mật khẩu mới chưa có chữ số.'],
  [/symbol/i, 'Mật khẩu mới chưa có ký tự đặc biệt (ví dụ ! @ # $ %).'],
  [/previously|reuse|history/i, 'Mật khẩu mới không được trùng mật khẩu đã dùng trước đây.'],
];

/** A refused sign-in step: `code` is Cognito's error name, `message` is for the user. */
export class SignInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** Cognito's (or the network's) refusal as the user reads it; no answer at all is NetworkError. */
export function signInErrorOf(error: unknown): Error {
  if (error instanceof SignInError || error instanceof NetworkError) return error;
  const {
    code,
    name,
    message = '',
  } = (error ?? {}) as {
    code?: string;
    name?: string;
    message?: string;
  };
  const kind = code ?? name ?? '';
  const refuse = (text: string) => new SignInError(kind, text);
  switch (kind) {
    case 'NetworkError':
    case 'TypeError':
      return new NetworkError();
    case 'NotAuthorizedException':
      if (/attempts exceeded/i.test(message)) return refuse(messages.tooMany);
      if (/disabled/i.test(message)) return refuse(messages.disabled);
      if (/session|token/i.test(message)) return refuse(messages.sessionExpired);
      return refuse(messages.wrongCredentials);
    case 'UserNotFoundException':
      return refuse(messages.wrongCredentials);
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return refuse(messages.wrongCode);
    case 'ExpiredCodeException':
      return refuse(messages.expiredCode);
    case 'InvalidPasswordException': {
      const rule = passwordRules.find(([pattern]) => pattern.test(message));
      return refuse(rule ? `${rule[1]} ${passwordPolicy}` : passwordPolicy);
    }
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return refuse(messages.tooMany);
    case 'PasswordResetRequiredException':
      return refuse(messages.resetRequired);
    case 'UserNotConfirmedException':
      return refuse(messages.notConfirmed);
    default:
      return refuse(messages.failed);
  }
}

/** The key an authenticator app reads from the QR code (Google's Key Uri Format). */
export function otpauthUri(username: string, secret: string): string {
  return `otpauth://totp/${issuer}:${encodeURIComponent(username)}?secret=${secret}&issuer=${issuer}`;
}

type Challenge = Exclude<SignInStep['kind'], 'signed-in'>;

interface Pending {
  user: CognitoUser;
  username: string;
  step: Challenge;
}

const sessionOf = (session: CognitoUserSession): Session =>
  sessionOfToken(session.getAccessToken().getJwtToken());

/** The library keeps a session's clock drift (CognitoUserSession.js); its typings omit it. */
type DriftingSession = CognitoUserSession & { getClockDrift(): number };
type SessionData = ConstructorParameters<typeof CognitoUserSession>[0] & { ClockDrift: number };

/** How long the session's tokens stay valid (ms), on the server's clock as the library keeps it. */
function remaining(session: CognitoUserSession): number {
  const now = Math.floor(Date.now() / 1000) - (session as DriftingSession).getClockDrift();
  const expiry = Math.min(
    session.getAccessToken().getExpiration(),
    session.getIdToken().getExpiration(),
  );
  return (expiry - now) * 1000;
}

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export function createCognitoAuth(
  config: CognitoConfig,
  storage: Storage = localStorage,
): AuthPort {
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.clientId,
    endpoint: `https://cognito-idp.${config.region}.amazonaws.com/`,
    Storage: storage,
  });
  const keyPrefix = `CognitoIdentityServiceProvider.${config.clientId}.`;

  /** The signed-in user, once signed in or restored. */
  let user: CognitoUser | undefined;
  /** A sign-in waiting for the answer to a challenge. */
  let pending: Pending | undefined;
  /** The one load-or-refresh in flight: concurrent callers share it. */
  let loading: Promise<CognitoUserSession | undefined> | undefined;

  /** Drops every key the library keeps for this app client, and what is in memory. */
  const forget = () => {
    user = undefined;
    pending = undefined;
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index++) {
      const key = storage.key(index);
      if (key?.startsWith(keyPrefix)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  };

  /** The session an earlier visit left in storage, read without refreshing it. */
  const stored = (candidate: CognitoUser): CognitoUserSession | undefined => {
    const item = (name: string) =>
      storage.getItem(`${keyPrefix}${candidate.getUsername()}.${name}`) ?? '';
    if (!item('accessToken') || !item('idToken')) return undefined;
    const data: SessionData = {
      IdToken: new CognitoIdToken({ IdToken: item('idToken') }),
      AccessToken: new CognitoAccessToken({ AccessToken: item('accessToken') }),
      RefreshToken: new CognitoRefreshToken({ RefreshToken: item('refreshToken') }),
      ClockDrift: Number(item('clockDrift')) || 0,
    };
    return new CognitoUserSession(data);
  };

  const refresh = (candidate: CognitoUser, session: CognitoUserSession) =>
    new Promise<CognitoUserSession>((resolve, reject) => {
      if (!online()) return reject(new NetworkError());
      candidate.refreshSession(session.getRefreshToken(), (error, next) =>
        error ? reject(error) : resolve(next as CognitoUserSession),
      );
    });

  const load = async (margin: number) => {
    const candidate = user ?? pool.getCurrentUser() ?? undefined;
    const session = candidate && (candidate.getSignInUserSession() ?? stored(candidate));
    if (!candidate || !session) return undefined;
    if (remaining(session) >= margin) {
      if (!candidate.getSignInUserSession()) candidate.setSignInUserSession(session);
      user = candidate;
      return session;
    }
    const next = await refresh(candidate, session);
    user = candidate;
    return next;
  };

  /** A session valid for at least `margin` ms, refreshed if it must be, one refresh at a time. */
  const fresh = (margin: number): Promise<CognitoUserSession | undefined> => {
    const current = user?.getSignInUserSession();
    if (current && remaining(current) >= margin) return Promise.resolve(current);
    loading ??= load(margin).finally(() => {
      loading = undefined;
    });
    return loading;
  };

  /** Runs one round of the sign-in dialogue and says what the screen must ask next. */
  const converse = (
    candidate: CognitoUser,
    username: string,
    start: (callbacks: IAuthenticationCallback) => void,
  ) =>
    new Promise<SignInStep>((resolve, reject) => {
      const fail = (error: unknown) => reject(signInErrorOf(error));
      const ask = (step: Challenge, next: SignInStep) => {
        pending = { user: candidate, username, step };
        resolve(next);
      };
      const callbacks: IAuthenticationCallback = {
        onSuccess: (session) => {
          pending = undefined;
          user = candidate;
          resolve({ kind: 'signed-in', session: sessionOf(session) });
        },
        onFailure: fail,
        newPasswordRequired: () => ask('new-password', { kind: 'new-password' }),
        mfaSetup: () =>
          candidate.associateSoftwareToken({
            associateSecretCode: (secret) =>
              ask('totp-setup', { kind: 'totp-setup', secret, uri: otpauthUri(username, secret) }),
            onFailure: fail,
          }),
        totpRequired: () => ask('totp-code', { kind: 'totp-code' }),
        // Only TOTP is configured, so a choice is answered for the user.
        selectMFAType: () => candidate.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', callbacks),
        mfaRequired: () => fail(new SignInError('SMS_MFA', messages.unsupported)),
        customChallenge: () => fail(new SignInError('CUSTOM_CHALLENGE', messages.unsupported)),
      };
      start(callbacks);
    });

  const codeOf = (value: string) => {
    const code = value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) throw new SignInError('InvalidCode', messages.codeFormat);
    return code;
  };

  /** Completes TOTP setup: the code proves the app holds the secret, then TOTP is preferred. */
  const verifySetup = (candidate: CognitoUser, code: string) =>
    new Promise<SignInStep>((resolve, reject) => {
      candidate.verifySoftwareToken(code, issuer, {
        onSuccess: (session) => {
          pending = undefined;
          user = candidate;
          // The pool requires TOTP, so this only records the preference; refused, it changes nothing.
          candidate.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, () =>
            resolve({ kind: 'signed-in', session: sessionOf(session) }),
          );
        },
        onFailure: (error) => reject(signInErrorOf(error)),
      });
    });

  return {
    mode: 'cognito',

    async restore() {
      const candidate = pool.getCurrentUser();
      if (!candidate) return undefined;
      try {
        const session = await fresh(restoreMargin);
        return session && sessionOf(session);
      } catch (error) {
        const refused = signInErrorOf(error);
        if (refused instanceof SignInError && refused.code === 'NotAuthorizedException') {
          forget();
          return undefined;
        }
        // Offline (or Cognito busy), the kept session still says who is signed in; token()
        // refreshes it once it can.
        const kept = stored(candidate);
        return kept && sessionOf(kept);
      }
    },

    async signIn(username, password) {
      // A new sign-in replaces whatever an earlier one left behind.
      forget();
      const name = username.trim();
      const candidate = new CognitoUser({ Username: name, Pool: pool, Storage: storage });
      candidate.setAuthenticationFlowType('USER_SRP_AUTH');
      const details = new AuthenticationDetails({ Username: name, Password: password });
      return converse(candidate, name, (callbacks) =>
        candidate.authenticateUser(details, callbacks),
      );
    },

    async answer(step, value) {
      const current = pending;
      if (!current || current.step !== step) {
        throw new SignInError('NoChallenge', messages.sessionExpired);
      }
      const { user: candidate, username } = current;
      switch (step) {
        case 'new-password':
          return converse(candidate, username, (callbacks) =>
            candidate.completeNewPasswordChallenge(value, {}, callbacks),
          );
        case 'totp-setup':
          return verifySetup(candidate, codeOf(value));
        case 'totp-code': {
          const code = codeOf(value);
          return converse(candidate, username, (callbacks) =>
            candidate.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA'),
          );
        }
      }
    },

    async token() {
      try {
        return (await fresh(tokenMargin))?.getAccessToken().getJwtToken();
      } catch (error) {
        const refused = signInErrorOf(error);
        // A revoked or expired refresh token: signed out, the API's 401 asks to sign in again.
        if (refused instanceof SignInError && refused.code === 'NotAuthorizedException') {
          forget();
          return undefined;
        }
        throw refused;
      }
    },

    async signOut() {
      if (online() && (user ?? pool.getCurrentUser())) {
        // Revokes the refresh tokens everywhere (a shared office computer); best effort.
        const revoke = (async () => {
          const session = await fresh(tokenMargin);
          const target = user;
          if (!session || !target) return;
          await new Promise((resolve, reject) =>
            target.globalSignOut({ onSuccess: resolve, onFailure: reject }),
          );
        })();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const wait = new Promise((resolve) => {
          timer = setTimeout(resolve, signOutWait);
        });
        await Promise.race([revoke, wait]).catch(() => undefined);
        clearTimeout(timer);
      }
      user?.signOut();
      forget();
    },
  };
}
