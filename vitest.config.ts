import { defineConfig } from 'vitest/config';

/**
 * Three layers, one command (`npm test`): unit (domain with fakes, handlers with a mocked
 * SDK), integration (over HTTP against DynamoDB Local, started once per run), infra (CDK
 * assertions and cdk-nag).
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
          env: {
            TABLE_NAME: 'thaogo-unit',
            CURSOR_KEY: 'unit-test-cursor-key-of-at-least-32-chars',
            MAIL_TRANSPORT: 'outbox',
            MAIL_FROM: 'Tháo gỡ <khong-tra-loi@haiphong.example>',
            OUTBOX_DIR: '.data/test-outbox',
            APP_BASE_URL: 'http://localhost:3000',
            CITY_OFFICE_ORG: 'van-phong-thanh-uy',
            UPLOAD_BUCKET: 'thaogo-unit-uploads',
            AWS_REGION: 'ap-southeast-1',
            POWERTOOLS_LOG_LEVEL: 'SILENT',
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // A synth bundles every function; on a loaded 2-core machine it has taken 4 minutes.
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['web/test/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          // The app in Debian's Chromium against the local server (built app + API, one port).
          // `npm test` runs it in a vitest run of its own: a local runtime configures the
          // process (the local bucket's signing key among it), and two in one process would
          // sign with each other's keys.
          name: 'e2e',
          include: ['web/e2e/**/*.test.ts'],
          globalSetup: ['web/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
