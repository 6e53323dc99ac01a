import { useEffect, useRef, useState } from 'preact/hooks';
import { lazy, useLocation } from 'preact-iso';
import { Loading, ProblemNotice, TextField } from '../../components/ui.tsx';
import type { LocalAccount } from '../../lib/auth/local.ts';
import type { SignInStep } from '../../lib/auth/port.ts';
import { useSession } from '../../lib/session.tsx';

const TotpQr = lazy(() => import('./totp-qr.tsx').then((m) => m.TotpQr));

const roleTitles: Record<LocalAccount['role'], string> = {
  commune: 'Xã, phường',
  'city-office': 'Cơ quan thành phố',
  delegation: 'Đoàn kiểm tra',
};

/** The demo accounts of `npm start`: one button each, grouped by role. */
function LocalAccounts({ onDone }: { onDone: () => void }) {
  const { auth, setSession } = useSession();
  const [accounts, setAccounts] = useState<LocalAccount[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('../../lib/auth/local.ts')
      .then((m) => m.listLocalAccounts())
      .then(setAccounts, setError);
  }, []);
  if (error) return <ProblemNotice error={error} />;
  if (!accounts) return <Loading what="Đang tải danh sách tài khoản…" />;
  return (
    <>
      <div class="notice">
        <p>
          <strong>Tài khoản thử nghiệm trên máy này.</strong> Bản triển khai thật đăng nhập bằng
          tên, mật khẩu và mã xác thực hai lớp.
        </p>
      </div>
      {(['commune', 'city-office', 'delegation'] as const).map((role) => (
        <section key={role} aria-labelledby={`accounts-${role}`}>
          <h2 id={`accounts-${role}`}>{roleTitles[role]}</h2>
          <div class="accounts">
            {accounts
              .filter((a) => a.role === role)
              .map((account) => (
                <button
                  type="button"
                  class="secondary"
                  key={account.id}
                  onClick={async () => {
                    try {
                      const step = await auth?.signIn(account.id, '');
                      if (step?.kind === 'signed-in') {
                        setSession(step.session);
                        onDone();
                      }
                    } catch (e) {
                      setError(e);
                    }
                  }}
                >
                  {account.label}
                </button>
              ))}
          </div>
        </section>
      ))}
    </>
  );
}

/** Cognito: user name and password (SRP), then whatever the pool asks next. */
function PasswordSignIn({ onDone }: { onDone: () => void }) {
  const { auth, setSession } = useSession();
  const [step, setStep] = useState<SignInStep | { kind: 'password' }>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const advance = async (next: Promise<SignInStep | undefined>) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await next;
      if (!answer) return;
      setSecret('');
      if (answer.kind === 'signed-in') {
        setSession(answer.session);
        onDone();
      } else setStep(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (!auth) return;
    if (step.kind === 'password') void advance(auth.signIn(username.trim(), secret));
    else if (step.kind !== 'signed-in') void advance(auth.answer(step.kind, secret.trim()));
  };

  return (
    <form onSubmit={submit} noValidate>
      <ProblemNotice error={error} />
      {step.kind === 'password' ? (
        <>
          <TextField
            name="username"
            label="Tên đăng nhập"
            autoComplete="username"
            value={username}
            onInput={setUsername}
          />
          <TextField
            name="password"
            label="Mật khẩu"
            type="password"
            autoComplete="current-password"
            value={secret}
            onInput={setSecret}
          />
        </>
      ) : null}
      {step.kind === 'new-password' ? (
        <TextField
          name="new-password"
          label="Mật khẩu mới"
          hint="Lần đăng nhập đầu tiên: đặt mật khẩu của riêng bạn (ít nhất 12 ký tự)."
          type="password"
          autoComplete="new-password"
          value={secret}
          onInput={setSecret}
        />
      ) : null}
      {step.kind === 'totp-setup' ? (
        <>
          <p>
            Quét mã bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), rồi
            nhập mã 6 số.
          </p>
          <TotpQr uri={step.uri} secret={step.secret} />
        </>
      ) : null}
      {step.kind === 'totp-setup' || step.kind === 'totp-code' ? (
        <TextField
          name="code"
          label="Mã xác thực 6 số"
          inputMode="numeric"
          autoComplete="one-time-code"
          class="narrow"
          value={secret}
          onInput={setSecret}
        />
      ) : null}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {step.kind === 'password' ? 'Đăng nhập' : 'Tiếp tục'}
        </button>
      </div>
    </form>
  );
}

export function SignIn() {
  const { auth, session } = useSession();
  const location = useLocation();
  const next =
    typeof location.query.next === 'string' && location.query.next.startsWith('/')
      ? location.query.next
      : '/';
  const done = () => location.route(next.startsWith('/sign-in') ? '/' : next, true);
  useEffect(() => {
    if (session) done();
  }, [session]);
  return (
    <>
      <h1>Đăng nhập</h1>
      <p>
        Theo dõi việc tháo gỡ khó khăn, vướng mắc sau các chuyến kiểm tra của lãnh đạo thành phố.
      </p>
      {!auth ? (
        <ProblemNotice error={new Error('Không tải được cấu hình đăng nhập. Tải lại trang.')} />
      ) : null}
      {auth?.mode === 'local' ? <LocalAccounts onDone={done} /> : null}
      {auth?.mode === 'cognito' ? <PasswordSignIn onDone={done} /> : null}
    </>
  );
}

/** After a 401: sign in again in a dialog over the screen, which keeps what was typed. */
export function SignInAgain() {
  const { auth } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} aria-labelledby="sign-in-again">
      <h2 id="sign-in-again">Phiên đăng nhập đã hết hạn</h2>
      <p>Đăng nhập lại để tiếp tục; những gì bạn đã nhập vẫn được giữ nguyên.</p>
      {auth?.mode === 'local' ? <LocalAccounts onDone={() => dialog.current?.close()} /> : null}
      {auth?.mode === 'cognito' ? <PasswordSignIn onDone={() => dialog.current?.close()} /> : null}
    </dialog>
  );
}
