import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, asCityOffice, asCommune, call, tokens } from './helpers.ts';
import { reportOk } from './obstacle-helpers.ts';

const tag = randomUUID().slice(0, 6);

const { office, anLao } = await tokens({ office: asCityOffice(), anLao: asCommune('an-lao') });

beforeAll(async () => {
  for (let i = 0; i < 7; i++) {
    await reportOk(anLao, { title: `Đường liên thôn số ${i} ${tag}`, category: 'roads' });
  }
});

describe('GET /obstacles', () => {
  it('matches names and titles with or without diacritics', async () => {
    const plain = await call('/obstacles?q=nguyen%20giap', { token: office });
    const marked = await call(`/obstacles?q=${encodeURIComponent('Nguyên Giáp')}`, {
      token: office,
    });
    expect(plain.json.items.length).toBeGreaterThanOrEqual(4);
    expect(plain.json.items.every((o: { unitName: string }) => o.unitName === 'Nguyên Giáp')).toBe(
      true,
    );
    expect(marked.json.items.map((o: { id: string }) => o.id)).toEqual(
      plain.json.items.map((o: { id: string }) => o.id),
    );
    const road = await call('/obstacles?q=giao%20thong%20ket%20noi', { token: office });
    expect(road.json.items.map((o: { title: string }) => o.title)).toContain(
      'Hệ thống giao thông kết nối xuống cấp',
    );
    const dStroke = await call(`/obstacles?q=duong%20lien%20thon&unitId=an-lao`, { token: office });
    expect(dStroke.json.items).toHaveLength(7);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    const created: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        `/obstacles?unitId=an-lao&category=roads&q=${tag}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: office },
      );
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(3);
      for (const o of page.json.items) {
        seen.push(o.title);
        created.push(o.createdAt);
      }
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Đường liên thôn số ${i} ${tag}`));
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('filters by unit, status and category together', async () => {
    const result = await call('/obstacles?unitId=nguyen-giap&status=acknowledged&category=roads', {
      token: office,
    });
    expect(result.json.items.map((o: { title: string }) => o.title)).toEqual([
      'Hệ thống giao thông kết nối xuống cấp',
    ]);
  });

  it('defaults to 25 a page and refuses more than 100', async () => {
    expect((await call('/obstacles?limit=101', { token: office })).status).toBe(400);
    expect((await call('/obstacles?limit=0', { token: office })).status).toBe(400);
    const page = await call('/obstacles', { token: office });
    expect(page.json.items.length).toBeLessThanOrEqual(25);
  });
});

describe('GET /obstacles/export.csv', () => {
  it('sends the filtered list as UTF-8 CSV with a BOM, CRLF and Vietnamese headers', async () => {
    const result = await call(`/obstacles/export.csv?unitId=an-lao&q=${tag}`, { token: office });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(result.headers.get('content-disposition')).toMatch(
      /^attachment; filename="vuong-mac-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const response = await fetch(`${apiUrl}/obstacles/export.csv?unitId=an-lao&q=${tag}`, {
      headers: { authorization: `Bearer ${office}` },
    });
    const raw = Buffer.from(await response.arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = result.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe(
      '"Mã","Xã/phường","Lĩnh vực","Tiêu đề","Mức độ","Trạng thái","Đại lượng","Số lượng","Chi tiết","Ngày báo cáo","Cập nhật","Mô tả"',
    );
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain('"An Lão","Giao thông kết nối"');
  });

  it('defuses a title that would run as a spreadsheet formula', async () => {
    const title = `=HYPERLINK("http://x") ${randomUUID().slice(0, 6)}`;
    await reportOk(anLao, { title });
    const result = await call(`/obstacles/export.csv?unitId=an-lao`, { token: office });
    expect(result.text).toContain(`"'=HYPERLINK(""http://x"")`);
  });
});
