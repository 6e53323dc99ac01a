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

/** Where a function reaches an AWS service: its own endpoint, unless the local runtime sets one. */
export interface ServiceConfig {
  endpoint?: string;
}

export interface TableConfig extends ServiceConfig {
  tableName: string;
}

type Env = Record<string, string | undefined>;

/** The variables `schema` reads, or an error that names each one refused (never its value). */
export function parseEnv<S extends z.ZodMiniType>(schema: S, env: Env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid environment: ${fields}`);
  }
  return parsed.data;
}

export function readTableConfig(env: Env): TableConfig {
  const { TABLE_NAME, DYNAMODB_ENDPOINT } = parseEnv(tableEnv, env);
  return { tableName: TABLE_NAME, endpoint: DYNAMODB_ENDPOINT };
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

/** What every mail transport needs besides its own settings. */
const mailCommon = {
  MAIL_FROM: z.string().check(z.minLength(3)),
  /** Where the links in a digest point. */
  APP_BASE_URL: z.url(),
  /** The office that receives the city-wide digests and level-2 escalations. */
  CITY_OFFICE_ORG: z.string().check(z.minLength(1)),
};

/**
 * One branch per transport, each requiring its own settings: a transport whose setting
 * is missing fails the function at cold start, not on the first digest it sends.
 */
const mailEnv = z.discriminatedUnion('MAIL_TRANSPORT', [
  /** Writes .eml and .html files to a folder: the local default. */
  z.object({
    MAIL_TRANSPORT: z.literal('outbox'),
    OUTBOX_DIR: z.string().check(z.minLength(1)),
    ...mailCommon,
  }),
  /** Amazon SES v2, with the function's own role. */
  z.object({ MAIL_TRANSPORT: z.literal('ses'), ...mailCommon }),
  /** Any SMTP server, e.g. `smtp://user:pass@mail.example:587`. */
  z.object({
    MAIL_TRANSPORT: z.literal('smtp'),
    SMTP_URL: z.url({ protocol: /^smtps?$/ }),
    ...mailCommon,
  }),
]);

export type MailConfig = z.infer<typeof mailEnv>;

/**
 * Names each refused variable and why, never its value: SMTP_URL carries a password.
 */
function describeMailIssue(
  issue: { path: PropertyKey[]; message: string },
  env: Record<string, string | undefined>,
): string {
  const field = issue.path.map(String).join('.');
  if (env[field] === undefined) {
    if (field === 'MAIL_TRANSPORT') return 'MAIL_TRANSPORT is required (outbox, ses or smtp)';
    return field in mailCommon
      ? `${field} is required`
      : `${field} is required when MAIL_TRANSPORT is ${env.MAIL_TRANSPORT}`;
  }
  return `${field}: ${issue.message}`;
}

export function readMailConfig(env: Record<string, string | undefined>): MailConfig {
  const parsed = mailEnv.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => describeMailIssue(issue, env));
    throw new Error(`Invalid environment: ${issues.join('; ')}`);
  }
  return parsed.data;
}
