/**
 * The one list of every function the product runs. The CDK service stack and the local
 * server are both built from it, so the deployed routes and the local ones cannot drift
 * (test/infra compares them). Plain data only: handlers import it to learn their roles,
 * so it must stay free of schemas, SDK clients and CDK.
 */

import { type Role, roles } from '#shared/domain/caller.ts';
import type { HttpMethod, HttpRoute, TableAccess } from '#shared/schemas/contract.ts';

export { type HttpMethod, type HttpRoute, type Role, roles, type TableAccess };

export interface Schedule {
  minute: number;
  hour: number;
  days: 'MON-FRI' | 'MON';
  /** The schedule in words, for people reading the stack. */
  description: string;
}

export const scheduleTimeZone = 'Asia/Ho_Chi_Minh';

export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  http?: HttpRoute;
  /**
   * Run on a schedule instead of a route, in the city's time zone (Asia/Ho_Chi_Minh):
   * by EventBridge Scheduler on AWS, by the local scheduler on one machine.
   */
  schedule?: Schedule;
  /** Sends mail: gets the mail sender's configuration and permission. */
  sendsMail?: boolean;
  /** A Cognito user pool trigger instead of a route. */
  cognitoTrigger?: 'pre-token-generation';
  table: TableAccess;
  /** Signs and checks list cursors: needs the cursor key. */
  cursors?: boolean;
  /**
   * Reaches the bucket of attachments: presigns uploads (`upload`), heads and retags what is
   * uploaded (`register`), or presigns reads (`read`).
   */
  uploads?: 'upload' | 'register' | 'read';
  memoryMb?: number;
  timeoutSeconds?: number;
}

const everyone = roles;

export const functions = {
  health: {
    entry: 'functions/health.ts',
    description: 'Liveness of the API and its version',
    http: { method: 'GET', path: '/health', roles: everyone },
    table: 'none',
  },
  openapi: {
    entry: 'functions/openapi.ts',
    description: 'OpenAPI 3.1 document generated from the zod schemas',
    http: { method: 'GET', path: '/openapi.json', roles: everyone },
    table: 'none',
  },
  listUnits: {
    entry: 'functions/units/list.ts',
    description: 'Communes and wards of the city, in Vietnamese alphabetical order',
    http: { method: 'GET', path: '/units', roles: everyone },
    table: 'read',
  },
  getUnit: {
    entry: 'functions/units/get.ts',
    description: 'One commune or ward with its facts and figures',
    http: { method: 'GET', path: '/units/{unitId}', roles: everyone },
    table: 'read',
  },
  createObstacle: {
    entry: 'functions/obstacles/create.ts',
    description: 'A commune (or a delegation on a visit) reports an obstacle',
    http: { method: 'POST', path: '/obstacles', roles: ['commune', 'delegation'] },
    table: 'read-write',
  },
  listObstacles: {
    entry: 'functions/obstacles/list.ts',
    description: 'Obstacles by unit, status, category and text, newest first',
    http: { method: 'GET', path: '/obstacles', roles: everyone },
    table: 'read',
    cursors: true,
  },
  exportObstacles: {
    entry: 'functions/obstacles/export.ts',
    description: 'The filtered obstacle list as CSV',
    http: { method: 'GET', path: '/obstacles/export.csv', roles: everyone },
    table: 'read',
    timeoutSeconds: 29,
  },
  getObstacle: {
    entry: 'functions/obstacles/get.ts',
    description: 'One obstacle with its ETag',
    http: { method: 'GET', path: '/obstacles/{id}', roles: everyone },
    table: 'read',
  },
  getObstacleHistory: {
    entry: 'functions/obstacles/history.ts',
    description: 'The history of one obstacle',
    http: { method: 'GET', path: '/obstacles/{id}/history', roles: everyone },
    table: 'read',
  },
  transitionObstacle: {
    entry: 'functions/obstacles/transition.ts',
    description: 'Acknowledge, start, propose resolution, verify, reopen or withdraw an obstacle',
    http: { method: 'POST', path: '/obstacles/{id}/transitions', roles: everyone },
    table: 'read-write',
  },
  createTask: {
    entry: 'functions/tasks/create.ts',
    description: 'A delegation (or a city office for its org) assigns a follow-up task',
    http: { method: 'POST', path: '/tasks', roles: ['delegation', 'city-office'] },
    table: 'read-write',
  },
  listTasks: {
    entry: 'functions/tasks/list.ts',
    description: 'Tasks by assignee, status, overdue or due before a date',
    http: { method: 'GET', path: '/tasks', roles: everyone },
    table: 'read',
    cursors: true,
  },
  exportTasks: {
    entry: 'functions/tasks/export.ts',
    description: 'The filtered task list as CSV',
    http: { method: 'GET', path: '/tasks/export.csv', roles: everyone },
    table: 'read',
    timeoutSeconds: 29,
  },
  taskStats: {
    entry: 'functions/tasks/stats.ts',
    description: 'Open, overdue and on-time figures of tasks',
    http: { method: 'GET', path: '/tasks/stats', roles: everyone },
    table: 'read',
  },
  getTask: {
    entry: 'functions/tasks/get.ts',
    description: 'One task with its ETag',
    http: { method: 'GET', path: '/tasks/{id}', roles: everyone },
    table: 'read',
  },
  getTaskHistory: {
    entry: 'functions/tasks/history.ts',
    description: 'The history and comments of one task',
    http: { method: 'GET', path: '/tasks/{id}/history', roles: everyone },
    table: 'read',
  },
  transitionTask: {
    entry: 'functions/tasks/transition.ts',
    description: 'Start, complete, verify, return or cancel a task',
    http: { method: 'POST', path: '/tasks/{id}/transitions', roles: everyone },
    table: 'read-write',
  },
  commentTask: {
    entry: 'functions/tasks/comment.ts',
    description: 'Comment on a task',
    http: { method: 'POST', path: '/tasks/{id}/comments', roles: everyone },
    table: 'read-write',
  },
  requestExtension: {
    entry: 'functions/tasks/request-extension.ts',
    description: 'The assignee asks for a later due date',
    http: {
      method: 'POST',
      path: '/tasks/{id}/extension-requests',
      roles: ['city-office', 'commune'],
    },
    table: 'read-write',
  },
  decideExtension: {
    entry: 'functions/tasks/decide-extension.ts',
    description: 'The assigner approves or rejects an extension request',
    http: {
      method: 'POST',
      path: '/tasks/{id}/extension-requests/{requestId}/decision',
      roles: ['delegation', 'city-office'],
    },
    table: 'read-write',
  },
  createVisit: {
    entry: 'functions/visits/create.ts',
    description: 'A delegation logs an inspection visit',
    http: { method: 'POST', path: '/visits', roles: ['delegation'] },
    table: 'read-write',
  },
  listVisits: {
    entry: 'functions/visits/list.ts',
    description: 'Visits by unit and date range',
    http: { method: 'GET', path: '/visits', roles: everyone },
    table: 'read',
    cursors: true,
  },
  getVisit: {
    entry: 'functions/visits/get.ts',
    description: 'A visit with its findings and the live status of its directives',
    http: { method: 'GET', path: '/visits/{visitId}', roles: everyone },
    table: 'read',
  },
  addFinding: {
    entry: 'functions/visits/add-finding.ts',
    description: 'A finding, with the obstacle or tasks it opens, in one transaction',
    http: { method: 'POST', path: '/visits/{visitId}/findings', roles: ['delegation'] },
    table: 'read-write',
  },
  requestObstacleUpload: {
    entry: 'functions/attachments/obstacle-upload.ts',
    description: 'A presigned POST for a photo or PDF of the obstacle, valid 10 minutes',
    http: { method: 'POST', path: '/obstacles/{id}/attachments/uploads', roles: everyone },
    table: 'read',
    uploads: 'upload',
  },
  addObstacleAttachment: {
    entry: 'functions/attachments/obstacle-add.ts',
    description: 'Registers an uploaded file on the obstacle, with a history event',
    http: { method: 'POST', path: '/obstacles/{id}/attachments', roles: everyone },
    table: 'read-write',
    uploads: 'register',
  },
  listObstacleAttachments: {
    entry: 'functions/attachments/obstacle-list.ts',
    description: 'The attachments of the obstacle',
    http: { method: 'GET', path: '/obstacles/{id}/attachments', roles: everyone },
    table: 'read',
  },
  getObstacleAttachment: {
    entry: 'functions/attachments/obstacle-read.ts',
    description: 'A presigned GET of one attachment of the obstacle, valid 5 minutes',
    http: { method: 'GET', path: '/obstacles/{id}/attachments/{attachmentId}', roles: everyone },
    table: 'read',
    uploads: 'read',
  },
  requestTaskUpload: {
    entry: 'functions/attachments/task-upload.ts',
    description: 'A presigned POST for a photo or PDF of the task, valid 10 minutes',
    http: { method: 'POST', path: '/tasks/{id}/attachments/uploads', roles: everyone },
    table: 'read',
    uploads: 'upload',
  },
  addTaskAttachment: {
    entry: 'functions/attachments/task-add.ts',
    description: 'Registers an uploaded file on the task, with a history event',
    http: { method: 'POST', path: '/tasks/{id}/attachments', roles: everyone },
    table: 'read-write',
    uploads: 'register',
  },
  listTaskAttachments: {
    entry: 'functions/attachments/task-list.ts',
    description: 'The attachments of the task',
    http: { method: 'GET', path: '/tasks/{id}/attachments', roles: everyone },
    table: 'read',
  },
  getTaskAttachment: {
    entry: 'functions/attachments/task-read.ts',
    description: 'A presigned GET of one attachment of the task, valid 5 minutes',
    http: { method: 'GET', path: '/tasks/{id}/attachments/{attachmentId}', roles: everyone },
    table: 'read',
    uploads: 'read',
  },
  requestFindingUpload: {
    entry: 'functions/attachments/finding-upload.ts',
    description: 'A presigned POST for a photo or PDF of the finding, valid 10 minutes',
    http: {
      method: 'POST',
      path: '/visits/{visitId}/findings/{findingId}/attachments/uploads',
      roles: ['delegation'],
    },
    table: 'read',
    uploads: 'upload',
  },
  addFindingAttachment: {
    entry: 'functions/attachments/finding-add.ts',
    description: 'Registers an uploaded file on the finding',
    http: {
      method: 'POST',
      path: '/visits/{visitId}/findings/{findingId}/attachments',
      roles: ['delegation'],
    },
    table: 'read-write',
    uploads: 'register',
  },
  listFindingAttachments: {
    entry: 'functions/attachments/finding-list.ts',
    description: 'The attachments of the finding',
    http: {
      method: 'GET',
      path: '/visits/{visitId}/findings/{findingId}/attachments',
      roles: everyone,
    },
    table: 'read',
  },
  getFindingAttachment: {
    entry: 'functions/attachments/finding-read.ts',
    description: 'A presigned GET of one attachment of the finding, valid 5 minutes',
    http: {
      method: 'GET',
      path: '/visits/{visitId}/findings/{findingId}/attachments/{attachmentId}',
      roles: everyone,
    },
    table: 'read',
    uploads: 'read',
  },
  submitDossierReport: {
    entry: 'functions/dossiers/submit.ts',
    description: "A unit's service center reports a day's dossier figures",
    http: { method: 'PUT', path: '/units/{unitId}/dossier-reports/{date}', roles: ['commune'] },
    table: 'read-write',
  },
  listDossierReports: {
    entry: 'functions/dossiers/list.ts',
    description: "A unit's daily dossier reports over a date range",
    http: { method: 'GET', path: '/units/{unitId}/dossier-reports', roles: everyone },
    table: 'read',
  },
  dossierReportHistory: {
    entry: 'functions/dossiers/history.ts',
    description: "Every version of a day's dossier report",
    http: {
      method: 'GET',
      path: '/units/{unitId}/dossier-reports/{date}/history',
      roles: everyone,
    },
    table: 'read',
  },
  unitSummary: {
    entry: 'functions/units/summary.ts',
    description: 'Open obstacles, tasks, dossier rates and last visit of a unit',
    http: { method: 'GET', path: '/units/{unitId}/summary', roles: everyone },
    table: 'read',
  },
  unitBrief: {
    entry: 'functions/units/brief.ts',
    description: 'The pre-visit brief of a unit',
    http: { method: 'GET', path: '/units/{unitId}/brief', roles: everyone },
    table: 'read',
  },
  scorecard: {
    entry: 'functions/units/scorecard.ts',
    description: "Every unit's dossier figures with the minimum-volume rule",
    http: { method: 'GET', path: '/units/scorecard', roles: ['delegation', 'city-office'] },
    table: 'read',
  },
  endOfDayDigest: {
    entry: 'functions/digests/end-of-day.ts',
    description: "Each working day's end-of-day digest, per unit and for the city office",
    schedule: {
      minute: 0,
      hour: 17,
      days: 'MON-FRI',
      description: 'At 17:00 Monday to Friday (holidays skip themselves)',
    },
    sendsMail: true,
    table: 'read-write',
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
  escalationDigest: {
    entry: 'functions/digests/escalation.ts',
    description: 'The escalation ladder for overdue tasks and unacknowledged obstacles',
    schedule: {
      minute: 0,
      hour: 8,
      days: 'MON-FRI',
      description: 'At 08:00 Monday to Friday (holidays skip themselves)',
    },
    sendsMail: true,
    table: 'read-write',
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
  weeklyDigest: {
    entry: 'functions/digests/weekly.ts',
    description: 'The weekly leadership digest with systemic issues',
    schedule: { minute: 0, hour: 7, days: 'MON', description: 'At 07:00 every Monday' },
    sendsMail: true,
    table: 'read-write',
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
  listDigests: {
    entry: 'functions/digests/list.ts',
    description: 'Digests of a day, those the caller received (all for a city office)',
    http: { method: 'GET', path: '/digests', roles: everyone },
    table: 'read',
  },
  getDigest: {
    entry: 'functions/digests/get.ts',
    description: 'One digest with its items and delivery state',
    http: { method: 'GET', path: '/digests/{id}', roles: everyone },
    table: 'read',
  },
  preTokenGeneration: {
    entry: 'functions/auth/pre-token.ts',
    description: 'Puts the unit or org and the name of a user into its access token',
    cognitoTrigger: 'pre-token-generation',
    table: 'none',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export interface HttpFunction {
  name: FunctionName;
  spec: FunctionSpec;
  route: HttpRoute;
}

/** Every function reached over HTTP, with its route. */
export function httpFunctions(): HttpFunction[] {
  return (Object.entries(functions) as [FunctionName, FunctionSpec][]).flatMap(([name, spec]) =>
    spec.http ? [{ name, spec, route: spec.http }] : [],
  );
}

/** `GET /units/{unitId}`: the API Gateway route key of a route. */
export function routeKey(route: HttpRoute): string {
  return `${route.method} ${route.path}`;
}

/** Every function run on a schedule. */
export function scheduledFunctions(): {
  name: FunctionName;
  spec: FunctionSpec;
  schedule: Schedule;
}[] {
  return (Object.entries(functions) as [FunctionName, FunctionSpec][]).flatMap(([name, spec]) =>
    spec.schedule ? [{ name, spec, schedule: spec.schedule }] : [],
  );
}
