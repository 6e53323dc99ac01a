/** A visit's use cases, a module each under `visits/`; code outside the domain imports them here. */
export * from './visits/commands.ts';
export * from './visits/ports.ts';
export * from './visits/read-model.ts';
