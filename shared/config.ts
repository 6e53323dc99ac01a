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
