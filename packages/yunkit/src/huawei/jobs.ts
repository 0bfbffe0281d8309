/**
 * ECS and EVS asynchronous jobs: `GET /v1/{project_id}/jobs/{job_id}` on the service's endpoint.
 * Status INIT → RUNNING → SUCCESS | FAIL; batch jobs carry one sub-job per server or volume.
 */
import { TaskFailedError } from '../core/errors.js';
import { path } from '../core/path.js';
import { type WaitOptions, waitUntil } from '../core/wait.js';
import type { HuaweiCallOptions, HuaweiContext } from './context.js';
import type { Job } from './ecs/types.js';
import { requireString } from './validate.js';

export interface JobWaitOptions extends Omit<WaitOptions, 'onProgress'> {
  /** Called with every job document that is not final yet (INIT / RUNNING). */
  onProgress?: (job: Job) => void;
  /** Treat a SUCCESS job with failed sub-jobs as a failure. Default true. */
  failOnSubJobFailure?: boolean;
}

/** The reason Huawei gives for a failed job, falling back to the first failed sub-job's. */
export function jobFailureReason(job: Job): string | undefined {
  const own = job.fail_reason ?? job.message ?? job.error_code;
  if (own) return job.error_code && job.fail_reason ? `${job.error_code}: ${job.fail_reason}` : own;
  const sub = job.entities?.sub_jobs?.find((s) => s.status === 'FAIL');
  if (sub) {
    const reason = sub.fail_reason ?? sub.entities?.errorcode_message ?? sub.error_code;
    return `sub-job ${sub.job_id} failed${reason ? `: ${reason}` : ''}`;
  }
  return undefined;
}

export class Jobs {
  constructor(
    private readonly ctx: HuaweiContext,
    private readonly service: 'ecs' | 'evs',
  ) {}

  /** ShowJob: the job document as Huawei returns it. */
  async get(jobId: string, options?: HuaweiCallOptions): Promise<Job> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<Job>({
      service: this.service,
      method: 'GET',
      path: path`/v1/${projectId}/jobs/${jobId}`,
      options,
    });
    return data;
  }

  /**
   * Polls the job until SUCCESS (returns the final document) or FAIL (throws TaskFailedError with
   * the job as `task` and Huawei's fail_reason as `reason`).
   */
  async wait(jobId: string, options: JobWaitOptions = {}): Promise<Job> {
    const { onProgress, failOnSubJobFailure = true, ...waitOptions } = options;
    requireString(jobId, 'jobId');
    return waitUntil(
      () => this.get(jobId, options.signal ? { signal: options.signal } : undefined),
      (job) => {
        const failedSub = job.entities?.sub_jobs?.some((s) => s.status === 'FAIL') ?? false;
        if (job.status === 'FAIL' || (job.status === 'SUCCESS' && failedSub && failOnSubJobFailure)) {
          return {
            failed: new TaskFailedError({
              provider: 'huawei',
              taskId: jobId,
              task: job,
              reason: jobFailureReason(job),
            }),
          };
        }
        if (job.status === 'SUCCESS') return { done: true };
        return { done: false };
      },
      { ...waitOptions, ...(onProgress ? { onProgress: (observed) => onProgress(observed as Job) } : {}) },
    );
  }
}
