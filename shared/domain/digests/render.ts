import type { DigestKind, DigestSection, Recipient } from '../../schemas/digests.ts';
import { addCalendarDays } from '../calendar/calendar.ts';
import { formatDate } from './lines.ts';

/**
 * A digest's title, as an office would head the report: the day it closes, the day of the
 * warnings, or the week its figures cover (the seven days before the Monday it runs).
 */
function titleOf(kind: DigestKind, period: string): string {
  if (kind === 'end-of-day') return `Tổng hợp cuối ngày ${formatDate(period)}`;
  if (kind === 'escalation') return `Cảnh báo quá hạn ngày ${formatDate(period)}`;
  const from = formatDate(addCalendarDays(period, -7));
  return `Báo cáo tuần từ ${from} đến ${formatDate(addCalendarDays(period, -1))}`;
}

const footer = 'Thư do hệ thống Tháo gỡ gửi tự động, vui lòng không trả lời thư này.';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Subject, plain text and HTML of a digest, in Vietnamese. The HTML is one narrow column
 * with large type, readable on a phone; every item links to its page.
 */
export function renderDigest(
  kind: DigestKind,
  period: string,
  recipient: Recipient,
  sections: DigestSection[],
  baseUrl: string,
): { subject: string; text: string; html: string } {
  const title = titleOf(kind, period);
  const subject = `[Tháo gỡ] ${title} – ${recipient.name}`;
  const count = sections.reduce((n, s) => n + s.lines.length, 0);
  const text = [
    `${title}`,
    `Gửi: ${recipient.name}`,
    '',
    ...sections.flatMap((section) => [
      `${section.title} (${section.lines.length})`,
      ...(section.lines.length === 0
        ? ['  – Không có']
        : section.lines.map((l) => `  – ${l.text}${l.link ? `\n    ${baseUrl}${l.link}` : ''}`)),
      '',
    ]),
    count === 0 ? 'Không có việc nào cần chú ý.' : '',
    footer,
  ].join('\n');
  const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:640px">
<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(title)}</h1>
<p style="margin:0 0 16px;color:#555">Gửi: ${escapeHtml(recipient.name)}</p>
${sections
  .map(
    (
      section,
    ) => `<h2 style="font-size:17px;margin:20px 0 8px">${escapeHtml(section.title)} (${section.lines.length})</h2>
<ul style="padding-left:20px;margin:0">${
      section.lines.length === 0
        ? '<li style="color:#777">Không có</li>'
        : section.lines
            .map((l) =>
              l.link
                ? `<li style="margin:6px 0"><a href="${escapeHtml(baseUrl + l.link)}" style="color:#0b57d0">${escapeHtml(l.text)}</a></li>`
                : `<li style="margin:6px 0">${escapeHtml(l.text)}</li>`,
            )
            .join('')
    }</ul>`,
  )
  .join('\n')}
<p style="margin-top:24px;font-size:13px;color:#777">${footer}</p>
</body></html>`;
  return { subject, text, html };
}
