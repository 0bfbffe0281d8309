import type { RunningEmulator } from '@yunkit/emulator';
import { SANGFOR_SEED } from '@yunkit/emulator/sangfor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, NotFoundError, RateLimitError } from 'yunkit/core';
import { eipAddress, eipServerId, type SangforClient } from 'yunkit/sangfor';
import {
  ec2Client,
  type Inventory,
  inventory,
  startScp,
  tokenClient,
  vmRequest,
  wireLog,
} from './emulator.js';

describe('read-only resources', () => {
  let scp: RunningEmulator;
  let client: SangforClient;

  beforeAll(async () => {
    scp = await startScp();
    client = tokenClient(scp);
  });
  afterAll(async () => {
    client.close();
    await scp.close();
  });

  it('resource pools: list, get, overview, storage tags', async () => {
    const pools = await client.resourcePools.list();
    expect(pools.length).toBeGreaterThanOrEqual(2);
    const az = pools[0]!;
    const detail = await client.resourcePools.get(az.id);
    expect(detail.id).toBe(az.id);
    expect(detail.physical_resources?.map((r) => r.name)).toEqual(
      expect.arrayContaining(['cpu', 'memory', 'storage']),
    );
    const overview = await client.resourcePools.overview();
    expect(overview.server.total).toBeGreaterThanOrEqual(overview.server.running_count);
    expect(overview.az.total).toBe(pools.length);
    const one = await client.resourcePools.overview(az.id);
    expect(one.server.total).toBeLessThanOrEqual(overview.server.total);
    const tags = await client.resourcePools.storageTags(az.id);
    expect(tags.map((t) => t.id)).toContain(SANGFOR_SEED.storageTags.default);
    // The seeded ids users script against are importable from the emulator package.
    expect(pools.map((p) => p.id)).toEqual(expect.arrayContaining(Object.values(SANGFOR_SEED.azs)));
    const page = await client.resourcePools.listPage({ page_size: 1 });
    expect(page.total_size).toBe(pools.length);
  });

  it('tenants: list, get, findByName', async () => {
    const tenants = await client.tenants.list();
    expect(tenants.length).toBeGreaterThanOrEqual(1);
    const first = tenants[0]!;
    expect((await client.tenants.get(first.id)).name).toBe(first.name);
    expect((await client.tenants.findByName(first.name))?.id).toBe(first.id);
    expect(await client.tenants.findByName('no-such-tenant-名字')).toBeUndefined();
    await expect(client.tenants.get('00000000-0000-4000-8000-00000000beef')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('images: list ISO and aCloud, get', async () => {
    const iso = await client.images.listIso();
    const acloud = await client.images.list({ disk_format: 'aCloud' });
    expect(iso.length).toBeGreaterThan(0);
    expect(acloud.length).toBeGreaterThan(0);
    expect(iso.every((i) => i.disk_format === 'ISO')).toBe(true);
    expect(acloud.every((i) => i.disk_format === 'aCloud')).toBe(true);
    expect((await client.images.listACloud()).length).toBe(acloud.length);
    const image = await client.images.get(acloud[0]!.id);
    expect(image.name).toBe(acloud[0]!.name);
  });

  it('hosts: list, get, interfaces', async () => {
    const hosts = await client.hosts.list();
    expect(hosts.length).toBeGreaterThan(0);
    const host = await client.hosts.get(hosts[0]!.id);
    expect(host.id).toBe(hosts[0]!.id);
    const all = await client.hosts.interfaces(host.id);
    expect(all.length).toBeGreaterThan(0);
    const mgmt = await client.hosts.interfaces(host.id, { function: 'mgmt' });
    expect(mgmt.length).toBeGreaterThan(0);
    expect(mgmt.every((i) => i.function === 'mgmt')).toBe(true);
  });

  it('system: version, maintenance mode, platform info, licence', async () => {
    expect((await client.system.version()).build_version).toMatch(/^SCP\d/);
    expect(await client.system.maintenanceMode()).toBe(false);
    expect((await client.system.maintenance()).maintain_mode).toBe(0);
    const platform = await client.system.platformInfo();
    expect(platform).toHaveProperty('manage_mode');
    const license = await client.system.license();
    expect(Array.isArray(license.products)).toBe(true);
  });
});

describe('on an SCP that answers 404 for GET /hosts/{id} and /images/{id}, with errcode errors', () => {
  let scp: RunningEmulator;
  let client: SangforClient;
  beforeAll(async () => {
    scp = await startScp({ providerOptions: { realSystem404: true, errorField: 'errcode' } });
    client = ec2Client(scp);
  });
  afterAll(async () => {
    client.close();
    await scp.close();
  });

  it('get falls back to the list, and a truly missing item is still NotFoundError', async () => {
    const [host] = await client.hosts.list();
    expect((await client.hosts.get(host!.id)).name).toBe(host!.name);
    const [image] = await client.images.list();
    expect((await client.images.get(image!.id)).id).toBe(image!.id);
    await expect(client.images.get('00000000-0000-4000-8000-00000000f00d')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(client.hosts.get('host-missing')).rejects.toBeInstanceOf(NotFoundError);
    // Interfaces answer only under 20180725 there, which is the client's default for them.
    expect((await client.hosts.interfaces(host!.id)).length).toBeGreaterThan(0);
  });

  it('maps errcode error bodies onto the same errors', async () => {
    const error = (await client.servers
      .get('00000000-0000-4000-8000-00000000dead')
      .catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toMatch(/^0x/);
    expect(error.cloudMessage).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('networks, volumes and EIPs', () => {
  let scp: RunningEmulator;
  let client: SangforClient;
  let inv: Inventory;

  beforeAll(async () => {
    scp = await startScp();
    client = ec2Client(scp);
    inv = await inventory(client);
  });
  afterAll(async () => {
    client.close();
    await scp.close();
  });

  it('VPCs and subnets: list, create, get, update, delete', async () => {
    const vpc = await client.networks.createVpc({ az_id: inv.azId, name: 'net-it', description: '测试' });
    await client.tasks.wait(vpc.task_id);
    const vpcId = vpc.id ?? (await client.networks.findVpcByName('net-it'))!.id;
    expect((await client.networks.getVpc(vpcId)).name).toBe('net-it');
    expect((await client.networks.listVpcs({ az_id: inv.azId }).toArray()).map((v) => v.id)).toContain(vpcId);

    await client.tasks.wait(
      await client.networks.updateVpc(vpcId, { name: 'net-it-2', description: '改名' }),
    );
    expect(await client.networks.getVpc(vpcId)).toMatchObject({ name: 'net-it-2', description: '改名' });

    const subnet = await client.networks.createSubnet({
      vpc_id: vpcId,
      az_id: inv.azId,
      cidr: '172.16.5.0/24',
      name: 'subnet-it',
      gateway_ip: '172.16.5.1',
      dns_nameservers: ['114.114.114.114'],
    });
    await client.tasks.wait(subnet.task_id);
    const subnetId =
      subnet.id ?? (await client.networks.findSubnetByName('subnet-it', { vpc_id: vpcId }))!.id;
    expect(await client.networks.getSubnet(subnetId)).toMatchObject({
      cidr: '172.16.5.0/24',
      gateway_ip: '172.16.5.1',
      vpc_id: vpcId,
    });
    const subnets = await client.networks.listSubnets({ vpc_id: vpcId }).toArray();
    expect(subnets.map((s) => s.id)).toEqual([subnetId]);
    expect((await client.networks.listSubnetsPage({ vpc_id: vpcId })).data).toHaveLength(1);

    await client.tasks.wait(await client.networks.deleteSubnet(subnetId));
    await expect(client.networks.getSubnet(subnetId)).rejects.toBeInstanceOf(NotFoundError);
    await client.tasks.wait(await client.networks.deleteVpc(vpcId));
    await expect(client.networks.getVpc(vpcId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('volumes: create, list, get, resize, delete', async () => {
    const created = await client.volumes.create({
      az_id: inv.azId,
      storage_tag_id: inv.storageTagId,
      size_mb: 2048,
      name: 'vol-it',
    });
    expect(created.volume_id).toBeTruthy();
    await client.tasks.wait(created.task_id);
    const volume = await client.volumes.get(created.volume_id);
    expect(volume).toMatchObject({ name: 'vol-it', size_mb: 2048, status: 'available' });
    expect((await client.volumes.list({ az_id: inv.azId })).map((v) => v.id)).toContain(created.volume_id);
    expect((await client.volumes.listPage({ page_size: 1 })).data).toHaveLength(1);

    await client.tasks.wait(await client.volumes.resize(created.volume_id, 4096));
    expect((await client.volumes.get(created.volume_id)).size_mb).toBe(4096);

    await client.tasks.wait(await client.volumes.delete(created.volume_id));
    await expect(client.volumes.get(created.volume_id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('EIPs: allocate, list, get, bind, unbind, update bandwidth, release', async () => {
    const vm = await client.servers.create(vmRequest(inv, 'eip-it'));
    await client.tasks.wait(vm.task_id);
    const vmId = vm.uuids[0]!;

    const eip = await client.eips.allocate({ az_id: inv.azId, bandwidth_mb: 50, name: 'eip-it' });
    await client.tasks.wait(eip.task_id);
    expect(eipAddress(eip)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await client.eips.list()).map((e) => e.id)).toContain(eip.id);
    expect(client.eips.collection).toBe('eips');

    await client.tasks.wait(await client.eips.bind(eip.id, { server_id: vmId }));
    expect(eipServerId(await client.eips.get(eip.id))).toBe(vmId);
    expect((await client.servers.get(vmId)).floatingip?.floatingip_id).toBe(eip.id);

    await client.tasks.wait(await client.eips.updateBandwidth(eip.id, 200));
    expect((await client.eips.get(eip.id)).bandwidth_mb).toBe(200);

    await client.tasks.wait(await client.eips.unbind(eip.id));
    expect(eipServerId(await client.eips.get(eip.id))).toBeUndefined();

    await client.tasks.wait(await client.eips.release(eip.id));
    await expect(client.eips.get(eip.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads EIPs from /floatingips when told to (the S10 shape)', async () => {
    const log = wireLog();
    const floating = ec2Client(scp, { eipApi: 'floatingips', hooks: log.hooks });
    try {
      const eip = await client.eips.allocate({ az_id: inv.azId, bandwidth_mb: 10 });
      await client.tasks.wait(eip.task_id);
      const all = await floating.eips.list();
      expect(all.map((e) => e.id)).toContain(eip.id);
      expect(eipAddress((await floating.eips.get(eip.id))!)).toBe(eipAddress(eip));
      expect(log.requests.every((r) => new URL(r.url).pathname.endsWith('/floatingips'))).toBe(true);
    } finally {
      floating.close();
    }
  });
});

describe('throttling and TLS', () => {
  let scp: RunningEmulator;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(() => scp.close());

  it('a 429 is retried after Retry-After; with retries off it is a RateLimitError carrying the delay', async () => {
    const log = wireLog();
    const client = ec2Client(scp, { hooks: log.hooks });
    try {
      scp.context.faults.set({
        retryAfterSeconds: 0,
        rules: [{ path: '/system/version', times: 1, action: 'throttle' }],
      });
      expect((await client.system.version()).build_version).toMatch(/^SCP/);
      expect(log.responses.map((r) => r.status)).toEqual([429, 200]);

      scp.context.faults.set({
        retryAfterSeconds: 2,
        rules: [{ path: '/system/version', times: 1, action: 'throttle' }],
      });
      const error = (await client.system
        .version({ retry: false })
        .catch((e: unknown) => e)) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error.status).toBe(429);
      expect(error.retryAfterMs).toBe(2000);
    } finally {
      scp.context.faults.set({});
      client.close();
    }
  });

  it('verifies the certificate unless given the CA or told not to', async () => {
    const untrusted = ec2Client(scp, { ca: undefined });
    const insecure = ec2Client(scp, { ca: undefined, verifySsl: false });
    try {
      const error = await untrusted.system.version().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).phase).toBe('tls');
      expect((await insecure.system.version()).build_version).toMatch(/^SCP/);
    } finally {
      untrusted.close();
      insecure.close();
    }
  });
});
