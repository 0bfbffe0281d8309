/** `hw.ecs`: Elastic Cloud Server. */
import type { HuaweiContext } from '../context.js';
import { Jobs } from '../jobs.js';
import { Flavors } from './flavors.js';
import { Servers } from './servers.js';

export class EcsService {
  readonly servers: Servers;
  readonly flavors: Flavors;
  /** ECS jobs (`/v1/{project_id}/jobs/{job_id}` on the ECS endpoint). */
  readonly jobs: Jobs;

  constructor(ctx: HuaweiContext) {
    this.servers = new Servers(ctx);
    this.flavors = new Flavors(ctx);
    this.jobs = new Jobs(ctx, 'ecs');
  }
}

export { Flavors } from './flavors.js';
export { Servers } from './servers.js';
export type * from './types.js';
