import { functions } from '#functions/manifest.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthContract } from '#shared/schemas/system.ts';

const version = process.env.APP_VERSION ?? 'dev';

export const handler = httpHandler(functions.health, healthContract, async () => ({
  body: { status: 'ok', service: 'thaogo', version },
}));
