import { functions } from '#functions/manifest.ts';
import { addHandler } from './routes.ts';

export const handler = addHandler('finding', functions.addFindingAttachment);
