import { afterEach, describe, expect, it, vi } from 'vitest';
import { readMailConfig } from '#shared/config.ts';

const common = {
  MAIL_FROM: 'Tháo gỡ <khong-tra-loi@haiphong.example>',
  APP_BASE_URL: 'https://thaogo.haiphong.example',
  CITY_OFFICE_ORG: 'van-phong-thanh-uy',
};

describe('mail configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('R3: refuses MAIL_TRANSPORT=smtp without SMTP_URL, naming the missing variable', () => {
    expect(() => readMailConfig({ ...common, MAIL_TRANSPORT: 'smtp' })).toThrow(
      'Invalid environment: SMTP_URL is required when MAIL_TRANSPORT is smtp',
    );
  });

  it('R3: a digest function with MAIL_TRANSPORT=smtp and no SMTP_URL fails at cold start', async () => {
    vi.stubEnv('MAIL_TRANSPORT', 'smtp');
    vi.stubEnv('SMTP_URL', undefined);
    vi.resetModules();
    await expect(import('#functions/deps/digest-run.ts')).rejects.toThrow(
      /SMTP_URL is required when MAIL_TRANSPORT is smtp/,
    );
  });

  it('R3: refuses an SMTP_URL that is not an smtp(s) URL without echoing its password', () => {
    let message = '';
    try {
      readMailConfig({
        ...common,
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'https://mailer:s3cret-pass@mail.example',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid environment: SMTP_URL: /);
    expect(message).not.toContain('s3cret-pass');
  });

  it('R3: each transport requires its own settings and only those', () => {
    expect(() => readMailConfig({ ...common, MAIL_TRANSPORT: 'outbox' })).toThrow(
      'OUTBOX_DIR is required when MAIL_TRANSPORT is outbox',
    );
    expect(() => readMailConfig({ ...common, MAIL_TRANSPORT: 'pigeon' })).toThrow(
      /MAIL_TRANSPORT: .*'outbox' \| 'ses' \| 'smtp'/,
    );
    expect(() => readMailConfig(common)).toThrow('MAIL_TRANSPORT is required');
    expect(() => readMailConfig({ MAIL_TRANSPORT: 'ses', APP_BASE_URL: 'x' })).toThrow(
      /MAIL_FROM is required; APP_BASE_URL: .*; CITY_OFFICE_ORG is required/,
    );
    expect(readMailConfig({ ...common, MAIL_TRANSPORT: 'ses' })).toMatchObject({
      MAIL_TRANSPORT: 'ses',
    });
    const smtp = readMailConfig({
      ...common,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://user:pass@mail.example:587',
    });
    expect(smtp.MAIL_TRANSPORT === 'smtp' && smtp.SMTP_URL).toBe(
      'smtp://user:pass@mail.example:587',
    );
  });
});
