/**
 * `npm run demo` runs this against the embedded SCP emulator: create a VPC and a subnet, create a VM
 * and wait for it, attach a new disk, allocate and bind an EIP, power the VM off and on, then clean
 * everything up.
 */
import { eipAddress, type SangforClient } from 'yunkit/sangfor';
import { type ExampleEnv, runIfMain } from '../env.js';
import { connect } from './setup.js';

export async function quickstart(env: ExampleEnv): Promise<void> {
  const scp = connect(env);
  const cleanup: Array<[string, () => Promise<unknown>]> = [];
  let succeeded = false;
  try {
    const version = await scp.system.version();
    env.log(`connected to ${env.endpoint} (${scp.authScheme} auth), ${version.build_version}`);

    const [az] = await scp.resourcePools.list();
    if (az === undefined) throw new Error('no resource pool');
    const [tag] = await scp.resourcePools.storageTags(az.id);
    const [image] = await scp.images.list({ disk_format: 'aCloud', az_id: az.id });
    if (tag === undefined || image === undefined)
      throw new Error('the pool has no storage tag or aCloud image');
    env.log(`resource pool ${az.name}, storage tag ${tag.name}, image ${image.name}`);

    const vpc = await scp.networks.createVpc({
      az_id: az.id,
      name: 'quickstart-vpc',
      description: 'yunkit quickstart',
    });
    await scp.tasks.wait(vpc.task_id);
    const vpcId = await idOf(vpc, () => scp.networks.findVpcByName('quickstart-vpc', { az_id: az.id }));
    cleanup.unshift(['delete VPC', async () => scp.tasks.wait(await scp.networks.deleteVpc(vpcId))]);
    env.log(`created VPC ${vpcId}`);

    const subnet = await scp.networks.createSubnet({
      vpc_id: vpcId,
      az_id: az.id,
      cidr: '192.168.50.0/24',
      gateway_ip: '192.168.50.1',
      name: 'quickstart-subnet',
    });
    await scp.tasks.wait(subnet.task_id);
    const subnetId = await idOf(subnet, () =>
      scp.networks.findSubnetByName('quickstart-subnet', { vpc_id: vpcId }),
    );
    cleanup.unshift(['delete subnet', async () => scp.tasks.wait(await scp.networks.deleteSubnet(subnetId))]);
    env.log(`created subnet ${subnetId} (192.168.50.0/24)`);

    const created = await scp.servers.create({
      az_id: az.id,
      image_id: image.id,
      storage_tag_id: tag.id,
      cores: 2,
      memory_mb: 2048,
      name: 'quickstart-vm',
      networks: [{ vif_id: 'net0', vpc_id: vpcId, subnet_id: subnetId, connect: 1, model: 'virtio' }],
      power_on: true,
    });
    const vmId = created.uuids[0];
    if (vmId === undefined) throw new Error('SCP returned no VM id');
    cleanup.unshift([
      'delete VM',
      async () => scp.tasks.wait(await scp.servers.delete(vmId, { force: true })),
    ]);
    let lastProgress = -1;
    await scp.tasks.wait(created.task_id, {
      timeout: 60_000,
      onProgress: (task) => {
        if (typeof task.progress === 'number' && task.progress !== lastProgress && task.progress >= 0) {
          lastProgress = task.progress;
          env.log(`  creating VM: ${task.status} ${task.progress}%`);
        }
      },
    });
    const vm = await scp.servers.get(vmId);
    env.log(`VM ${vm.name} (${vm.id}) is ${vm.status}, ${vm.cores} cores, ${vm.memory_mb} MB`);

    const disk = await scp.volumes.create({
      az_id: az.id,
      storage_tag_id: tag.id,
      size_mb: 10_240,
      name: 'quickstart-data',
    });
    await scp.tasks.wait(disk.task_id);
    cleanup.unshift(['delete disk', async () => scp.tasks.wait(await scp.volumes.delete(disk.volume_id))]);
    await scp.tasks.wait(await scp.servers.attachVolume(vmId, disk.volume_id));
    cleanup.unshift([
      'detach disk',
      async () => scp.tasks.wait(await scp.servers.detachVolume(vmId, disk.volume_id)),
    ]);
    env.log(`attached a new 10 GB disk ${disk.volume_id}`);

    const eip = await scp.eips.allocate({ az_id: az.id, bandwidth_mb: 100, name: 'quickstart-eip' });
    await scp.tasks.wait(eip.task_id);
    cleanup.unshift(['release EIP', () => scp.eips.release(eip.id)]);
    await scp.tasks.wait(await scp.eips.bind(eip.id, { server_id: vmId }));
    cleanup.unshift(['unbind EIP', async () => scp.tasks.wait(await scp.eips.unbind(eip.id))]);
    const bound = await scp.eips.get(eip.id);
    env.log(`EIP ${eipAddress(bound) ?? eip.id} bound to the VM`);

    await scp.tasks.wait(await scp.servers.powerOff(vmId));
    env.log(`powered off: ${(await scp.servers.get(vmId)).status}`);
    await scp.tasks.wait(await scp.servers.powerOn(vmId));
    env.log(`powered on: ${(await scp.servers.get(vmId)).status}`);
    succeeded = true;
  } finally {
    // A cleanup failure is reported only when the steps themselves succeeded, so it never hides their error.
    await runCleanup(scp, cleanup, env, succeeded);
  }
}

/** VPC/subnet creation answers with an id, a task, or both depending on the SCP release. */
async function idOf(
  created: { id?: string },
  find: () => Promise<{ id: string } | undefined>,
): Promise<string> {
  const id = created.id ?? (await find())?.id;
  if (id === undefined) throw new Error('created, but SCP named no id');
  return id;
}

async function runCleanup(
  scp: SangforClient,
  steps: Array<[string, () => Promise<unknown>]>,
  env: ExampleEnv,
  rethrow: boolean,
): Promise<void> {
  let failed: unknown;
  for (const [label, step] of steps) {
    try {
      await step();
      env.log(`cleanup: ${label}`);
    } catch (error) {
      env.log(`cleanup: ${label} failed: ${(error as Error).message}`);
      failed ??= error;
    }
  }
  scp.close();
  if (rethrow && failed !== undefined) throw failed;
}

runIfMain(import.meta.url, 'sangfor', quickstart);
