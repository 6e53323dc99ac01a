import {
  Actor,
  asOfField,
  BusinessDate,
  IdParams,
  itemsOf,
  pageFields,
  pageOf,
  Ratio,
  Slug,
  Text,
  transitionOf,
  Ulid,
} from './common.ts';
import {
  defineContract,
  exportContract,
  ifMatchContract,
  keyReused,
  listContract,
  type RouteHeading,
  readContract,
  replayableCreated,
  versioned,
} from './contract.ts';
import * as z from './zod.ts';

export { BusinessDate };

export const AssigneeRef = z.named('AssigneeRef', () =>
  z.strictObject({ kind: z.enum(['org', 'unit']), id: Slug }),
);
export type AssigneeRef = z.infer<typeof AssigneeRef>;

/**
 * One lead (chủ trì) moves the status, asks for extensions and completes; the others
 * co-ordinate (phối hợp): they see the task, comment and record their part.
 */
export const AssigneeRole = z.enum(['lead', 'coordinator']);
export type AssigneeRole = z.infer<typeof AssigneeRole>;

export const Assignee = z.named('Assignee', () =>
  z.strictObject({ kind: z.enum(['org', 'unit']), id: Slug, name: z.string(), role: AssigneeRole }),
);
export type Assignee = z.infer<typeof Assignee>;

export const taskStatuses = ['assigned', 'in_progress', 'done', 'verified', 'cancelled'] as const;
export const TaskStatus = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskInput = z.named('TaskInput', () =>
  z
    .strictObject({
      title: Text(300),
      description: Text(5000),
      assignees: z.array(AssigneeRef).check(z.minLength(1), z.maxLength(10)),
      /** The lead (chủ trì), one of the assignees; the first assignee when absent. */
      lead: z.optional(AssigneeRef),
      /**
       * The leader in whose name a delegation assigns: one of those its account acts
       * for (default: its only one). An office assigns in its own name and never sets it.
       */
      assignedBy: z.optional(Slug),
      obstacleIds: z.optional(z.array(Ulid).check(z.maxLength(20))),
      /** The visit it follows up: one the caller and every assignee may see. */
      visitId: z.optional(Ulid),
      /** A finding of that visit. */
      findingId: z.optional(Ulid),
      /** The day it was assigned, when recorded later (default today); not in the future. */
      assignedOn: z.optional(BusinessDate),
      /** Either a date… */
      dueDate: z.optional(BusinessDate),
      /** …or a number of working days from the day assigned (weekends and holidays skipped). */
      dueInWorkingDays: z.optional(z.int().check(z.minimum(1), z.maximum(250))),
    })
    .check(
      z.refine((t) => (t.dueDate === undefined) !== (t.dueInWorkingDays === undefined), {
        message: 'Give exactly one of dueDate and dueInWorkingDays',
        path: ['dueDate'],
      }),
    ),
);
export type TaskInput = z.infer<typeof TaskInput>;

export const ExtensionRequest = z.named('ExtensionRequest', () =>
  z.strictObject({
    id: z.string(),
    requestedDue: BusinessDate,
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    requestedBy: Actor,
    requestedAt: z.string(),
    decidedBy: z.optional(Actor),
    decidedAt: z.optional(z.string()),
    decisionNote: z.optional(z.string()),
  }),
);
export type ExtensionRequest = z.infer<typeof ExtensionRequest>;

export const Task = z.named('Task', () =>
  z.strictObject({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    assignees: z.array(Assignee),
    /** Who assigned it: a leader (through a delegation) or a city office. */
    assigner: z.strictObject({
      leaderId: z.optional(z.string()),
      leaderName: z.optional(z.string()),
      orgId: z.optional(z.string()),
      orgName: z.optional(z.string()),
    }),
    createdBy: Actor,
    links: z.strictObject({
      obstacleIds: z.array(z.string()),
      visitId: z.optional(z.string()),
      findingId: z.optional(z.string()),
    }),
    assignedOn: BusinessDate,
    /** The due date first set. It never moves: on-time figures are counted against it. */
    originalDue: BusinessDate,
    /** The due date now in force, after any approved extension. */
    currentDue: BusinessDate,
    status: TaskStatus,
    version: z.int(),
    completionNote: z.optional(z.string()),
    completedOn: z.optional(BusinessDate),
    extensionRequests: z.array(ExtensionRequest),
    escalationLevel: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type Task = z.infer<typeof Task>;

/**
 * Why a working-day figure is not exact: `estimated`, it counts days of a year the holiday
 * calendar lacks as Monday to Friday, without holidays; `unavailable`, a stored date is no
 * date, so the figure is left out.
 */
export const CalendarGap = z.enum(['estimated', 'unavailable']);

/** A task as the API shows it: with its standing on the day asked about. */
export const TaskView = z.named('TaskView', () =>
  z.strictObject({
    ...z.built(Task).shape,
    /** Absent (with `calendarGap: unavailable`) when the stored due date is no date. */
    overdue: z.optional(z.boolean()),
    /** Working days past the current due date (0 when not overdue); absent as `overdue`. */
    overdueWorkingDays: z.optional(z.int()),
    /** Present when the working-day figures are not exact (see CalendarGap). */
    calendarGap: z.optional(CalendarGap),
    /** For a finished task: finished by the original due date. */
    onTime: z.optional(z.boolean()),
  }),
);
export type TaskView = z.infer<typeof TaskView>;

export const taskActions = ['start', 'complete', 'verify', 'return', 'cancel'] as const;
export const TaskAction = z.enum(taskActions);
export type TaskAction = z.infer<typeof TaskAction>;

export const TaskEvent = z.named('TaskEvent', () =>
  z.strictObject({
    taskId: z.string(),
    id: z.string(),
    at: z.string(),
    by: Actor,
    action: z.enum([
      'assign',
      ...taskActions,
      'comment',
      'request_extension',
      'approve_extension',
      'reject_extension',
      'escalate',
      'record_part',
      'attach',
    ]),
    from: z.optional(TaskStatus),
    to: z.optional(TaskStatus),
    note: z.optional(z.string()),
    /** The attachments a completion names as its evidence. */
    attachments: z.optional(z.array(z.string())),
    /** An escalation: the scheduled run that reached the level (`at` is when it was written). */
    scheduledFor: z.optional(z.string()),
    changes: z.optional(
      z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })),
    ),
  }),
);
export type TaskEvent = z.infer<typeof TaskEvent>;

/** The `note` is required with complete (what was done), the `reason` with return and cancel. */
export const TaskTransitionInput = transitionOf('TaskTransition', TaskAction);
export type TaskTransitionInput = z.infer<typeof TaskTransitionInput>;

export const CommentInput = z.named('CommentInput', () =>
  z.strictObject({
    text: Text(4000),
    /** `part`: an assignee records the part it did (phần việc phối hợp); default a comment. */
    kind: z.optional(z.enum(['comment', 'part'])),
  }),
);

export const ExtensionRequestInput = z.named('ExtensionRequestInput', () =>
  z.strictObject({ requestedDue: BusinessDate, reason: Text(2000) }),
);
export type ExtensionRequestInput = z.infer<typeof ExtensionRequestInput>;

export const ExtensionDecisionInput = z.named('ExtensionDecisionInput', () =>
  z.strictObject({ decision: z.enum(['approve', 'reject']), note: z.optional(Text(2000)) }),
);
export type ExtensionDecisionInput = z.infer<typeof ExtensionDecisionInput>;

/** `org:so-xay-dung` or `unit:an-phu`. */
const AssigneeFilter = z.string().check(z.regex(/^(org|unit):[a-z0-9]+(?:-[a-z0-9]+)*$/));
const TaskFilters = {
  assignee: z.optional(AssigneeFilter),
  status: z.optional(TaskStatus),
  /** `true`: open tasks whose current due date has passed (as of `asOf`, default today). */
  overdue: z.optional(z.enum(['true', 'false'])),
  /** Open tasks whose current due date is before this date. */
  dueBefore: z.optional(BusinessDate),
  ...asOfField(),
};

export const TaskListQuery = z.strictObject({ ...TaskFilters, ...pageFields() });
export type TaskListQuery = z.infer<typeof TaskListQuery>;
export const TaskExportQuery = z.strictObject(TaskFilters);
export const TaskStatsQuery = z.strictObject({
  assignee: z.optional(AssigneeFilter),
  ...asOfField(),
});

export const TaskList = pageOf('TaskList', TaskView);
export const TaskHistory = z.named('TaskHistory', () => itemsOf(TaskEvent));

export const TaskStats = z.named('TaskStats', () =>
  z.strictObject({
    asOf: BusinessDate,
    /** Present when some task's figures are not exact; `unavailable` ones count as not overdue. */
    calendarGap: z.optional(CalendarGap),
    total: z.int(),
    open: z.int(),
    overdue: z.int(),
    finished: z.int(),
    cancelled: z.int(),
    /** Finished by the original due date, over all finished: extensions do not count as on time. */
    onTimeRate: Ratio,
  }),
);
export type TaskStats = z.infer<typeof TaskStats>;

export const ExtensionParams = z.strictObject({ id: Ulid, requestId: Ulid });

const notFound = { description: 'No such task (or not yours to see)' };

export const createTaskContract = defineContract({
  name: 'createTask',
  summary: 'Assign a follow-up task (a delegation; a city office for its own org)',
  tags: ['tasks'],
  body: TaskInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: replayableCreated('Assigned', TaskView, ['ETag', 'Location']),
    404: { description: 'A linked obstacle does not exist or is not yours to see' },
    422: keyReused,
  },
});
const taskRoute = (name: string, summary: string): RouteHeading => ({
  name,
  summary,
  tags: ['tasks'],
});

export const listTasksContract = listContract(
  taskRoute('listTasks', 'List tasks: by assignee, status, overdue or due before a date'),
  TaskListQuery,
  { description: 'A page of tasks', schema: TaskList },
);
export const exportTasksContract = exportContract(
  taskRoute('exportTasks', 'The same filtered task list as UTF-8 CSV'),
  TaskExportQuery,
);
export const taskStatsContract = defineContract({
  ...taskRoute(
    'taskStats',
    'Open, overdue and on-time figures (on time = by the original due date)',
  ),
  query: TaskStatsQuery,
  responses: { 200: { description: 'The figures', schema: TaskStats } },
});
export const getTaskContract = readContract(
  {
    ...taskRoute('getTask', 'Get one task; its ETag is the version to send in If-Match'),
    query: z.strictObject(asOfField()),
  },
  IdParams,
  versioned('The task', TaskView),
  notFound,
);
export const getTaskHistoryContract = readContract(
  taskRoute('getTaskHistory', 'Every change and comment of a task, oldest first'),
  IdParams,
  { description: 'The history', schema: TaskHistory },
  notFound,
);
export const transitionTaskContract = ifMatchContract(
  taskRoute('transitionTask', 'Start, complete, verify, return or cancel a task (needs If-Match)'),
  IdParams,
  TaskTransitionInput,
  {
    200: versioned('The task after the change', TaskView),
    404: notFound,
    409: { description: 'Not possible in the current status' },
  },
);
export const commentTaskContract = defineContract({
  name: 'commentTask',
  summary: 'Add a comment to a task',
  tags: ['tasks'],
  params: IdParams,
  body: CommentInput,
  headers: ['Idempotency-Key'],
  responses: {
    201: replayableCreated('The comment, as a history event', TaskEvent),
    404: notFound,
  },
});
export const requestExtensionContract = ifMatchContract(
  taskRoute(
    'requestExtension',
    'The assignee asks for a later due date, with a reason (needs If-Match)',
  ),
  IdParams,
  ExtensionRequestInput,
  {
    201: versioned('The task with the pending request', TaskView),
    404: notFound,
    409: { description: 'A request is already pending, or the task is closed' },
  },
);
export const decideExtensionContract = ifMatchContract(
  taskRoute(
    'decideExtension',
    'The assigner approves or rejects an extension request (needs If-Match)',
  ),
  ExtensionParams,
  ExtensionDecisionInput,
  {
    200: versioned('The task after the decision', TaskView),
    403: { description: 'Only the assigner decides' },
    404: notFound,
    409: { description: 'The request is not pending' },
  },
);
