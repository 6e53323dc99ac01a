/**
 * Lighthouse (mobile, simulated throttling, its defaults) on the built app served by the
 * local runtime: the sign-in page, then each role's home signed in as the app's local
 * adapter signs in. One Chromium of our own, a fresh profile, closed at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { freePort } from '#infra/local/dynamodb-local.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { launchChromium } from '../web/e2e/chromium.ts';
import type { Figure } from './report.ts';

const section = 'web';
/** Runs per page; the one of median performance is reported. */
const runs = 3;
const resultsDir = resolve(import.meta.dirname, 'results', 'lighthouse');
/** Where the app's local adapter keeps its session (web/src/lib/auth/local.ts). */
const sessionKey = 'thaogo.local-session';

const categories = [
  { id: 'performance', label: 'performance', target: 90 },
  { id: 'accessibility', label: 'accessibility', target: 95 },
  { id: 'best-practices', label: 'best practices', target: 95 },
] as const;

type Role = 'commune' | 'city-office' | 'delegation';
interface Page {
  name: string;
  path: string;
  role?: Role;
}
const pages: Page[] = [
  { name: 'sign-in page', path: '/sign-in' },
  { name: 'commune home', path: '/', role: 'commune' },
  { name: 'city-office home', path: '/', role: 'city-office' },
  { name: 'delegation home', path: '/', role: 'delegation' },
];
/** The demo accounts of `npm start`, when /local/accounts still lists them. */
const preferred: Record<Role, string> = {
  commune: 'commune-nguyen-giap',
  'city-office': 'city-office-van-phong-thanh-uy',
  delegation: 'delegation-le-tien-chau',
};

interface Chromium {
  /** Its DevTools port, where Lighthouse connects. */
  port: number;
  stop(): Promise<void>;
}

/**
 * Playwright starts and ends the browser (a fresh profile of its own, removed at close);
 * Lighthouse opens its pages in the default profile, which Playwright leaves alone.
 */
async function launchLighthouseChromium(): Promise<Chromium> {
  const port = await freePort();
  const browser = await launchChromium([`--remote-debugging-port=${port}`]);
  return { port, stop: () => browser.close() };
}

interface Account {
  id: string;
  role: string;
}

/**
 * Signed in as the local adapter signs in: a token from POST /local/sign-in, stored under
 * its key in the origin's localStorage, set from a same-origin page that is not the app so
 * nothing of the app is cached. The HTTP cache is emptied too: Lighthouse, told to keep
 * the storage, keeps the cache as well.
 */
async function signIn(chrome: Chromium, origin: string, accountId: string): Promise<void> {
  const answer = await fetch(`${origin}/local/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: accountId }),
  });
  if (!answer.ok) throw new Error(`POST /local/sign-in ${accountId}: ${answer.status}`);
  const { accessToken } = (await answer.json()) as { accessToken: string };
  const value = JSON.stringify({ accountId, accessToken });
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  try {
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium has no default profile to sign in.');
    const page = await context.newPage();
    await page.goto(`${origin}/config.json`);
    await page.evaluate(({ key, stored }) => localStorage.setItem(key, stored), {
      key: sessionKey,
      stored: value,
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    await page.close();
  } finally {
    // Connected over CDP: this disconnects and leaves the browser and its profile as they are.
    await browser.close();
  }
}

const seconds = (value: number | undefined) =>
  value === undefined ? '?' : `${(value / 1000).toFixed(1)} s`;
const score = (lhr: Result, id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);

/** The audits that cost the category points: which, their score, and the elements named. */
function failingAudits(lhr: Result, categoryId: string): string[] {
  const lines: string[] = [];
  for (const ref of lhr.categories[categoryId]?.auditRefs ?? []) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null || audit.score >= (categoryId === 'performance' ? 0.9 : 1))
      continue;
    if (categoryId !== 'performance' && ref.weight === 0) continue;
    const items = (audit.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
    const where = items
      .flatMap((item) => {
        const node = item.node as { selector?: string; snippet?: string } | undefined;
        if (node?.selector) return [node.selector];
        if (typeof item.url === 'string') return [item.url];
        if (typeof item.description === 'string') return [item.description];
        return [];
      })
      .slice(0, 5);
    lines.push(
      `${categoryId}: ${ref.id} (${audit.displayValue ?? `score ${audit.score}`}) ${audit.title}${where.length ? ` — ${where.join('; ')}` : ''}`,
    );
  }
  return lines;
}

/** The requests to the API the page made while it loaded (Lighthouse's network-requests). */
function apiRequests(lhr: Result, origin: string): string[] {
  const details = lhr.audits['network-requests']?.details as
    | { items?: { url?: string; requestMethod?: string }[] }
    | undefined;
  return (details?.items ?? []).flatMap(({ url, requestMethod }) => {
    if (!url?.startsWith(origin)) return [];
    const { pathname, search } = new URL(url);
    return pathname === '/api' || pathname.startsWith('/api/')
      ? [`${requestMethod ?? 'GET'} ${pathname}${search}`]
      : [];
  });
}

/** One Lighthouse run on a page, signed in first when the page is a role's home. */
async function audit(
  chrome: Chromium,
  origin: string,
  page: Page,
  accountId: string | undefined,
): Promise<Result> {
  if (accountId) await signIn(chrome, origin, accountId);
  const flags: Flags = {
    port: chrome.port,
    hostname: '127.0.0.1',
    output: 'json',
    logLevel: 'error',
    onlyCategories: categories.map((c) => c.id),
    // Signed in: the session the page restores is in localStorage.
    disableStorageReset: accountId !== undefined,
  };
  const result = await lighthouse(`${origin}${page.path}`, flags);
  if (!result) throw new Error(`Lighthouse returned nothing for ${page.name}.`);
  const { lhr } = result;
  if (lhr.runtimeError) {
    throw new Error(
      `Lighthouse on ${page.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`,
    );
  }
  return lhr;
}

export async function benchLighthouse(
  distDir: string,
  progress: (line: string) => void,
): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-bench-web-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  let runtime: Awaited<ReturnType<typeof startLocalRuntime>> | undefined;
  let chrome: Chromium | undefined;
  const figures: Figure[] = [];
  try {
    progress('Web: starting the local runtime (in memory) and Chromium…');
    runtime = await startLocalRuntime({ dataDir, port: 0, inMemory: true, distDir });
    chrome = await launchLighthouseChromium();
    const origin = runtime.api.origin;
    const accounts = (
      (await (await fetch(`${origin}/local/accounts`)).json()) as { items: Account[] }
    ).items;
    mkdirSync(resultsDir, { recursive: true });

    // Unmeasured: a fresh Chromium and freshly loaded handlers are slower on their first page.
    progress('Lighthouse: a warm-up run on the sign-in page…');
    await audit(chrome, origin, pages[0] as Page, undefined);

    for (const page of pages) {
      let accountId: string | undefined;
      if (page.role) {
        const role = page.role;
        accountId =
          accounts.find((a) => a.id === preferred[role])?.id ??
          accounts.find((a) => a.role === role)?.id;
        if (!accountId) throw new Error(`/local/accounts lists no ${role} account.`);
      }
      const lhrs: Result[] = [];
      for (let run = 1; run <= runs; run++) {
        progress(
          `Lighthouse: ${page.name}${accountId ? ` (${accountId})` : ''}, run ${run} of ${runs}…`,
        );
        const lhr = await audit(chrome, origin, page, accountId);
        lhrs.push(lhr);
        progress(`Lighthouse: ${page.name}… ${categories.map((c) => score(lhr, c.id)).join('/')}`);
      }
      // The run of median performance, as Lighthouse's own advice on variability has it.
      const sorted = [...lhrs].sort((a, b) => score(a, 'performance') - score(b, 'performance'));
      const lhr = sorted[Math.floor(sorted.length / 2)] as Result;
      writeFileSync(
        join(resultsDir, `${page.name.replace(/\W+/g, '-')}.json`),
        JSON.stringify(lhr, null, 1),
      );
      const scores = categories.map((c) => score(lhr, c.id));
      progress(
        `Lighthouse: ${page.name}, median run… ${scores.join('/')} (performance ${lhrs.map((l) => score(l, 'performance')).join(', ')}; this machine's CPU benchmark ${Math.round(lhr.environment.benchmarkIndex)})`,
      );
      const failing = categories.flatMap((c) => failingAudits(lhr, c.id));
      for (const line of failing) progress(`  ${line}`);
      const errored = Object.entries(lhr.audits)
        .filter(([, a]) => a.scoreDisplayMode === 'error')
        .map(([id]) => id);
      if (errored.length) progress(`  audits that could not run: ${errored.join(', ')}`);
      if (lhr.runWarnings.length) progress(`  warnings: ${lhr.runWarnings.join(' | ')}`);

      categories.forEach((category, i) => {
        const value = scores[i] as number;
        figures.push({
          section,
          name: `Lighthouse ${category.label}, ${page.name} (mobile)`,
          measured: String(value),
          value,
          target: `≥ ${category.target}`,
          pass: value >= category.target,
          detail: Object.fromEntries(
            failingAudits(lhr, category.id).map((line, n) => [`failing ${n + 1}`, line]),
          ),
        });
      });
      const api = apiRequests(lhr, origin);
      if (api.length) progress(`  /api while loading: ${api.join(', ')}`);
      figures.push({
        section,
        name: `requests to /api while loading, ${page.name}`,
        measured: String(api.length),
        value: api.length,
        detail: Object.fromEntries(api.map((line, n) => [`request ${n + 1}`, line])),
      });
      const lcp = lhr.audits['largest-contentful-paint']?.numericValue;
      const tbt = lhr.audits['total-blocking-time']?.numericValue;
      const cls = lhr.audits['cumulative-layout-shift']?.numericValue;
      figures.push({
        section,
        name: `LCP / TBT / CLS, ${page.name} (simulated mobile)`,
        measured: `${seconds(lcp)} / ${Math.round(tbt ?? 0)} ms / ${(cls ?? 0).toFixed(2)}`,
        value: lcp ?? 0,
        detail: {
          lcpMs: Math.round(lcp ?? 0),
          tbtMs: Math.round(tbt ?? 0),
          cls: Number((cls ?? 0).toFixed(3)),
          performanceOfEachRun: lhrs.map((l) => score(l, 'performance')).join(', '),
          // Lighthouse's measure of the CPU it ran on: the lower, the more TBT on its 4× slowdown.
          benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
        },
      });
    }
  } finally {
    await chrome?.stop();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
