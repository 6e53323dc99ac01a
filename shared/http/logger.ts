import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per container. It never receives tokens, headers or bodies:
 * what is logged is chosen field by field in the middlewares.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'thaogo' });
