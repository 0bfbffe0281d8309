import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from 'yunkit/core';
import { HttpHandler, type HuaweiClient, type RawRequestInfo } from 'yunkit/huawei';
import { fastJob, type HuaweiFixture, startHuawei } from './helpers.js';

let fx: HuaweiFixture;
let hw: HuaweiClient;
const seen: RawRequestInfo[] = [];

beforeAll(async () => {
  fx = await startHuawei();
  hw = fx.client({ httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) });
});
afterAll(async () => fx.close());

async function serverPort(): Promise<string> {
  const vpc = await hw.vpc.vpcs.create({ vpc: { name: 'eip', cidr: '10.9.0.0/16' } });
  await hw.vpc.vpcs.waitUntilReady(vpc.id, fastJob);
  const subnet = await hw.vpc.subnets.create({
    subnet: { name: 'eip', cidr: '10.9.1.0/24', gateway_ip: '10.9.1.1', vpc_id: vpc.id },
  });
  await hw.vpc.subnets.waitUntilReady(subnet.id, fastJob);
  const [image] = await hw.ims.images
    .listAll({ __imagetype: 'gold', __platform: 'Ubuntu', architecture: 'x86' })
    .toArray({ limit: 1 });
  const { job_id, serverIds } = await hw.ecs.servers.create({
    server: {
      name: 'eip-host',
      imageRef: image!.id,
      flavorRef: 's6.small.1',
      vpcid: vpc.id,
      nics: [{ subnet_id: subnet.id }],
      root_volume: { volumetype: 'SSD' },
    },
  });
  await hw.ecs.jobs.wait(job_id, fastJob);
  const server = await hw.ecs.servers.get(serverIds[0]!);
  const address = Object.values(server.addresses ?? {}).flat()[0];
  const fromAddress = address?.['OS-EXT-IPS:port_id'];
  const { ports } = await hw.vpc.ports.list({ device_id: server.id });
  expect(ports[0]?.id).toBeTruthy();
  if (fromAddress) expect(fromAddress).toBe(ports[0]!.id);
  expect((await hw.vpc.ports.get(ports[0]!.id)).device_id).toBe(server.id);
  return ports[0]!.id;
}

describe('EIP publicips', () => {
  it('creates, binds to a port, unbinds, changes bandwidth, lists and deletes', async () => {
    const portId = await serverPort();
    const eip = await hw.eip.publicips.create({
      publicip: { type: '5_bgp' },
      bandwidth: { name: 'bw', size: 5, share_type: 'PER', charge_mode: 'traffic' },
    });
    expect(eip.public_ip_address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const bound = await hw.eip.publicips.bind(eip.id, portId);
    expect(bound.port_id).toBe(portId);
    expect((await hw.eip.publicips.get(eip.id)).status).toBe('ACTIVE');
    const byPort = await hw.eip.publicips.list({ port_id: portId });
    expect(byPort.publicips.map((p) => p.id)).toEqual([eip.id]);

    const unbound = await hw.eip.publicips.unbind(eip.id);
    expect(unbound.port_id || null).toBeNull();
    expect((await hw.eip.publicips.get(eip.id)).status).toBe('DOWN');

    const bandwidth = await hw.eip.publicips.updateBandwidth(eip.id, { size: 10 });
    expect(bandwidth.size).toBe(10);
    expect((await hw.eip.publicips.get(eip.id)).bandwidth_size).toBe(10);

    const second = await hw.eip.publicips.create({
      publicip: { type: '5_bgp' },
      bandwidth: { size: 1, share_type: 'PER' },
    });
    const before = seen.length;
    const all = await hw.eip.publicips.listAll({ limit: 1 }).toArray();
    expect(all.map((p) => p.id).sort()).toEqual([eip.id, second.id].sort());
    // Marker paging: each page starts after the last id of the previous one; a short page ends it.
    const markers = seen.slice(before).map((r) => new URLSearchParams(r.pathUrl.split('?')[1]).get('marker'));
    expect(markers).toEqual([null, all[0]!.id, all[1]!.id]);

    await hw.eip.publicips.delete(eip.id);
    await hw.eip.publicips.delete(second.id);
    const err = await hw.eip.publicips.get(eip.id).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
  });

  it('validates before sending', async () => {
    await expect(
      hw.eip.publicips.create({ publicip: { type: '5_bgp' }, bandwidth: { share_type: 'SOME' as 'PER' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(hw.eip.publicips.bind('id', '')).rejects.toThrow(/port_id/);
    await expect(hw.eip.publicips.updateBandwidth('id', {})).rejects.toBeInstanceOf(ValidationError);
  });
});
