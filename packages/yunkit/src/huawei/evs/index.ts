/** `hw.evs`: Elastic Volume Service. */
import type { HuaweiContext } from '../context.js';
import { Jobs } from '../jobs.js';
import { Volumes } from './volumes.js';

export class EvsService {
  readonly volumes: Volumes;
  /** EVS jobs (`/v1/{project_id}/jobs/{job_id}` on the EVS endpoint). */
  readonly jobs: Jobs;

  constructor(ctx: HuaweiContext) {
    this.volumes = new Volumes(ctx);
    this.jobs = new Jobs(ctx, 'evs');
  }
}

export type * from './types.js';
export { Volumes } from './volumes.js';
