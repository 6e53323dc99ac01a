/**
 * The app as its users work it, in Debian's Chromium at a phone's size, against the local
 * server (app and API on one port) and a fresh DynamoDB Local. Axe checks every screen the
 * journeys visit.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUrl,
  cameraPhoto,
  expectAccessible,
  expectNoSideScroll,
  launch,
  newUser,
  phone,
  screenshot,
  tokenOf,
} from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);

/** An obstacle reported through the API by a commune's demo account: its id. */
async function report(accountId: string, title: string): Promise<string> {
  const token = await tokenOf(accountId);
  const response = await fetch(`${appUrl}/api/obstacles`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `e2e-${accountId}-${stamp}`,
    },
    body: JSON.stringify({
      category: 'roads',
      title,
      description: 'Đoạn 300 m sụt lún sau mưa.',
      severity: 'high',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** An action that asks what was done: its button opens the note, the same button sends it. */
async function actWithNote(page: Page, action: string, note: string) {
  await page.getByRole('button', { name: action }).click();
  await page.getByLabel('Nội dung đã thực hiện').fill(note);
  await page.getByRole('button', { name: action }).click();
}

async function open(page: Page, link: RegExp | string) {
  await page.getByRole('link', { name: link }).first().click();
  await page.locator('main h1').first().waitFor();
}

describe('the sign-in page and each role home', () => {
  it('shows the local accounts in Vietnamese, and each lands on its role home (screenshots at 360×800)', async () => {
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Đăng nhập');
    await page.getByRole('region', { name: 'Xã, phường' }).getByRole('button').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expectAccessible(page, 'sign-in');
    await expectNoSideScroll(page);
    await screenshot(page, 'sign-in');
    await context.close();

    const homes = [
      ['Xã, phường', /Nguyên Giáp/, 'commune-home', 'Nhiệm vụ được giao'],
      ['Cơ quan thành phố', /Văn phòng Thành ủy/, 'city-office-home', 'Khó khăn mới cần tiếp nhận'],
      ['Đoàn kiểm tra', /Lê Tiến Châu/, 'delegation-home', 'Chuyến kiểm tra gần đây'],
    ] as const;
    for (const [group, account, name, section] of homes) {
      const user = await newUser(browser, group, account);
      await user.page.getByRole('heading', { name: new RegExp(section) }).waitFor();
      await user.page
        .locator('.loading')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      await expectAccessible(user.page, name);
      await expectNoSideScroll(user.page);
      await screenshot(user.page, name);
      await user.context.close();
    }
  });
});

describe('journey 1: an obstacle from report to verified', () => {
  it('Nguyên Giáp reports, the office acknowledges, the commune resolves, the office verifies, history shows each step', async () => {
    const commune = await newUser(browser, 'Xã, phường', /Nguyên Giáp/);
    const office = await newUser(browser, 'Cơ quan thành phố', /Văn phòng Thành ủy/);
    const title = `Thiếu máy scan hồ sơ ${stamp}`;

    await open(commune.page, 'Báo cáo khó khăn');
    await expectAccessible(commune.page, 'report obstacle');
    await commune.page.getByLabel('Lĩnh vực').selectOption('equipment');
    await commune.page.getByLabel('Tiêu đề').fill(title);
    await commune.page
      .getByLabel('Mô tả')
      .fill('Trung tâm phục vụ hành chính công chỉ có một máy scan.');
    await commune.page.getByLabel('Mức độ').selectOption('high');
    await commune.page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await commune.page.getByRole('heading', { name: title }).waitFor();
    const obstaclePath = new URL(commune.page.url()).pathname;
    expect(obstaclePath).toMatch(/^\/obstacles\/[0-9A-Z]{26}$/);
    await expectAccessible(commune.page, 'obstacle (commune)');

    await office.page.reload();
    await office.page.getByRole('link', { name: title }).click();
    await office.page.getByRole('heading', { name: title }).waitFor();
    await expectAccessible(office.page, 'obstacle (office)');
    await office.page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await office.page.getByText('Đã tiếp nhận').first().waitFor();

    await commune.page.reload();
    await commune.page.getByRole('button', { name: 'Bắt đầu xử lý' }).click();
    await commune.page.getByText('Đang xử lý').first().waitFor();
    // Equipment: the resolution is shown, not only told (the evidence rule).
    await commune.page
      .getByLabel('Thêm ảnh hoặc tệp PDF')
      .setInputFiles(await cameraPhoto(commune.page));
    await commune.page.locator('main img.evidence').first().waitFor();
    await actWithNote(
      commune.page,
      'Đề nghị xác nhận đã tháo gỡ',
      'Đã nhận máy scan thứ hai từ Sở Khoa học và Công nghệ.',
    );
    await commune.page.locator('main').getByText('Đã nhận máy scan thứ hai').first().waitFor();

    await office.page.goto('/');
    await office.page.getByRole('link', { name: title }).click();
    const photo = office.page.locator('main img.evidence').first();
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await office.page.getByRole('button', { name: 'Xác nhận đã tháo gỡ' }).click();
    await office.page.getByText('Đã tháo gỡ (đã xác nhận)').first().waitFor();
    // The photo's address answers its own commune, and 404 to another, as the obstacle does.
    const asCommune = async (accountId: string, path: string) =>
      fetch(`${appUrl}/api${path}`, {
        headers: { Authorization: `Bearer ${await tokenOf(accountId)}` },
      });
    const files = (await (
      await asCommune('commune-nguyen-giap', `${obstaclePath}/attachments`)
    ).json()) as { items: { id: string }[] };
    expect(files.items).toHaveLength(1);
    const address = `${obstaclePath}/attachments/${files.items[0]?.id}`;
    expect((await asCommune('commune-nguyen-giap', address)).status).toBe(200);
    expect((await asCommune('commune-an-phu', address)).status).toBe(404);

    await commune.page.reload();
    await commune.page.getByText('Đã tháo gỡ (đã xác nhận)').first().waitFor();
    const history = commune.page.locator('ol.history li');
    await expect.poll(() => history.count()).toBe(6);
    const steps = await history.allTextContents();
    expect(steps.map((s) => s.split(':')[0])).toEqual([
      'Báo cáo',
      'Tiếp nhận',
      'Bắt đầu xử lý',
      'Thêm ảnh, tài liệu minh chứng',
      'Đề nghị xác nhận đã tháo gỡ',
      'Xác nhận đã tháo gỡ',
    ]);
    await commune.context.close();
    await office.context.close();
  });
});

describe('journey 2: a visit to An Lão, its concern and directive, to done', () => {
  it('logs the visit, opens an obstacle from a concern, records a directive in at most 6 interactions, and follows it to verified', async () => {
    const delegation = await newUser(browser, 'Đoàn kiểm tra', /Lê Tiến Châu/);
    const p = delegation.page;
    await open(p, 'Ghi chuyến kiểm tra');
    await expectAccessible(p, 'new visit');
    await p.getByRole('checkbox', { name: /An Lão/ }).check();
    await p.getByLabel('Mục đích').fill(`Kiểm tra vận hành chính quyền hai cấp ${stamp}`);
    await p.getByRole('button', { name: 'Lưu chuyến kiểm tra' }).click();
    await p.getByRole('heading', { name: /^Chuyến kiểm tra \d{2}\/\d{2}\/\d{4}$/ }).waitFor();
    await expectAccessible(p, 'visit page');

    // A concern, which opens an obstacle for An Lão.
    await p.getByRole('radio', { name: 'Tồn tại, hạn chế' }).check();
    await p.getByLabel('Nội dung').fill('Trụ sở xuống cấp, phòng tiếp dân chật.');
    await p.getByLabel('Lĩnh vực').selectOption('facilities');
    await p.getByRole('button', { name: 'Lưu ghi nhận' }).click();
    await p.getByRole('link', { name: 'Trụ sở xuống cấp, phòng tiếp dân chật.' }).waitFor();

    // The directive, counted: every tap, choice and field typed.
    let interactions = 0;
    const count = async <T>(action: Promise<T>) => {
      interactions += 1;
      return action;
    };
    const directive = `Bố trí phòng tiếp dân tạm thời ${stamp}`;
    await count(p.getByRole('radio', { name: 'Chỉ đạo' }).check());
    await count(p.getByLabel('Nội dung').fill(directive));
    await count(p.getByLabel('Hạn hoàn thành (số ngày làm việc)').fill('5'));
    await count(p.getByRole('button', { name: 'Lưu ghi nhận' }).click());
    await p.getByRole('link', { name: directive }).waitFor();
    expect(interactions).toBeLessThanOrEqual(6);
    const visitPath = new URL(p.url()).pathname;

    // An Lão sees the task due in 5 working days, and completes it.
    const anLao = await newUser(browser, 'Xã, phường', /An Lão/);
    const task = anLao.page.getByRole('link', { name: directive });
    await task.waitFor();
    await expect.poll(() => task.locator('..').textContent()).toMatch(/còn 5 ngày làm việc/);
    await task.click();
    await expectAccessible(anLao.page, 'task (commune)');
    await anLao.page.getByRole('button', { name: 'Bắt đầu thực hiện' }).click();
    await anLao.page.getByText('Đang thực hiện').first().waitFor();
    await actWithNote(
      anLao.page,
      'Báo cáo hoàn thành',
      'Đã bố trí phòng tiếp dân tạm tại nhà văn hóa.',
    );
    await anLao.page.getByText('Đã hoàn thành (chờ xác nhận)').first().waitFor();

    // The delegation verifies; the visit's roll-up says done.
    await p.goto(visitPath);
    await p.getByRole('link', { name: directive }).click();
    await expectAccessible(p, 'task (delegation)');
    await p.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
    await p.getByText('Đã xác nhận hoàn thành').first().waitFor();
    await p.goto(visitPath);
    await expect
      .poll(() => p.locator('#rollup').textContent())
      .toMatch(/1 chỉ đạo: 1 đã xác nhận hoàn thành/);
    await delegation.context.close();
    await anLao.context.close();
  });
});

describe('journey 3: the day’s dossier figures', () => {
  it('refuses a typing mistake on its field, keeps the figures through a new sign-in, takes them, and the office sees the scorecard', async () => {
    const commune = await newUser(browser, 'Xã, phường', /Nguyên Giáp/);
    const p = commune.page;
    await open(p, 'Họp cuối ngày');
    await expectAccessible(p, 'end-of-day');
    await p.getByLabel('Hồ sơ tiếp nhận trong ngày').fill('4O');
    await p.getByLabel('Hồ sơ đã giải quyết').fill('35');
    await p.getByLabel('Trong đó, giải quyết đúng hạn').fill('33');
    await p.getByLabel('Hồ sơ quá hạn còn tồn cuối ngày').fill('1');
    await p.getByRole('button', { name: 'Gửi số liệu' }).click();
    const field = p.getByLabel('Hồ sơ tiếp nhận trong ngày');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await p.getByRole('link', { name: /Hồ sơ tiếp nhận trong ngày/ }).waitFor();
    await expectAccessible(p, 'end-of-day with an error');
    await field.fill('40');
    // The server refuses the token once (it expired meanwhile): a dialog asks to sign in
    // again over the form, and what was typed is still there afterwards.
    await p.route('**/api/units/*/dossier-reports/*', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Authentication required',
          status: 401,
        }),
      }),
    );
    // The dialog lists the accounts the app fetched when it started, without asking again.
    const listed: string[] = [];
    p.on('request', (request) => {
      if (new URL(request.url()).pathname === '/local/accounts') listed.push(request.url());
    });
    await p.getByRole('button', { name: 'Gửi số liệu' }).click();
    const dialog = p.getByRole('dialog', { name: 'Phiên đăng nhập đã hết hạn' });
    await dialog.waitFor();
    await p.unrouteAll();
    await dialog
      .getByRole('button', { name: /Nguyên Giáp/ })
      .first()
      .click();
    await dialog.waitFor({ state: 'hidden' });
    expect(listed).toEqual([]);
    expect(await field.inputValue()).toBe('40');
    expect(await p.getByLabel('Hồ sơ đã giải quyết').inputValue()).toBe('35');
    await p.getByRole('button', { name: 'Gửi số liệu' }).click();
    await p.getByRole('status').filter({ hasText: 'Đã lưu số liệu' }).waitFor();
    await commune.context.close();

    const office = await newUser(browser, 'Cơ quan thành phố', /Văn phòng Thành ủy/);
    await open(office.page, 'Xếp hạng');
    await office.page.getByRole('img', { name: /Tỷ lệ hồ sơ đúng hạn/ }).waitFor();
    await office.page.getByRole('cell', { name: /Nguyên Giáp/ }).waitFor();
    await expectAccessible(office.page, 'scorecard');
    await expectNoSideScroll(office.page);
    await office.context.close();
  });
});

describe('journey 4: a commune sees only its own', () => {
  it("Nguyên Giáp opening An Phú's obstacle reads “không tìm thấy”, and has no delegation or office screens", async () => {
    const theirs = await report('commune-an-phu', `Thiếu cán bộ địa chính ${stamp}`);
    const commune = await newUser(browser, 'Xã, phường', /Nguyên Giáp/);
    await commune.page.goto(`/obstacles/${theirs}`);
    await commune.page.getByRole('heading', { name: 'Không tìm thấy' }).waitFor();
    await expectAccessible(commune.page, 'not found');
    const nav = await commune.page
      .getByRole('navigation', { name: 'Chức năng' })
      .getByRole('link')
      .allTextContents();
    expect(nav).toContain('Khó khăn');
    for (const other of ['Chuyến kiểm tra', 'Xếp hạng', 'Việc cần xử lý'])
      expect(nav).not.toContain(other);
    await commune.page.goto('/scorecard');
    await commune.page.getByRole('heading', { name: 'Không tìm thấy' }).waitFor();
    await commune.context.close();
  });
});

describe('journey 5: two people change the same obstacle', () => {
  it('the second sees the conflict screen and the current state, and is told the action no longer applies', async () => {
    const id = await report('commune-nguyen-giap', `Đường vào thôn sụt lún ${stamp}`);

    const first = await newUser(browser, 'Cơ quan thành phố', /Văn phòng Thành ủy/);
    const second = await newUser(browser, 'Đoàn kiểm tra', /Lê Tiến Châu/);
    await first.page.goto(`/obstacles/${id}`);
    await second.page.goto(`/obstacles/${id}`);
    await first.page.getByRole('button', { name: 'Tiếp nhận' }).waitFor();
    await second.page.getByRole('button', { name: 'Tiếp nhận' }).waitFor();
    await first.page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await first.page.getByText('Đã tiếp nhận').first().waitFor();
    await second.page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await second.page
      .getByRole('heading', { name: 'Có người đã thay đổi mục này trong lúc bạn xem' })
      .waitFor();
    await second.page.getByText('Đã tiếp nhận').first().waitFor();
    await second.page.getByText('“Tiếp nhận” không còn làm được ở trạng thái hiện tại').waitFor();
    expect(await second.page.getByRole('button', { name: 'Làm lại: Tiếp nhận' }).count()).toBe(0);
    await expectAccessible(second.page, 'conflict');
    await first.context.close();
    await second.context.close();
  });
});

describe('journey 6: journey 1 with the keyboard alone', () => {
  /** Tab until the focused element is the one named, as a keyboard user does. */
  async function tabTo(page: Page, name: RegExp) {
    for (let i = 0; i < 120; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        // Past the last control focus leaves the page: the body names everything, so it names nothing.
        if (!el || el === document.body) return '';
        const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
        return `${el.textContent ?? ''} ${labelled} ${el.getAttribute('aria-label') ?? ''}`;
      });
      if (name.test(focused)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }
  async function chooseWithKeys(page: Page, label: RegExp, value: string) {
    await tabTo(page, label);
    for (let i = 0; i < 12; i += 1) {
      if (
        (await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)) === value
      )
        return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`no option ${value}`);
  }

  it('reports, acknowledges, resolves and verifies an obstacle with Tab, Enter, arrows and typing', async () => {
    const title = `Thiếu bàn ghế phòng họp ${stamp}`;
    const commune = await newUser(browser, 'Xã, phường', /Nguyên Giáp/);
    const office = await newUser(browser, 'Cơ quan thành phố', /Văn phòng Thành ủy/);
    const c = commune.page;
    await c.goto('/');
    await c.locator('main h1').waitFor();
    await tabTo(c, /Báo cáo khó khăn/);
    await c.keyboard.press('Enter');
    await c.getByRole('heading', { name: 'Báo cáo khó khăn, vướng mắc' }).waitFor();
    await chooseWithKeys(c, /Lĩnh vực/, 'facilities');
    await tabTo(c, /Tiêu đề/);
    await c.keyboard.type(title);
    await tabTo(c, /Mô tả/);
    await c.keyboard.type('Phòng họp của xã thiếu 20 bộ bàn ghế.');
    await tabTo(c, /Gửi báo cáo/);
    await c.keyboard.press('Enter');
    await c.getByRole('heading', { name: title }).waitFor();
    const path = new URL(c.url()).pathname;

    const o = office.page;
    await o.goto(path);
    await o.locator('main h1').waitFor();
    await tabTo(o, /^Tiếp nhận/);
    await o.keyboard.press('Enter');
    await o.getByText('Đã tiếp nhận').first().waitFor();

    await c.reload();
    await c.locator('main h1').waitFor();
    await tabTo(c, /Bắt đầu xử lý/);
    await c.keyboard.press('Enter');
    await c.getByText('Đang xử lý').first().waitFor();
    await tabTo(c, /Thêm ảnh hoặc tệp PDF/);
    const chooser = c.waitForEvent('filechooser');
    expect(await c.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('file');
    await c.keyboard.press('Enter');
    await (await chooser).setFiles(await cameraPhoto(c));
    await c.locator('main img.evidence').first().waitFor();
    await tabTo(c, /Đề nghị xác nhận đã tháo gỡ/);
    await c.keyboard.press('Enter');
    await tabTo(c, /Nội dung đã thực hiện/);
    await c.keyboard.type('Đã mua 20 bộ bàn ghế.');
    await tabTo(c, /Đề nghị xác nhận đã tháo gỡ/);
    await c.keyboard.press('Enter');
    await c.locator('main').getByText('Đã mua 20 bộ bàn ghế.').first().waitFor();

    await o.reload();
    await o.locator('main h1').waitFor();
    await tabTo(o, /Xác nhận đã tháo gỡ/);
    await o.keyboard.press('Enter');
    await o.getByText('Đã tháo gỡ (đã xác nhận)').first().waitFor();

    await c.reload();
    await expect.poll(() => c.locator('ol.history li').count()).toBe(6);
    await commune.context.close();
    await office.context.close();
  });
});
