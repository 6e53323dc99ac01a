import { functions } from '#functions/manifest.ts';
import { readHandler } from './routes.ts';

export const handler = readHandler('finding', functions.getFindingAttachment);
