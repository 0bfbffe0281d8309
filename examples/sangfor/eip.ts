/** Seed "Elastic IP": allocate, bind to a VM, unbind, release. */
import { eipAddress } from 'yunkit/sangfor';
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect, createVm, discover } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const inventory = await discover(scp);
  const vmId = await createVm(scp, inventory, 'eip-demo');

  // Allocate.
  const eip = await scp.eips.allocate({ az_id: inventory.azId, bandwidth_mb: 100 });
  await scp.tasks.wait(eip.task_id);
  const eipId = eip.id;
  env.log(`allocated ${eipAddress(eip) ?? eipId}`);

  // Bind to a VM.
  await scp.tasks.wait(await scp.eips.bind(eipId, { server_id: vmId }));
  env.log(`bound to ${vmId}`);

  // Unbind and release.
  await scp.tasks.wait(await scp.eips.unbind(eipId));
  await scp.tasks.wait(await scp.eips.release(eipId));
  env.log('released');
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
