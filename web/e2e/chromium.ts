/**
 * Debian's Chromium as the journeys and the bench drive it through playwright-core: one
 * path, one set of flags, one phone. A plain module (no test runner in it), so the bench
 * launches the browser the journeys test in.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core';

export const chromiumPath =
  process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** No sandbox or GPU on a build machine; no QUIC, sync, updates or background traffic. */
export const quietChromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with the quiet flags, and any others the caller needs. */
export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...quietChromiumFlags, ...extraFlags],
  });
}

/** A phone: 360×800, touch, Vietnamese, Viet Nam's time. */
export const phoneContext: BrowserContextOptions = {
  viewport: { width: 360, height: 800 },
  hasTouch: true,
  isMobile: true,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
};
