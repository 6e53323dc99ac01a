/**
 * The configuration the handlers read at import, set on one machine as a Lambda's is on
 * AWS: this run's table, endpoint and cursor key, and for the rest a default that the
 * environment may override (a region and credentials DynamoDB Local accepts, the log level,
 * mail to the outbox, the base of the links in mail, the city office).
 */
export function useLocalConfiguration(run: {
  tableName: string;
  endpoint: string;
  cursorKey: string;
  outboxDir: string;
  baseUrl: string;
  /**
   * The bucket of attachments, served by the local server's S3 endpoint, which checks the
   * signatures the functions make with these credentials (fixed, not the environment's, so
   * no real key ever signs locally).
   */
  uploads?: { bucket: string; endpoint: string; accessKeyId: string; secretAccessKey: string };
}): void {
  process.env.TABLE_NAME = run.tableName;
  process.env.DYNAMODB_ENDPOINT = run.endpoint;
  process.env.CURSOR_KEY = run.cursorKey;
  process.env.AWS_REGION ??= 'ap-southeast-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.MAIL_TRANSPORT ??= 'outbox';
  process.env.MAIL_FROM ??= 'Tháo gỡ <khong-tra-loi@haiphong.example>';
  process.env.OUTBOX_DIR ??= run.outboxDir;
  process.env.APP_BASE_URL ??= run.baseUrl;
  process.env.CITY_OFFICE_ORG ??= 'van-phong-thanh-uy';
  if (run.uploads) {
    process.env.UPLOAD_BUCKET = run.uploads.bucket;
    process.env.S3_ENDPOINT = run.uploads.endpoint;
    process.env.AWS_ACCESS_KEY_ID = run.uploads.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = run.uploads.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  }
}
