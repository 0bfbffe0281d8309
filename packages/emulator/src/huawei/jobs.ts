import type { EmulatorContext, EmulatorRequest, Router, TaskRecord } from '../engine/index.js';
import { fail, serviceOf } from './errors.js';
import { collections, type JobRecord, type SubJobRecord } from './state.js';

/**
 * ECS and EVS jobs (`GET /v1/{project_id}/jobs/{job_id}`, reference §2.1 ShowJob). Each sub-job
 * is one engine task with the sub-job's id, so progress, faults and the state file come from the
 * engine; a job's status is derived from its sub-jobs' tasks every time it is shown.
 */

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';

export interface SubJobStart {
  /** Engine task kind whose handlers apply the effect. */
  kind: string;
  jobType: string;
  entities: Record<string, unknown>;
  data: Record<string, unknown>;
  /** Forces the sub-job to fail with this reason; `errorCode` goes into `error_code`. */
  fail?: { reason: string; errorCode: string };
  durationMs?: number;
}

export interface JobStart {
  projectId: string;
  jobType: string;
  entities?: Record<string, unknown>;
  /** One per resource. With `single`, exactly one, and the job is that task (no `sub_jobs`). */
  subJobs: SubJobStart[];
  single?: boolean;
}

/** 32 lower-case hex characters, the form of real job ids. */
export function newJobId(ctx: EmulatorContext): string {
  return ctx.random.hex(32);
}

export function startJob(ctx: EmulatorContext, init: JobStart): JobRecord {
  const jobId = newJobId(ctx);
  const subJobs: SubJobRecord[] = [];
  for (const sub of init.subJobs) {
    const id = init.single ? jobId : newJobId(ctx);
    const data: Record<string, unknown> = { ...sub.data, jobId, projectId: init.projectId };
    if (sub.fail) data.errorCode = sub.fail.errorCode;
    ctx.tasks.start({
      id,
      kind: sub.kind,
      data,
      ...(sub.durationMs !== undefined ? { durationMs: sub.durationMs } : {}),
      ...(sub.fail ? { fail: sub.fail.reason } : {}),
    });
    subJobs.push({ id, jobType: sub.jobType, entities: sub.entities });
  }
  const job: JobRecord = {
    id: jobId,
    projectId: init.projectId,
    jobType: init.jobType,
    beginTime: new Date(ctx.clock.now()).toISOString(),
    entities: init.entities ?? {},
    subJobs,
    single: init.single === true,
  };
  return collections.jobs(ctx).set(jobId, job);
}

/**
 * A job that is a single task (resize, attach, detach, extend, delete, image): no `sub_jobs`; the
 * job shows `jobEntities` (default: the task's entities).
 */
export function startSingleJob(
  ctx: EmulatorContext,
  projectId: string,
  task: SubJobStart,
  jobEntities: Record<string, unknown> = task.entities,
): JobRecord {
  return startJob(ctx, {
    projectId,
    jobType: task.jobType,
    entities: jobEntities,
    subJobs: [task],
    single: true,
  });
}

function statusOf(task: TaskRecord | undefined): JobStatus {
  if (!task) return 'FAIL';
  switch (task.state) {
    case 'queued':
      return 'INIT';
    case 'running':
      return 'RUNNING';
    case 'succeeded':
      return 'SUCCESS';
    default:
      return 'FAIL';
  }
}

function defaultErrorCode(task: TaskRecord | undefined): string {
  const code = task?.data.errorCode;
  if (typeof code === 'string') return code;
  return task?.kind.startsWith('huawei.volume.') ? 'EVS.5400' : 'Ecs.0100';
}

function endTime(task: TaskRecord | undefined): string {
  return task?.finishedAt !== undefined ? new Date(task.finishedAt).toISOString() : '';
}

export function jobStatus(ctx: EmulatorContext, job: JobRecord): JobStatus {
  const statuses = job.subJobs.map((sub) => statusOf(ctx.tasks.get(sub.id)));
  if (statuses.length === 0) return 'SUCCESS';
  if (statuses.every((s) => s === 'SUCCESS')) return 'SUCCESS';
  if (statuses.every((s) => s === 'SUCCESS' || s === 'FAIL')) return 'FAIL';
  if (statuses.every((s) => s === 'INIT')) return 'INIT';
  return 'RUNNING';
}

/** The ShowJob wire shape. */
export function renderJob(ctx: EmulatorContext, job: JobRecord): Record<string, unknown> {
  const tasks = job.subJobs.map((sub) => ctx.tasks.get(sub.id));
  const status = jobStatus(ctx, job);
  const firstFailed = tasks.find((task) => statusOf(task) === 'FAIL');
  const finished = status === 'SUCCESS' || status === 'FAIL';
  const lastEnd = finished
    ? tasks.reduce<number>((latest, task) => Math.max(latest, task?.finishedAt ?? 0), 0)
    : undefined;
  const entities: Record<string, unknown> = { ...job.entities };
  if (!job.single) {
    entities.sub_jobs_total = job.subJobs.length;
    entities.sub_jobs = job.subJobs.map((sub, index) => {
      const task = tasks[index];
      const subStatus = statusOf(task);
      const failed = subStatus === 'FAIL';
      return {
        job_id: sub.id,
        job_type: sub.jobType,
        status: subStatus,
        begin_time: job.beginTime,
        end_time: endTime(task),
        error_code: failed ? defaultErrorCode(task) : null,
        fail_reason: failed ? (task?.error ?? 'the task record was lost') : null,
        entities: failed
          ? { ...sub.entities, errorcode_message: task?.error ?? 'the task record was lost' }
          : sub.entities,
      };
    });
  }
  return {
    job_id: job.id,
    job_type: job.jobType,
    begin_time: job.beginTime,
    end_time: lastEnd ? new Date(lastEnd).toISOString() : '',
    status,
    error_code: status === 'FAIL' ? defaultErrorCode(firstFailed) : null,
    fail_reason: status === 'FAIL' ? (firstFailed?.error ?? 'the task record was lost') : null,
    entities,
  };
}

export function registerJobRoutes(router: Router): void {
  router.add('GET', '/v1/:project_id/jobs/:job_id', (req: EmulatorRequest, ctx) => {
    const job = collections.jobs(ctx).get(req.params.job_id ?? '');
    if (!job || job.projectId !== req.params.project_id) {
      const evs = serviceOf(req) === 'evs';
      fail(404, evs ? 'EVS.2012' : 'Ecs.0104', `Job [${req.params.job_id}] could not be found.`);
    }
    return { body: renderJob(ctx, job) };
  });
}
