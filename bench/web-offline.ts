/**
 * Section `offline`: the installed app opened with no network, beside the same opening
 * with it. A commune (An Phú) signs in on a phone and opens its home once online, so the
 * service worker installs and precaches the shell and the home's reads are kept on the
 * phone; then the home is reloaded, online and offline in turn, and timed from the reload
 * to a usable home (its heading and the counts of both its lists). Offline, the shell
 * comes from the precache and the reads from the kept answers, under "Dữ liệu lúc …".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { launchChromium, phoneContext } from '../web/e2e/chromium.ts';
import { type Figure, median, ms, ratio } from './report.ts';
import { buildApp, outDir } from './web.ts';

const section = 'offline';
/** Measured reloads of each kind. */
const rounds = 7;
/** The commune account the home is opened as, on the sign-in page. */
const commune = /An Phú/;

/** The commune home is usable once its heading and the counts of its two lists show. */
async function homeUsable(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.getByRole('heading', { level: 2, name: /^Nhiệm vụ được giao \(\d+\)$/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: /^Khó khăn đang theo dõi \(\d+\)$/ }).waitFor();
}

/** The banner over answers kept on the phone (web/src/components/outbox-status.tsx). */
const keptBanner = (page: Page) => page.getByText(/^Dữ liệu lúc .*\(đang ngoại tuyến\)$/);

/**
 * One reload, online or not, timed to a usable home; then checked to show what it should:
 * the kept answers and their time offline, the server's answers online.
 */
async function reloadToHome(page: Page, offline: boolean): Promise<number> {
  await page.context().setOffline(offline);
  const start = performance.now();
  await page.reload({ waitUntil: 'commit' });
  await homeUsable(page);
  const elapsed = performance.now() - start;
  if (offline) {
    await keptBanner(page).waitFor({ timeout: 5_000 });
  } else if (await keptBanner(page).count()) {
    throw new Error('Online, the home showed the answers kept on the phone.');
  }
  return elapsed;
}

const spread = (values: readonly number[]) =>
  `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms`;

export async function benchOffline(progress: (line: string) => void): Promise<Figure[]> {
  progress('offline: building the app…');
  await buildApp();
  const dataDir = mkdtempSync(join(tmpdir(), 'thaogo-bench-offline-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  let runtime: Awaited<ReturnType<typeof startLocalRuntime>> | undefined;
  const browser = await launchChromium();
  try {
    progress('offline: starting the local runtime (in memory)…');
    runtime = await startLocalRuntime({ dataDir, port: 0, inMemory: true, distDir: outDir });
    const context = await browser.newContext({ ...phoneContext, baseURL: runtime.api.origin });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();

    progress('offline: signing in as a commune and installing the service worker…');
    await page.goto('/sign-in');
    await page
      .getByRole('region', { name: 'Xã, phường' })
      .getByRole('button', { name: commune })
      .first()
      .click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await homeUsable(page);
    const heading = (await page.locator('main h1').first().textContent())?.trim() ?? '';
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Unmeasured: the first reload under the worker, and a first one without the network,
    // which proves the home opens offline before anything is timed.
    await reloadToHome(page, false);
    await reloadToHome(page, true);

    const times = { online: [] as number[], offline: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      // Alternating which goes first, so a machine growing busier weighs on both alike.
      const order = round % 2 ? [true, false] : [false, true];
      for (const offline of order) {
        const elapsed = await reloadToHome(page, offline);
        times[offline ? 'offline' : 'online'].push(elapsed);
      }
      progress(
        `offline: round ${round + 1} of ${rounds}: online ${Math.round(times.online.at(-1) ?? 0)} ms, offline ${Math.round(times.offline.at(-1) ?? 0)} ms`,
      );
    }
    await context.close();

    const online = median(times.online);
    const offline = median(times.offline);
    const detail = (values: number[]) => ({
      medianMs: Math.round(values.length ? median(values) : 0),
      runsMs: values.map(Math.round).join(', '),
      account: heading,
    });
    return [
      {
        section,
        name: `reload to a usable commune home, online (median of ${rounds}, ${spread(times.online)})`,
        measured: ms(online),
        value: online,
        detail: detail(times.online),
      },
      {
        section,
        name: `reload to a usable commune home, offline: precached shell, kept reads (median of ${rounds}, ${spread(times.offline)})`,
        measured: ms(offline),
        value: offline,
        detail: detail(times.offline),
      },
      {
        section,
        name: 'offline over online, the same reload side by side',
        measured: ratio(offline / online),
        value: offline / online,
        detail: { onlineMs: Math.round(online), offlineMs: Math.round(offline) },
      },
    ];
  } finally {
    await browser.close();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
