/** The digests' composition, a module each; code outside the domain imports it here. */
export * from './end-of-day.ts';
export * from './escalation.ts';
export * from './lines.ts';
export * from './source.ts';
export * from './weekly.ts';
