/** Seed "Disk Management": a standalone disk, attached to a VM and detached again. */
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect, createVm, discover } from './setup.js';

export async function example(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const inventory = await discover(scp);
  const vmId = await createVm(scp, inventory, 'disk-demo');

  // Create a standalone disk.
  const result = await scp.volumes.create({
    az_id: inventory.azId,
    storage_tag_id: inventory.storageTagId,
    size_mb: 102_400, // 100 GB
    name: 'data-disk',
  });
  await scp.tasks.wait(result.task_id);
  const volumeId = result.volume_id;
  env.log(`disk ${volumeId}: ${(await scp.volumes.get(volumeId)).status}`);

  // Attach to a VM.
  await scp.tasks.wait(await scp.servers.attachVolume(vmId, volumeId));
  env.log(`attached: ${(await scp.volumes.get(volumeId)).status}`);

  // Detach.
  await scp.tasks.wait(await scp.servers.detachVolume(vmId, volumeId));
  env.log(`detached: ${(await scp.volumes.get(volumeId)).status}`);
  scp.close();
}

runIfMain(import.meta.url, 'sangfor', example);
