/** Seed "List All Virtual Machines": every page is fetched lazily, no pagination code needed. */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  for await (const vm of scp.servers.listAll()) {
    env.log(`${vm.id} ${vm.name} ${vm.status}`);
  }

  // Filter by resource pool and status.
  const [az] = await scp.resourcePools.list();
  for await (const vm of scp.servers.listAll({ az_id: az?.id, status: 'running' })) {
    env.log(`running in ${az?.name}: ${vm.name}`);
  }
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
