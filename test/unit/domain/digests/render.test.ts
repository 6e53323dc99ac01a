import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from '#shared/domain/digests/lines.ts';
import { renderDigest } from '#shared/domain/digests/render.ts';
import type { DigestSection, Recipient } from '#shared/schemas/digests.ts';

const hongAn: Recipient = {
  key: 'unit:hong-an',
  kind: 'unit',
  id: 'hong-an',
  name: 'Hồng An',
  emails: ['ttphvhc.hong-an@haiphong.example'],
};
const baseUrl = 'http://localhost:3123';
const sections: DigestSection[] = [
  {
    title: 'Vướng mắc mới trong ngày',
    lines: [
      {
        text: 'Thiếu phòng làm việc (Cơ sở vật chất)',
        link: '/obstacles/01JZ9SENG00000000000000005',
      },
    ],
  },
  {
    title: 'Nhiệm vụ quá hạn',
    lines: [
      {
        text: 'Bố trí trụ sở (quá hạn 2 ngày làm việc, hạn 02/07/2025)',
        link: '/tasks/01JZ9T00000000000000000001',
      },
    ],
  },
  { title: 'Hồ sơ thủ tục hành chính trong ngày', lines: [{ text: 'chưa báo cáo số liệu hồ sơ' }] },
];

describe('a rendered digest', () => {
  it('heads each kind as an office heads its report, the date said once', () => {
    const subject = (kind: 'end-of-day' | 'escalation' | 'weekly', period: string) =>
      renderDigest(kind, period, hongAn, [], baseUrl).subject;
    expect(subject('end-of-day', '2025-07-04')).toBe(
      '[Tháo gỡ] Tổng hợp cuối ngày 04/07/2025 – Hồng An',
    );
    expect(subject('escalation', '2025-07-18')).toBe(
      '[Tháo gỡ] Cảnh báo quá hạn ngày 18/07/2025 – Hồng An',
    );
    // The weekly run is on a Monday; its figures are of the seven days before.
    expect(subject('weekly', '2025-07-14')).toBe(
      '[Tháo gỡ] Báo cáo tuần từ 07/07/2025 đến 13/07/2025 – Hồng An',
    );
    expect(subject('weekly', '2026-01-05')).toBe(
      '[Tháo gỡ] Báo cáo tuần từ 29/12/2025 đến 04/01/2026 – Hồng An',
    );
  });

  it('links every item to its page of the app, under the base it is given, and nothing else', () => {
    const { text, html } = renderDigest('end-of-day', '2025-07-04', hongAn, sections, baseUrl);
    const appPage = /^http:\/\/localhost:3123\/(obstacles|tasks)\/[0-9A-HJKMNP-TV-Z]{26}$/;
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'http://localhost:3123/obstacles/01JZ9SENG00000000000000005',
      'http://localhost:3123/tasks/01JZ9T00000000000000000001',
    ]);
    const urls = text.match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toEqual(hrefs);
    for (const url of urls) expect(url).toMatch(appPage);
    // A line without a link is plain text, not an anchor.
    expect(html).toContain('<li style="margin:6px 0">chưa báo cáo số liệu hồ sơ</li>');
  });

  it('writes dates as dd/mm/yyyy and figures the Vietnamese way; a stored value that is no date stays as it is', () => {
    expect(formatDate('2025-07-04')).toBe('04/07/2025');
    expect(formatDate('sometime')).toBe('sometime');
    expect(formatNumber(9900)).toBe('9.900');
    expect(formatNumber(2.5)).toBe('2,5');
  });
});
