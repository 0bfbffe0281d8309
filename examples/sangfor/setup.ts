/**
 * Shared by the Sangfor examples: a client for the running emulator and the ids an example needs
 * (a resource pool, a storage tag, an aCloud image, a VPC and subnet), looked up the way a user
 * would look them up on a real SCP.
 */
import { SangforClient, type SangforClientOptions } from 'yunkit/sangfor';
import type { ExampleEnv } from '../env.js';

/** EC2 (AK/SK) auth, the recommended scheme. The emulator's self-signed certificate is trusted via `ca`. */
export function connect(env: ExampleEnv, extra: Partial<SangforClientOptions> = {}): SangforClient {
  return new SangforClient({
    host: env.endpoint,
    accessKey: env.credentials.accessKey,
    secretKey: env.credentials.secretKey,
    region: 'cn-south-1',
    ca: env.certificate,
    wait: { pollInterval: 100, maxPollInterval: 500 },
    ...extra,
  });
}

export interface Inventory {
  azId: string;
  storageTagId: string;
  imageId: string;
  vpcId: string;
  subnetId: string;
}

export async function discover(scp: SangforClient): Promise<Inventory> {
  const [az] = await scp.resourcePools.list();
  if (az === undefined) throw new Error('no resource pool');
  const [tag] = await scp.resourcePools.storageTags(az.id);
  const [image] = await scp.images.list({ disk_format: 'aCloud', az_id: az.id });
  const [vpc] = await scp.networks.listVpcs({ az_id: az.id }).toArray({ limit: 1 });
  if (tag === undefined || image === undefined || vpc === undefined)
    throw new Error('the pool lacks a storage tag, image or VPC');
  const [subnet] = await scp.networks.listSubnets({ vpc_id: vpc.id }).toArray({ limit: 1 });
  if (subnet === undefined) throw new Error(`VPC ${vpc.id} has no subnet`);
  return { azId: az.id, storageTagId: tag.id, imageId: image.id, vpcId: vpc.id, subnetId: subnet.id };
}

/** Creates a small VM and waits for it; returns its id. */
export async function createVm(scp: SangforClient, inv: Inventory, name: string): Promise<string> {
  const result = await scp.servers.create({
    az_id: inv.azId,
    image_id: inv.imageId,
    storage_tag_id: inv.storageTagId,
    cores: 2,
    memory_mb: 2048,
    name,
    networks: [{ vif_id: 'net0', vpc_id: inv.vpcId, subnet_id: inv.subnetId, connect: 1, model: 'virtio' }],
    power_on: true,
  });
  await scp.tasks.wait(result.task_id, { timeout: 60_000 });
  const vmId = result.uuids[0];
  if (vmId === undefined) throw new Error('SCP returned no VM id');
  return vmId;
}
