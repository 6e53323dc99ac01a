import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type FieldIssue, ProductError } from '../domain/errors.ts';

/** RFC 9457 problem details, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldIssue[];
}

export const problemContentType = 'application/problem+json';

export function problemType(code: string): string {
  return `urn:thaogo:problem:${code}`;
}

/** Seconds a client should wait after a 503: throttled past every retry, or busy items. */
const retryAfterSeconds = 2;

/**
 * Maps any thrown value to a problem. Product errors say what went wrong; anything else
 * is a 500 whose detail stays in the logs, never in the response.
 */
export function toProblem(error: unknown): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof ProductError) {
    const problem: Problem = {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.message,
    };
    if ('issues' in error && Array.isArray(error.issues)) problem.errors = error.issues;
    const headers: Record<string, string> =
      error.status === 401
        ? { 'WWW-Authenticate': 'Bearer' }
        : error.status === 503
          ? { 'Retry-After': String(retryAfterSeconds) }
          : {};
    return { problem, headers };
  }
  return {
    problem: {
      type: problemType('internal'),
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side. The error was logged.',
    },
    headers: {},
  };
}

export function problemResponse(
  problem: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': problemContentType, ...headers },
    body: JSON.stringify(problem),
  };
}
