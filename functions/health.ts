import { httpHandler } from '#shared/http/handler.ts';
import { healthContract } from '#shared/schemas/system.ts';

const version = process.env.APP_VERSION ?? 'dev';

export const handler = httpHandler(healthContract, async () => ({
  body: { status: 'ok', service: 'thaogo', version },
}));
