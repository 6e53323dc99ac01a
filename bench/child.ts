/**
 * Runs one bench job in a child process (its own memory, its own module state, its log
 * lines kept out of the table) and returns what the job sends back.
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';

export function inChild<T>(job: string, args: string[], env: Record<string, string>): Promise<T> {
  return new Promise((done, fail) => {
    const child = fork(resolve(import.meta.dirname, job), args, {
      execArgv: ['--import', 'tsx', '--no-warnings'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: T | undefined;
    child.on('message', (message) => {
      result = message as T;
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 && result !== undefined
        ? done(result)
        : fail(new Error(`bench job ${job} ended with code ${code}`)),
    );
  });
}

/** The configuration a deployed function reads at init (mail through SES). */
export function deployedEnv(tableName: string): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    AWS_REGION: 'ap-southeast-1',
    CURSOR_KEY: 'bench-cursor-key-of-at-least-thirty-two-chars',
    MAIL_TRANSPORT: 'ses',
    MAIL_FROM: 'Tháo gỡ <khong-tra-loi@haiphong.example>',
    APP_BASE_URL: 'https://thaogo.haiphong.example',
    CITY_OFFICE_ORG: 'van-phong-thanh-uy',
    POWERTOOLS_SERVICE_NAME: 'thaogo',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

/** The same pointed at DynamoDB Local, with mail to an outbox. */
export function functionEnv(endpoint: string, tableName: string): Record<string, string> {
  return {
    ...deployedEnv(tableName),
    DYNAMODB_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    MAIL_TRANSPORT: 'outbox',
    OUTBOX_DIR: resolve(import.meta.dirname, '..', '.data', 'bench', 'outbox'),
  };
}
