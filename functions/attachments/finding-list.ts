import { functions } from '#functions/manifest.ts';
import { listHandler } from './routes.ts';

export const handler = listHandler('finding', functions.listFindingAttachments);
