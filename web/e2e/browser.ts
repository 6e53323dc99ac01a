/** Debian's Chromium driven by playwright-core, a signed-in page per user, and axe on each screen. */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { repoRoot } from '#infra/paths.ts';
import { launchChromium, phoneContext } from './chromium.ts';

export const appUrl = inject('appUrl');

export const launch = (): Promise<Browser> => launchChromium();

/** One Chromium for a test file: launched before its tests, closed after them. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('The browser is launched before the tests');
    return browser;
  };
}

/** A phone (360×800, touch, Vietnamese, Viet Nam's time) on the local server. */
export async function phone(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ ...phoneContext, baseURL: appUrl });
  context.setDefaultTimeout(15_000);
  return context;
}

export type AccountGroup = 'Xã, phường' | 'Cơ quan thành phố' | 'Đoàn kiểm tra';

/** Signs in on the sign-in page with a local demo account, and waits for the home. */
export async function signIn(page: Page, group: AccountGroup, account: RegExp): Promise<void> {
  await page.goto('/sign-in');
  await page
    .getByRole('region', { name: group })
    .getByRole('button', { name: account })
    .first()
    .click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await expect.poll(() => page.locator('main h1').count()).toBeGreaterThan(0);
}

export async function newUser(browser: Browser, group: AccountGroup, account: RegExp) {
  const context = await phone(browser);
  const page = await context.newPage();
  await signIn(page, group, account);
  return { context, page };
}

/** No serious or critical WCAG 2.1 AA violation on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.locator('main h1').first().waitFor();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${screen}`).toEqual([]);
}

/** No horizontal scrolling at the phone's width. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(repoRoot, 'docs/screenshots', `${name}.png`) });
}

/** A token for a local demo account, for arranging data through the API. */
export async function tokenOf(accountId: string): Promise<string> {
  const response = await fetch(`${appUrl}/local/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: accountId }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export { cameraPhoto } from './camera.ts';
