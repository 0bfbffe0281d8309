import type { EmulatorContext, TaskHandlers, TaskRecord, TaskScheduler, TaskStart } from './types.js';

/** What is persisted per task: the state is derived from these and the clock. */
export interface StoredTask {
  id: string;
  kind: string;
  createdAt: number;
  startedAt: number;
  durationMs: number;
  data: Record<string, unknown>;
  /**
   * Set at start when the task is doomed, or at completion when its success handler threw; the reason
   * becomes TaskRecord.error.
   */
  fail?: string;
  /** Set when the task completes, at createdAt + durationMs: it is then final. */
  outcome?: 'succeeded' | 'failed';
}

export const DEFAULT_TASK_MS = 2000;

/** The first tenth of a task's duration is spent queued, like a cloud's scheduler picking it up. */
const QUEUED_FRACTION = 0.1;

export class ClockTaskScheduler implements TaskScheduler {
  private readonly handlers = new Map<string, TaskHandlers>();
  private tasks = new Map<string, StoredTask>();
  private ticking = false;

  constructor(private readonly ctx: EmulatorContext) {}

  define(kind: string, handlers: TaskHandlers): void {
    this.handlers.set(kind, handlers);
  }

  start(init: TaskStart): TaskRecord {
    if (typeof init.kind !== 'string' || init.kind === '')
      throw new TypeError('task kind must be a non-empty string');
    const fate = this.ctx.faults.taskFate();
    const baseMs = init.durationMs ?? this.ctx.options.taskMs ?? DEFAULT_TASK_MS;
    if (!Number.isFinite(baseMs) || baseMs < 0) throw new RangeError('task durationMs must be >= 0');
    const durationMs = Math.round(baseMs * fate.slowFactor);
    const id = init.id ?? this.ctx.random.uuid();
    if (this.tasks.has(id)) throw new Error(`task id already in use: ${id}`);
    const createdAt = this.ctx.clock.now();
    const stored: StoredTask = {
      id,
      kind: init.kind,
      createdAt,
      startedAt: createdAt + Math.round(durationMs * QUEUED_FRACTION),
      durationMs,
      data: init.data ?? {},
    };
    const fail = init.fail ?? fate.fail;
    if (fail !== undefined) stored.fail = fail;
    this.tasks.set(id, stored);
    return this.view(stored, createdAt);
  }

  get(id: string): TaskRecord | undefined {
    this.tick();
    const stored = this.tasks.get(id);
    return stored === undefined ? undefined : this.view(stored, this.ctx.clock.now());
  }

  list(): TaskRecord[] {
    this.tick();
    const now = this.ctx.clock.now();
    return [...this.tasks.values()].map((stored) => this.view(stored, now));
  }

  tick(): void {
    // A completion handler may start another task or read tasks; it must not re-enter the loop.
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.ctx.clock.now();
      const due = [...this.tasks.values()]
        .filter((task) => task.outcome === undefined && task.createdAt + task.durationMs <= now)
        .sort((a, b) => a.createdAt + a.durationMs - (b.createdAt + b.durationMs));
      for (const task of due) this.complete(task);
    } finally {
      this.ticking = false;
    }
  }

  /** Persisted form, for the state file. */
  dump(): StoredTask[] {
    return JSON.parse(JSON.stringify([...this.tasks.values()])) as StoredTask[];
  }

  load(tasks: StoredTask[]): void {
    this.tasks = new Map(tasks.map((task) => [task.id, task]));
  }

  clear(): void {
    this.tasks.clear();
  }

  private complete(task: StoredTask): void {
    const finishedAt = task.createdAt + task.durationMs;
    const handlers = this.handlers.get(task.kind);
    if (task.fail === undefined) {
      try {
        task.outcome = 'succeeded';
        handlers?.onSuccess?.(this.view(task, finishedAt), this.ctx);
        return;
      } catch (error) {
        // The effect could not be applied (e.g. the resource was deleted meanwhile): the task fails
        // with the reason instead of claiming a success that left no trace.
        task.fail = error instanceof Error ? error.message : String(error);
      }
    }
    task.outcome = 'failed';
    try {
      handlers?.onFailure?.(this.view(task, finishedAt), this.ctx);
    } catch {
      // A failing failure handler must not stop the other tasks from completing.
    }
  }

  private view(task: StoredTask, now: number): TaskRecord {
    const record: TaskRecord = {
      id: task.id,
      kind: task.kind,
      state: 'queued',
      progress: 0,
      createdAt: task.createdAt,
      startedAt: task.startedAt,
      durationMs: task.durationMs,
      // The same object, so handlers can record results that outlive the call.
      data: task.data,
    };
    if (task.outcome !== undefined) {
      const finishedAt = task.createdAt + task.durationMs;
      record.state = task.outcome;
      record.finishedAt = finishedAt;
      if (task.outcome === 'succeeded') {
        record.progress = 100;
      } else {
        // Where it stood just before it failed.
        record.progress = progressAt(task, finishedAt - 1);
        if (task.fail !== undefined) record.error = task.fail;
      }
      return record;
    }
    if (now >= task.startedAt) {
      record.state = 'running';
      record.progress = progressAt(task, now);
    }
    return record;
  }
}

function progressAt(task: StoredTask, now: number): number {
  const runMs = task.createdAt + task.durationMs - task.startedAt;
  if (now < task.startedAt) return 0;
  if (runMs <= 0) return 99;
  return Math.max(0, Math.min(99, Math.floor(((now - task.startedAt) / runMs) * 100)));
}
