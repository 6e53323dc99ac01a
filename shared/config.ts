/**
 * Environment, parsed once at cold start. A missing resource name fails the function
 * at init with a clear message instead of failing later on the first request.
 */
import * as z from './schemas/zod.ts';

const tableEnv = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Set only by the local runtime, to reach DynamoDB Local. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
});

export interface TableConfig {
  tableName: string;
  endpoint?: string;
}

export function readTableConfig(env: Record<string, string | undefined>): TableConfig {
  const parsed = tableEnv.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid environment: ${fields}`);
  }
  return { tableName: parsed.data.TABLE_NAME, endpoint: parsed.data.DYNAMODB_ENDPOINT };
}

const cursorEnv = z.object({
  /** Secret that signs list cursors (32+ random bytes, base64). */
  CURSOR_KEY: z.string().check(z.minLength(32)),
});

export function readCursorKey(env: Record<string, string | undefined>): string {
  const parsed = cursorEnv.safeParse(env);
  if (!parsed.success) throw new Error('Invalid environment: CURSOR_KEY');
  return parsed.data.CURSOR_KEY;
}

const mailEnv = z.object({
  /** `outbox` writes .eml files (the local default); `ses` sends through Amazon SES; `smtp` through SMTP_URL. */
  MAIL_TRANSPORT: z.enum(['outbox', 'ses', 'smtp']),
  SMTP_URL: z.optional(z.url()),
  MAIL_FROM: z.string().check(z.minLength(3)),
  OUTBOX_DIR: z.optional(z.string()),
  /** Where the links in a digest point. */
  APP_BASE_URL: z.url(),
  /** The office that receives the city-wide digests and level-2 escalations. */
  CITY_OFFICE_ORG: z.string().check(z.minLength(1)),
});

export type MailConfig = z.infer<typeof mailEnv>;

export function readMailConfig(env: Record<string, string | undefined>): MailConfig {
  const parsed = mailEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  if (parsed.data.MAIL_TRANSPORT === 'outbox' && !parsed.data.OUTBOX_DIR)
    throw new Error('Invalid environment: OUTBOX_DIR');
  return parsed.data;
}
