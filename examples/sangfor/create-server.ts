/** Seed "Create a VM and Wait for Completion". */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect, discover } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const { azId, imageId, storageTagId, vpcId, subnetId } = await discover(scp);

  const result = await scp.servers.create({
    az_id: azId,
    image_id: imageId,
    storage_tag_id: storageTagId,
    cores: 2,
    memory_mb: 2048,
    name: 'my-vm',
    networks: [{ vif_id: 'net0', vpc_id: vpcId, subnet_id: subnetId, connect: 1, model: 'virtio' }],
    power_on: true,
  });

  // Wait up to 5 minutes for the VM to be ready.
  await scp.tasks.wait(result.task_id, { timeout: 300_000 });
  const vmId = result.uuids[0];
  env.log(`VM created: ${vmId}`);
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
