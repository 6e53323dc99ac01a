import { functions } from '#functions/manifest.ts';
import { uploadHandler } from './routes.ts';

export const handler = uploadHandler('finding', functions.requestFindingUpload);
