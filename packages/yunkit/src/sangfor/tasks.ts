/** Asynchronous tasks: `GET /janus/<version>/tasks/{task_id}` and a waiter over it. */
import { TaskFailedError } from '../core/errors.js';
import type { CallOptions, WaitOptions, WaitVerdict } from '../core/index.js';
import { path, waitUntil } from '../core/index.js';
import type { SangforApi } from './api.js';
import type { SangforTask } from './types.js';
import { requireNonNegativeInt, requirePositiveInt, requireToken } from './validate.js';

export interface SangforWaitOptions extends Omit<WaitOptions, 'onProgress'> {
  /** Called with every task document polled, e.g. to print `progress`. */
  onProgress?: (task: SangforTask) => void;
}

const FAILED_STATUSES = new Set(['failure', 'failed', 'error', 'canceled', 'cancelled', 'canceling']);

/** Whether a polled task is done, failed (with a TaskFailedError carrying the task), or still running. */
function taskVerdict(taskId: string, task: SangforTask): WaitVerdict {
  const status = typeof task.status === 'string' ? task.status.toLowerCase() : '';
  if (FAILED_STATUSES.has(status)) {
    const reason =
      typeof task.description === 'string' && task.description !== ''
        ? task.description
        : status.startsWith('cancel')
          ? 'task was canceled'
          : undefined;
    return { failed: new TaskFailedError({ provider: 'sangfor', taskId, task, reason }) };
  }
  if (status === 'finish' || status === 'finished' || status === 'success') return { done: true };
  // Some releases omit `status` on success and report only progress 100.
  if (status === '' && task.progress === 100) return { done: true };
  return { done: false };
}

export class SangforTasks {
  readonly #api: SangforApi;
  readonly #defaults: WaitOptions;

  constructor(api: SangforApi, defaults: WaitOptions) {
    this.#api = api;
    this.#defaults = defaults;
  }

  async get(taskId: string, options?: CallOptions): Promise<SangforTask> {
    requireToken('task_id', taskId);
    return this.#api.get<SangforTask>(this.#api.path('tasks', 'item', path`/tasks/${taskId}`), options);
  }

  /**
   * Polls until the task finishes and returns its last document. Throws TaskFailedError (with the
   * task) on `failure`/`canceled`, WaitTimeoutError past `timeout` (ms, default 5 min), AbortError on
   * `signal`; transient errors while polling are ridden out. An `undefined` task id (an action SCP
   * completed without a task) resolves at once.
   */
  wait(taskId: string, options?: SangforWaitOptions): Promise<SangforTask>;
  wait(taskId: string | undefined, options?: SangforWaitOptions): Promise<SangforTask | undefined>;
  async wait(taskId: string | undefined, options: SangforWaitOptions = {}): Promise<SangforTask | undefined> {
    if (taskId === undefined) return undefined;
    requireToken('task_id', taskId);
    const merged: SangforWaitOptions = { ...this.#defaults, ...dropUndefined(options) };
    if (merged.timeout !== undefined) requireNonNegativeInt('timeout', merged.timeout);
    if (merged.pollInterval !== undefined) requirePositiveInt('pollInterval', merged.pollInterval);
    const { onProgress, signal, ...rest } = merged;
    const waitOptions: WaitOptions = { ...rest };
    if (signal !== undefined) waitOptions.signal = signal;
    if (onProgress !== undefined) waitOptions.onProgress = (observed) => onProgress(observed as SangforTask);
    return waitUntil(
      () => this.get(taskId, signal === undefined ? undefined : { signal }),
      (task) => taskVerdict(taskId, task),
      waitOptions,
    );
  }
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
