/**
 * Offline capture: what a delegation or a commune records with no signal reaches the
 * server exactly once, photos included. The app is opened online once (its service worker
 * keeps the shell, the pages read keep their last answer), then the network is cut: before
 * a reload, in the middle of a photo's upload, and while the token expires.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  appUrl,
  cameraPhoto,
  expectAccessible,
  newUser,
  sharedBrowser,
  tokenOf,
} from './browser.ts';

const browser = sharedBrowser();
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

/** Waits until the page's service worker controls it: the shell now opens offline. */
async function installed(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.locator('main h1').first().waitFor();
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

/** Back online: everything on the phone goes, and the header says nothing waits. */
async function reconnect(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(false);
  await expect.poll(() => pending(page), { timeout: 45_000 }).toBe('');
}

async function reportObstacle(page: Page, title: string, unit?: string) {
  await page.goto('/obstacles/new');
  if (unit) await page.getByLabel('Xã, phường').selectOption(unit);
  await page.getByLabel('Lĩnh vực').selectOption('facilities');
  await page.getByLabel('Tiêu đề').fill(title);
  await page.getByLabel('Mô tả').fill('Trụ sở mất điện hai ngày, máy phát không đủ tải.');
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
}

const attachmentsOf = (path: string, accountId: string) =>
  api<{ items: { fileName: string; size: number }[] }>(`${path}/attachments`, accountId);

describe('offline capture', () => {
  it('keeps a finding with its photo and an obstacle through reloads offline, then sends each exactly once', async () => {
    const { context, page } = await newUser(browser(), 'Đoàn kiểm tra', /Lê Tiến Châu/);
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
    await page.goto(visitPath);
    await installed(page);

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
    await page.locator('#finding-photos').setInputFiles(await cameraPhoto(page));
    await page.locator('form img.evidence').waitFor();
    await page.getByRole('button', { name: 'Lưu ghi nhận' }).click();
    await page.getByText('Đã lưu trên máy, sẽ gửi khi có mạng').first().waitFor();
    await expect.poll(() => pending(page)).toBe('2 mục chờ gửi');

    const title = `Mất điện trụ sở sau bão ${stamp}`;
    await reportObstacle(page, title, 'hong-an');
    await page.getByText('Đã lưu trên máy, sẽ gửi khi có mạng').first().waitFor();
    await expect.poll(() => pending(page)).toBe('3 mục chờ gửi');
    await expectAccessible(page, 'offline, three waiting');

    // A reload offline loses nothing.
    await page.reload();
    await page.locator('main h1').first().waitFor();
    await expect.poll(() => pending(page)).toBe('3 mục chờ gửi');

    await reconnect(context, page);
    const visit = await api<{
      groups: { findings: { id: string; text: string; obstacleId?: string }[] }[];
    }>(visitPath, 'delegation-le-tien-chau');
    const sent = visit.groups.flatMap((g) => g.findings).filter((f) => f.text === finding);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.obstacleId).toBeDefined();
    const photos = await attachmentsOf(
      `${visitPath}/findings/${sent[0]?.id}`,
      'delegation-le-tien-chau',
    );
    expect(photos.items).toHaveLength(1);
    expect(photos.items[0]?.fileName).toBe('IMG_2041.jpg');
    const obstacles = await api<{ items: { title: string }[] }>(
      `/obstacles?unitId=hong-an&q=${encodeURIComponent(stamp)}&limit=100`,
      'delegation-le-tien-chau',
    );
    expect(obstacles.items.filter((o) => o.title === title)).toHaveLength(1);
    // Another commune cannot read the finding's photo.
    const other = await fetch(`${appUrl}/api${visitPath}/findings/${sent[0]?.id}/attachments`, {
      headers: { Authorization: `Bearer ${await tokenOf('commune-an-phu')}` },
    });
    expect(other.status).toBe(404);
    await context.close();
  });

  it('sends a photo whose upload the connection cut once, and registers it once, never uploading it twice', async () => {
    const { context, page } = await newUser(browser(), 'Xã, phường', /Hồng An/);
    const title = `Phòng một cửa dột mái ${stamp}`;
    await reportObstacle(page, title);
    await page.getByRole('heading', { name: title }).waitFor();
    const obstaclePath = new URL(page.url()).pathname;
    await installed(page);

    // The bucket receives the file, and the connection drops before its answer arrives.
    const uploads: string[] = [];
    const stored: number[] = [];
    let cut: () => void = () => undefined;
    const wasCut = new Promise<void>((resolve) => {
      cut = resolve;
    });
    await page.route('**/local/s3/**', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      uploads.push(route.request().url());
      if (uploads.length > 1) return route.continue();
      stored.push((await route.fetch()).status());
      await context.setOffline(true);
      await route.abort('internetdisconnected');
      cut();
    });
    await page.getByLabel('Thêm ảnh hoặc tệp PDF').setInputFiles(await cameraPhoto(page));
    await wasCut;
    await expect.poll(() => pending(page), { timeout: 20_000 }).toBe('1 mục chờ gửi');
    await page.getByText('Chờ gửi').first().waitFor();

    await reconnect(context, page);
    await page.locator('main img.evidence').first().waitFor();
    expect(uploads).toHaveLength(1);
    expect(stored).toEqual([204]);
    const photos = await attachmentsOf(obstaclePath, 'commune-hong-an');
    expect(photos.items).toHaveLength(1);
    await context.close();
  });

  it('keeps what is recorded while the token expires offline, opens the app on the kept session, and sends it with a fresh token', async () => {
    const { context, page } = await newUser(browser(), 'Xã, phường', /Ái Quốc/);
    await page.goto('/obstacles/new');
    await page.getByLabel('Tiêu đề').waitFor();
    await installed(page);
    await context.setOffline(true);

    // The hour passes with no signal: the kept access token is now expired.
    await page.evaluate(() => {
      const key = 'thaogo.local-session';
      const kept = JSON.parse(localStorage.getItem(key) ?? '{}') as { accessToken: string };
      const [head, body, signature] = kept.accessToken.split('.');
      const json = (part: string) =>
        JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
      const encode = (value: unknown) =>
        btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const claims = { ...json(body ?? ''), exp: Math.floor(Date.now() / 1000) - 60 };
      kept.accessToken = `${head}.${encode(claims)}.${signature}`;
      localStorage.setItem(key, JSON.stringify(kept));
    });
    await page.reload();
    await page.getByLabel('Tiêu đề').waitFor();

    const title = `Máy tính bộ phận một cửa hỏng ${stamp}`;
    await reportObstacle(page, title);
    await page.getByText('Đã lưu trên máy, sẽ gửi khi có mạng').first().waitFor();
    await expect.poll(() => pending(page)).toBe('1 mục chờ gửi');

    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 401) refused.push(response.url());
    });
    await reconnect(context, page);
    expect(refused).toEqual([]);
    const obstacles = await api<{ items: { title: string }[] }>(
      `/obstacles?q=${encodeURIComponent(stamp)}&limit=100`,
      'commune-ai-quoc',
    );
    expect(obstacles.items.filter((o) => o.title === title)).toHaveLength(1);
    await context.close();
  });
});
