/** A task's use cases, one module each under `tasks/`; most callers import them from here. */
export * from './tasks/access.ts';
export * from './tasks/change.ts';
export * from './tasks/create.ts';
export * from './tasks/machine.ts';
export * from './tasks/ports.ts';
export * from './tasks/view.ts';
