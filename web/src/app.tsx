import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso';
import {
  confirmSignOut,
  OfflineBanner,
  OutboxPanel,
  OutboxStatus,
} from './components/outbox-status.tsx';
import { Loading } from './components/ui.tsx';
import { SignIn, SignInAgain } from './features/auth/sign-in.tsx';
import type { Role } from './lib/auth/port.ts';
import { SessionProvider, useSession } from './lib/session.tsx';

const Home = lazy(() => import('./features/home/home.tsx').then((m) => m.Home));
const ObstacleList = lazy(() =>
  import('./features/obstacles/list.tsx').then((m) => m.ObstacleList),
);
const ObstacleNew = lazy(() => import('./features/obstacles/new.tsx').then((m) => m.ObstacleNew));
const ObstaclePage = lazy(() =>
  import('./features/obstacles/page.tsx').then((m) => m.ObstaclePage),
);
const TaskList = lazy(() => import('./features/tasks/list.tsx').then((m) => m.TaskList));
const TaskPage = lazy(() => import('./features/tasks/page.tsx').then((m) => m.TaskPage));
const VisitList = lazy(() => import('./features/visits/list.tsx').then((m) => m.VisitList));
const VisitNew = lazy(() => import('./features/visits/new.tsx').then((m) => m.VisitNew));
const VisitPage = lazy(() => import('./features/visits/page.tsx').then((m) => m.VisitPage));
const UnitPage = lazy(() => import('./features/units/page.tsx').then((m) => m.UnitPage));
const Dossier = lazy(() => import('./features/dossiers/dossier.tsx').then((m) => m.Dossier));
const Scorecard = lazy(() => import('./features/scorecard/scorecard.tsx').then((m) => m.Scorecard));
const DigestList = lazy(() => import('./features/digests/digests.tsx').then((m) => m.DigestList));
const DigestPage = lazy(() => import('./features/digests/digests.tsx').then((m) => m.DigestPage));

const all: Role[] = ['commune', 'city-office', 'delegation'];

interface Screen {
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: each screen takes its own route params
  component: ComponentType<any>;
  roles: Role[];
  /** In the navigation, with this label, for these roles. */
  nav?: string;
}

/** Every screen, who may open it and what the navigation calls it: one table. */
export const screens: Screen[] = [
  { path: '/', component: Home, roles: all },
  { path: '/visits', component: VisitList, roles: ['delegation'], nav: 'Chuyến kiểm tra' },
  { path: '/visits/new', component: VisitNew, roles: ['delegation'] },
  { path: '/visits/:visitId', component: VisitPage, roles: all },
  { path: '/obstacles', component: ObstacleList, roles: all, nav: 'Khó khăn' },
  { path: '/obstacles/new', component: ObstacleNew, roles: ['commune', 'delegation'] },
  { path: '/obstacles/:id', component: ObstaclePage, roles: all },
  { path: '/tasks', component: TaskList, roles: all, nav: 'Nhiệm vụ' },
  { path: '/tasks/:id', component: TaskPage, roles: all },
  { path: '/dossier', component: Dossier, roles: ['commune'], nav: 'Họp cuối ngày' },
  { path: '/units/:unitId', component: UnitPage, roles: all },
  {
    path: '/scorecard',
    component: Scorecard,
    roles: ['city-office', 'delegation'],
    nav: 'Xếp hạng',
  },
  { path: '/digests', component: DigestList, roles: all, nav: 'Bản tin' },
  { path: '/digests/:id', component: DigestPage, roles: all },
];

const homeLabels: Record<Role, string> = {
  commune: 'Trang chính',
  'city-office': 'Việc cần xử lý',
  delegation: 'Trang chính',
};

function NotFound() {
  return (
    <>
      <h1>Không tìm thấy</h1>
      <p>Trang này không có, hoặc không thuộc phạm vi tài khoản của bạn.</p>
      <p>
        <a href="/">Về trang chính</a>
      </p>
    </>
  );
}

function Navigation({ role }: { role: Role }) {
  const { path } = useLocation();
  const items: [string, string][] = [
    ['/', homeLabels[role]],
    ...screens
      .filter((s) => s.nav && s.roles.includes(role))
      .map((s): [string, string] => [s.path, s.nav ?? '']),
  ];
  return (
    <nav class="main" aria-label="Chức năng">
      <ul>
        {items.map(([href, label]) => (
          <li key={href}>
            <a
              href={href}
              aria-current={
                (href === '/' ? path === '/' : path.startsWith(href)) ? 'page' : undefined
              }
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Shell() {
  const { session, ready, signOut, expired } = useSession();
  const location = useLocation();

  useEffect(() => {
    if (ready && !session && location.path !== '/sign-in') {
      location.route(`/sign-in?next=${encodeURIComponent(location.url)}`, true);
    }
  }, [ready, session, location.url]);

  useEffect(() => {
    // A new screen: its title is what a screen reader announces first.
    document.querySelector('main h1')?.closest('main')?.focus({ preventScroll: true });
  }, [location.path]);

  if (!ready) return <Loading />;
  const role = session?.role;
  return (
    <>
      <a class="skip" href="#content">
        Bỏ qua, đến nội dung chính
      </a>
      <header class="top">
        <div class="bar">
          <a class="brand" href="/">
            Tháo gỡ
          </a>
          <OutboxStatus signedIn={Boolean(session)} />
          {session ? (
            <span class="who">
              {session.name}{' '}
              <button
                type="button"
                class="link"
                onClick={async () => {
                  // What is not sent yet goes with the session: the user says so first.
                  if (!(await confirmSignOut())) return;
                  await signOut();
                  location.route('/sign-in');
                }}
              >
                Đăng xuất
              </button>
            </span>
          ) : null}
        </div>
      </header>
      {role ? <Navigation role={role} /> : null}
      <main id="content" tabIndex={-1}>
        {session ? <OutboxPanel signedIn /> : null}
        <OfflineBanner />
        <ErrorBoundary>
          <Router>
            <Route path="/sign-in" component={SignIn} />
            {session
              ? screens.map((s) =>
                  s.roles.includes(session.role) ? (
                    <Route key={s.path} path={s.path} component={s.component as ComponentType} />
                  ) : (
                    <Route key={s.path} path={s.path} component={NotFound} />
                  ),
                )
              : []}
            <Route default component={session ? NotFound : () => <Loading />} />
          </Router>
        </ErrorBoundary>
      </main>
      {session && expired ? <SignInAgain /> : null}
    </>
  );
}

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </LocationProvider>
  );
}
