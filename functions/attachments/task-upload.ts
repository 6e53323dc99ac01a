import { functions } from '#functions/manifest.ts';
import { uploadHandler } from './routes.ts';

export const handler = uploadHandler('task', functions.requestTaskUpload);
