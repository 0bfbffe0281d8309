/**
 * Huawei Cloud quickstart (issue 6): VPC + subnet, security group, a server created and waited
 * on through its job, a new EVS volume attached, an EIP created and bound, stop/start, clean up.
 *
 *   npx tsx --conditions=yunkit-source examples/huawei/quickstart.ts
 */
import { NotFoundError, waitUntil } from 'yunkit/core';
import type { JobWaitOptions } from 'yunkit/huawei';
import { HuaweiClient } from 'yunkit/huawei';
import { type ExampleEnv, runIfMain } from '../env.js';

export async function quickstart(env: ExampleEnv): Promise<void> {
  const { accessKey, secretKey, region } = env.credentials;
  // No projectId: the client asks IAM for the region's project (GET /v3/projects?name=<region>).
  const hw = new HuaweiClient({
    region: region ?? 'cn-north-4',
    endpoint: env.endpoint,
    credentials: { ak: accessKey!, sk: secretKey! },
  });
  // Short first poll, growing ×1.5 up to 5 s: quick against the emulator, few calls against the cloud.
  const polling = { pollInterval: 50, maxPollInterval: 5_000 };
  const jobOptions = (what: string): JobWaitOptions => {
    let last: string | undefined;
    return {
      ...polling,
      timeout: 600_000,
      onProgress: (job) => {
        if (job.status !== last) env.log(`  ${what}: job ${job.job_id} ${job.status}`);
        last = job.status;
      },
    };
  };

  try {
    env.log(`project ${await hw.projectId()} resolved through IAM`);

    const [image] = await hw.ims.images
      .listAll({ __imagetype: 'gold', __platform: 'Ubuntu', architecture: 'x86', status: 'active' })
      .toArray({ limit: 1 });
    if (!image) throw new Error('no Ubuntu gold image');
    const { flavors } = await hw.ecs.flavors.list();
    const flavor = flavors.find((f) => f.id === 's6.medium.2') ?? flavors[0];
    if (!flavor) throw new Error('no flavor');
    env.log(`image ${image.name} (${image.id}), flavor ${flavor.id}`);

    const vpc = await hw.vpc.vpcs.create({ vpc: { name: 'yunkit-qs-vpc', cidr: '192.168.0.0/16' } });
    await hw.vpc.vpcs.waitUntilReady(vpc.id, polling);
    env.log(`VPC ${vpc.id} ${vpc.cidr} is OK`);
    const subnet = await hw.vpc.subnets.create({
      subnet: { name: 'yunkit-qs-subnet', cidr: '192.168.1.0/24', gateway_ip: '192.168.1.1', vpc_id: vpc.id },
    });
    await hw.vpc.subnets.waitUntilReady(subnet.id, polling);
    env.log(`subnet ${subnet.id} ${subnet.cidr} is ACTIVE`);

    const group = await hw.vpc.securityGroups.create({
      security_group: { name: 'yunkit-qs-sg', vpc_id: vpc.id },
    });
    await hw.vpc.securityGroupRules.create({
      security_group_rule: {
        security_group_id: group.id,
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '0.0.0.0/0',
      },
    });
    env.log(`security group ${group.id} allows tcp/22`);

    const { job_id, serverIds } = await hw.ecs.servers.create({
      server: {
        name: 'yunkit-qs-server',
        imageRef: image.id,
        flavorRef: flavor.id,
        vpcid: vpc.id,
        nics: [{ subnet_id: subnet.id }],
        root_volume: { volumetype: 'SSD', size: 40 },
        security_groups: [{ id: group.id }],
      },
    });
    const serverId = serverIds[0]!;
    env.log(`server ${serverId} ordered (job ${job_id})`);
    await hw.ecs.jobs.wait(job_id, jobOptions('create server'));
    const server = await hw.ecs.servers.get(serverId);
    const az = server['OS-EXT-AZ:availability_zone'] ?? `${hw.region}a`;
    env.log(`server ${server.name} is ${server.status} in ${az}`);

    const volume = await hw.evs.volumes.create({
      volume: { availability_zone: az, volume_type: 'SSD', size: 20, name: 'yunkit-qs-data' },
    });
    await hw.evs.jobs.wait(volume.job_id, jobOptions('create volume'));
    const volumeId = volume.volume_ids[0]!;
    const attach = await hw.ecs.servers.attachVolume(serverId, { volumeAttachment: { volumeId } });
    await hw.ecs.jobs.wait(attach.job_id, jobOptions('attach volume'));
    const { volumeAttachments } = await hw.ecs.servers.listVolumeAttachments(serverId);
    env.log(`volume ${volumeId} attached (${volumeAttachments.length} attachments on the server)`);

    const eip = await hw.eip.publicips.create({
      publicip: { type: '5_bgp' },
      bandwidth: { name: 'yunkit-qs-bw', size: 5, share_type: 'PER', charge_mode: 'traffic' },
    });
    const { ports } = await hw.vpc.ports.list({ device_id: serverId });
    const portId = ports[0]?.id;
    if (!portId) throw new Error('server has no port');
    const bound = await hw.eip.publicips.bind(eip.id, portId);
    env.log(`EIP ${bound.public_ip_address} bound to port ${portId} (${bound.status})`);

    await hw.ecs.jobs.wait((await hw.ecs.servers.stop(serverId)).job_id, jobOptions('stop'));
    env.log(`server is ${(await hw.ecs.servers.get(serverId)).status}`);
    await hw.ecs.jobs.wait((await hw.ecs.servers.start(serverId)).job_id, jobOptions('start'));
    env.log(`server is ${(await hw.ecs.servers.get(serverId)).status}`);

    env.log('cleaning up');
    await hw.eip.publicips.unbind(eip.id);
    await hw.eip.publicips.delete(eip.id);
    const detach = await hw.ecs.servers.detachVolume(serverId, volumeId);
    await hw.ecs.jobs.wait(detach.job_id, jobOptions('detach volume'));
    const deletedVolume = await hw.evs.volumes.delete(volumeId);
    if (deletedVolume.job_id) await hw.evs.jobs.wait(deletedVolume.job_id, jobOptions('delete volume'));
    const deletedServer = await hw.ecs.servers.delete(serverId, {
      delete_publicip: true,
      delete_volume: true,
    });
    await hw.ecs.jobs.wait(deletedServer.job_id, jobOptions('delete server'));
    await hw.vpc.securityGroups.delete(group.id);
    await hw.vpc.subnets.delete(vpc.id, subnet.id);
    await waitUntilGone(() => hw.vpc.subnets.get(subnet.id), polling);
    await hw.vpc.vpcs.delete(vpc.id);
    env.log('done: EIP, volume, server, security group, subnet and VPC deleted');
  } finally {
    hw.close();
  }
}

/** Subnet deletion finishes asynchronously; the VPC can only go once its subnets are gone. */
async function waitUntilGone(
  get: () => Promise<unknown>,
  polling: { pollInterval: number; maxPollInterval: number },
): Promise<void> {
  await waitUntil(
    async () => {
      try {
        await get();
        return false;
      } catch (error) {
        if (error instanceof NotFoundError) return true;
        throw error;
      }
    },
    (gone) => (gone ? { done: true } : { done: false }),
    { ...polling, timeout: 60_000 },
  );
}

runIfMain(import.meta.url, 'huawei', quickstart);
