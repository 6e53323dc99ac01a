import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import PostalMime from 'postal-mime';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaBundling } from '#infra/constructs/bundling.ts';
import { repoRoot } from '#infra/paths.ts';
import { digestId } from '#shared/domain/digests/run.ts';
import { createOutboxMailer } from '#shared/notify/mailers.ts';

const dir = mkdtempSync(join(tmpdir(), 'thaogo-r4-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const from = 'Tháo gỡ <khong-tra-loi@haiphong.example>';
// Far past one encoded word: 130 characters, most of them two or three bytes in UTF-8.
const subject =
  '[Tháo gỡ] Cảnh báo mức 3 ngày 18/07/2025 – Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân thành phố Hải Phòng: nhiệm vụ quá hạn';

/** The header's raw value, continuation lines included, as the file holds it. */
function rawHeader(eml: string, name: string): string {
  const head = eml.slice(0, eml.indexOf('\r\n\r\n'));
  const match = new RegExp(`^${name}:((?:.*)(?:\\r\\n[ \\t].*)*)`, 'm').exec(head);
  return match?.[1] ?? '';
}

describe('outbox mail', () => {
  it('R4: folds a long Vietnamese subject into encoded words of at most 75 characters that decode to the same subject', async () => {
    const id = digestId('escalation', '2025-07-18', 'org:van-phong-doan-dbqh-hdnd');
    await createOutboxMailer(dir, from).send({
      id,
      to: ['vanphong@haiphong.example'],
      subject,
      text: 'Nhiệm vụ quá hạn (1)',
      html: '<p>Nhiệm vụ quá hạn (1)</p>',
    });
    const eml = readFileSync(
      join(dir, '2025-07-18-escalation-org-van-phong-doan-dbqh-hdnd.eml'),
      'utf8',
    );
    const header = rawHeader(eml, 'Subject');
    const words = header.match(/=\?[^?]+\?[BbQq]\?[^?]*\?=/g) ?? [];
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    // Nothing but encoded words and the folding whitespace between them.
    expect(header.replace(/=\?[^?]+\?[BbQq]\?[^?]*\?=/g, '').trim()).toBe('');
    for (const line of eml.slice(0, eml.indexOf('\r\n\r\n')).split('\r\n'))
      expect(line.length).toBeLessThanOrEqual(78);

    const parsed = await PostalMime.parse(eml);
    expect(parsed.subject).toBe(subject);
    expect(parsed.from).toMatchObject({
      name: 'Tháo gỡ',
      address: 'khong-tra-loi@haiphong.example',
    });
    expect(parsed.to?.[0]?.address).toBe('vanphong@haiphong.example');
    expect(parsed.text?.trim()).toBe('Nhiệm vụ quá hạn (1)');
    expect(parsed.html).toContain('<p>Nhiệm vụ quá hạn (1)</p>');
  });

  it('R4: keeps one .eml and one .html per digest under its readable name', async () => {
    const id = digestId('end-of-day', '2025-07-04', 'unit:hong-an');
    await createOutboxMailer(dir, from).send({
      id,
      to: ['ttphvhc.hong-an@haiphong.example'],
      subject: '[Tháo gỡ] Tổng hợp cuối ngày 04/07/2025 – Hồng An',
      text: 'Tổng hợp cuối ngày 04/07/2025',
      html: '<!doctype html><p>Tổng hợp cuối ngày</p>',
    });
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining([
        '2025-07-04-end-of-day-unit-hong-an.eml',
        '2025-07-04-end-of-day-unit-hong-an.html',
      ]),
    );
    expect(readFileSync(join(dir, '2025-07-04-end-of-day-unit-hong-an.html'), 'utf8')).toBe(
      '<!doctype html><p>Tổng hợp cuối ngày</p>',
    );
  });

  it('R4: the digest bundles carry no nodemailer code and load it only on first send', async () => {
    const result = await build({
      entryPoints: [join(repoRoot, 'functions/digests/end-of-day.ts')],
      bundle: true,
      write: false,
      outdir: join(dir, 'bundle'),
      platform: 'node',
      format: 'esm',
      target: lambdaBundling.target,
      mainFields: lambdaBundling.mainFields,
      external: lambdaBundling.externalModules,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys((result.metafile as Metafile).inputs);
    expect(inputs.some((path) => path.includes('mailers.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('node_modules/nodemailer/'))).toEqual([]);
    const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
    // A static import would fail the function at init where nodemailer is not installed.
    expect(code).not.toMatch(/^import[^;]*["']nodemailer/m);
    expect(code).toContain('import("nodemailer/lib/mail-composer")');
  });
});
