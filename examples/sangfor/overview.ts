/** Seed "Platform Overview": utilisation summary and SCP version. */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  // Resource utilisation summary.
  const overview = await scp.resourcePools.overview();
  env.log(`Total VMs: ${overview.server.total}`);
  env.log(`Running VMs: ${overview.server.running_count}`);

  // SCP version.
  const info = await scp.system.version();
  env.log(info.build_version);
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
