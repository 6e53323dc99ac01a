/**
 * Offline capture: what a delegation records at a commune with no signal reaches the
 * server exactly once. The app is opened online once (its service worker keeps the shell,
 * the pages read keep their last answer), then the network is cut.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl, expectAccessible, launch, newUser, tokenOf } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);

async function api<T>(path: string, accountId: string): Promise<T> {
  const token = await tokenOf(accountId);
  const response = await fetch(`${appUrl}/api${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** What the header says waits on the phone ("" when nothing does). */
async function pending(page: Page): Promise<string> {
  return ((await page.locator('header [role="status"]').first().textContent()) ?? '').trim();
}

describe('offline capture', () => {
  it('keeps a finding and an obstacle recorded offline through reloads, then sends each exactly once', async () => {
    const { context, page } = await newUser(browser, 'Đoàn kiểm tra', /Lê Tiến Châu/);
    // Online first: a visit to Hồng An, the pages to be used offline, and the service worker.
    await page.goto('/visits/new');
    await page.getByRole('checkbox', { name: /Hồng An/ }).check();
    await page.getByLabel('Mục đích').fill(`Kiểm tra không có sóng ${stamp}`);
    await page.getByRole('button', { name: 'Lưu chuyến kiểm tra' }).click();
    await page.getByRole('heading', { name: /^Chuyến kiểm tra / }).waitFor();
    const visitPath = new URL(page.url()).pathname;
    await page.goto('/obstacles/new');
    await page
      .getByLabel('Xã, phường')
      .locator('option', { hasText: 'Hồng An' })
      .waitFor({ state: 'attached' });
    // The app registers its service worker itself.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.goto(visitPath);
    await page.getByRole('heading', { name: /^Chuyến kiểm tra / }).waitFor();
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: /^Chuyến kiểm tra / }).waitFor();
    await page
      .getByText(/đang ngoại tuyến/)
      .first()
      .waitFor();

    const finding = `Bộ phận một cửa chưa có máy lấy số ${stamp}`;
    await page.getByRole('radio', { name: 'Tồn tại, hạn chế' }).check();
    await page.getByLabel('Nội dung').fill(finding);
    await page.getByLabel('Lĩnh vực').selectOption('equipment');
    await page.getByRole('button', { name: 'Lưu ghi nhận' }).click();
    await page.getByText('Đã lưu trên máy, sẽ gửi khi có mạng').first().waitFor();
    await expect.poll(() => pending(page)).toBe('1 mục chờ gửi');

    const title = `Mất điện trụ sở sau bão ${stamp}`;
    await page.goto('/obstacles/new');
    await page.getByLabel('Xã, phường').selectOption('hong-an');
    await page.getByLabel('Lĩnh vực').selectOption('facilities');
    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByLabel('Mô tả').fill('Trụ sở mất điện hai ngày, máy phát không đủ tải.');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByText('Đã lưu trên máy, sẽ gửi khi có mạng').first().waitFor();
    await expect.poll(() => pending(page)).toBe('2 mục chờ gửi');
    await expectAccessible(page, 'offline, two waiting');

    // A reload offline loses nothing.
    await page.reload();
    await page.locator('main h1').first().waitFor();
    await expect.poll(() => pending(page)).toBe('2 mục chờ gửi');

    await context.setOffline(false);
    await expect.poll(() => pending(page), { timeout: 30_000 }).toBe('');

    const visit = await api<{ groups: { findings: { text: string; obstacleId?: string }[] }[] }>(
      visitPath,
      'delegation-le-tien-chau',
    );
    const sent = visit.groups.flatMap((g) => g.findings).filter((f) => f.text === finding);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.obstacleId).toBeDefined();
    const obstacles = await api<{ items: { title: string }[] }>(
      `/obstacles?unitId=hong-an&q=${encodeURIComponent(stamp)}&limit=100`,
      'delegation-le-tien-chau',
    );
    expect(obstacles.items.filter((o) => o.title === title)).toHaveLength(1);
    await context.close();
  });
});
