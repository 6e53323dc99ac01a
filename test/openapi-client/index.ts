/**
 * openapi-typescript builds its output with TypeScript 5's compiler API, which TypeScript 7
 * (the project's own compiler) no longer ships as a library; this package gives the
 * generator the TypeScript it was written for, apart from the project's.
 */
export { astToString, default as openapiTS } from 'openapi-typescript';
