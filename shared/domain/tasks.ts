/** A task's use cases, a module each under `tasks/`; code outside the domain imports them here. */
export * from './tasks/access.ts';
export * from './tasks/change.ts';
export * from './tasks/create.ts';
export * from './tasks/machine.ts';
export * from './tasks/ports.ts';
export * from './tasks/view.ts';
