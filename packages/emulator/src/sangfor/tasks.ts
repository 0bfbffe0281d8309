/**
 * SCP tasks (reference §7): every mutation answers `{task_id}` and the work shows up when the task finishes.
 * The engine's scheduler drives the clock; this file maps its states to SCP's words and numbers.
 */
import type { EmulatorContext, Router, TaskRecord } from '../engine/index.js';
import { addRoute, type SangforRuntime } from './runtime.js';
import { ok, paginate, queryMatcher, ScpError, scpTime } from './wire.js';

export interface TaskInfo {
  /** SCP's action name, e.g. `create_server`. */
  action: string;
  object_type: 'server' | 'volume' | 'floatingip' | 'vpc' | 'subnet';
  object_id: string;
  object_name: string;
  /** A reason known at request time: the task runs its course, then fails with this description. */
  fail?: string | undefined;
  /** Kind-specific facts the completion handlers need. */
  [key: string]: unknown;
}

/** Starts a task; a known-bad request still gets a task id, and the task fails with the reason (as SCP does). */
export function startTask(ctx: EmulatorContext, kind: string, info: TaskInfo): TaskRecord {
  const { fail, ...data } = info;
  return ctx.tasks.start({ kind, data, ...(fail !== undefined ? { fail } : {}) });
}

/**
 * Starts the task of a request whose checks ran at once: with a `failure` the task runs its course and fails
 * with it, and `applied: false` tells the completion handlers that no transitional state was set to undo.
 */
export function startCheckedTask(
  ctx: EmulatorContext,
  kind: string,
  info: Pick<TaskInfo, 'action' | 'object_type' | 'object_id' | 'object_name'> & Record<string, unknown>,
  failure: string | undefined,
): TaskRecord {
  return startTask(ctx, kind, {
    ...info,
    applied: failure === undefined,
    fail: failure,
  });
}

/**
 * The usual `onFailure` of a task started with `startCheckedTask` and a `previous_status`: the object gets back the
 * status it had before the request, unless the request never set a transitional one.
 */
export function restorePreviousStatus<S extends string>(
  task: TaskRecord,
  table: { get(id: string): { status: S } | undefined },
): void {
  if (task.data['applied'] !== true) return;
  const record = table.get(task.data['object_id'] as string);
  if (record !== undefined) record.status = task.data['previous_status'] as S;
}

type ScpTaskStatus = 'waiting' | 'doing' | 'finish' | 'failure';

function scpStatus(task: TaskRecord): ScpTaskStatus {
  switch (task.state) {
    case 'queued':
      return 'waiting';
    case 'running':
      return 'doing';
    case 'succeeded':
      return 'finish';
    default:
      return 'failure';
  }
}

/** Progress as S1 maps it: waiting −2, doing 0–99, finish 100, failure −1. */
function scpProgress(task: TaskRecord): number {
  switch (task.state) {
    case 'queued':
      return -2;
    case 'running':
      return task.progress;
    case 'succeeded':
      return 100;
    default:
      return -1;
  }
}

/** Failure reasons from the engine's fault injector are English; SCP describes failures in Chinese. */
function describe(task: TaskRecord): string {
  if (task.state !== 'failed') return '';
  const reason = task.error ?? '';
  return /[\u4e00-\u9fff]/.test(reason) ? reason : `任务执行失败：${reason || '内部错误'}`;
}

function renderTask(task: TaskRecord) {
  const data = task.data;
  const status = scpStatus(task);
  return {
    id: task.id,
    task_id: task.id,
    status,
    progress: scpProgress(task),
    description: describe(task),
    action: data['action'] ?? task.kind,
    object_type: data['object_type'] ?? '',
    object_id: data['object_id'] ?? '',
    entities: [
      { id: data['object_id'] ?? '', name: data['object_name'] ?? '', type: data['object_type'] ?? '' },
    ],
    created_at: scpTime(task.createdAt),
    begin_time: task.state === 'queued' ? '' : scpTime(task.startedAt),
    end_time: task.finishedAt !== undefined ? scpTime(task.finishedAt) : '',
  };
}

export function registerTaskRoutes(router: Router, rt: SangforRuntime): void {
  addRoute(router, rt, 'GET', '/janus/:version/tasks/:id', (req, ctx) => {
    const task = ctx.tasks.get(req.params['id']!);
    if (task === undefined) throw new ScpError(404, '任务不存在');
    return ok(renderTask(task));
  });
  // Claimed by one public adapter only (reference §7, [U]); cheap to offer and handy for debugging.
  addRoute(router, rt, 'GET', '/janus/:version/tasks', (req, ctx) => {
    const matches: (task: ReturnType<typeof renderTask>) => boolean = queryMatcher(req.query, {
      status: 'equal',
      // `action` comes from untyped task data.
      action: (wanted, task) => task.action === wanted,
    });
    const items = ctx.tasks
      .list()
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(renderTask)
      .filter(matches);
    return ok(paginate(req.query, items, rt.options));
  });
}
