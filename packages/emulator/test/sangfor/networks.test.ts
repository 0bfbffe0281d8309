import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishTask, type Scp, startScp } from './helpers.js';

const MAIN_AZ = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const EDGE_AZ = 'a2a00002-5cf1-4b6e-9d2a-000000000002';
const VPC = '7bc00001-5cf1-4b6e-9d2a-000000000001';
const SUBNET = '5b000001-5cf1-4b6e-9d2a-000000000001';
const WEB = '5e000001-5cf1-4b6e-9d2a-000000000001';
const DB = '5e000002-5cf1-4b6e-9d2a-000000000002';

describe('sangfor emulator: VPCs and subnets', () => {
  let scp: Scp;
  beforeEach(async () => {
    scp = await startScp();
  });
  afterEach(async () => {
    await scp.close();
  });

  it('lists the seeded VPC and subnet as plain arrays', async () => {
    const vpcs = (await scp.call('GET', '/janus/20180725/vpcs')).json.data;
    expect(vpcs).toEqual([
      expect.objectContaining({ id: VPC, name: 'default-vpc', az_id: MAIN_AZ, status: 'active', shared: 1 }),
    ]);
    const subnets = (await scp.call('GET', '/janus/20180725/subnets', { query: { vpc_id: VPC } })).json.data;
    expect(subnets).toEqual([
      expect.objectContaining({
        id: SUBNET,
        cidr: '192.168.100.0/24',
        gateway_ip: '192.168.100.1',
        vpc_id: VPC,
        is_visible: 1,
        allocation_pools: [{ start: '192.168.100.2', end: '192.168.100.254' }],
      }),
    ]);
  });

  it('creates, reads, renames and deletes a VPC, refusing deletion while it has subnets', async () => {
    const created = await scp.call('POST', '/janus/20180725/vpcs', {
      body: { az_id: MAIN_AZ, name: 'app-vpc', description: 'apps', shared: 0 },
    });
    expect(created.status).toBe(200);
    const { id, task_id: taskId } = created.json.data;
    expect((await scp.call('GET', `/janus/20180725/vpcs/${id}`)).json.data.status).toBe('creating');
    await finishTask(scp, taskId);
    expect((await scp.call('GET', `/janus/20180725/vpcs/${id}`)).json.data.status).toBe('active');

    const renamed = await scp.call('PUT', `/janus/20180725/vpcs/${id}`, { body: { name: 'app-vpc-2' } });
    expect(renamed.json.data).toMatchObject({ id, name: 'app-vpc-2', description: 'apps' });

    const subnet = await scp.call('POST', '/janus/20180725/subnets', {
      body: {
        vpc_id: id,
        az_id: MAIN_AZ,
        cidr: '10.20.0.0/24',
        name: 'app-subnet',
        gateway_ip: '10.20.0.254',
      },
    });
    expect(subnet.status).toBe(200);
    await finishTask(scp, subnet.json.data.task_id);
    const read = (await scp.call('GET', `/janus/20180725/subnets/${subnet.json.data.id}`)).json.data;
    expect(read).toMatchObject({
      cidr: '10.20.0.0/24',
      gateway_ip: '10.20.0.254',
      status: 'active',
      vpc_name: 'app-vpc-2',
    });

    const refused = await scp.call('DELETE', `/janus/20180725/vpcs/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ code: 409, message: 'VPC下存在子网，请先删除子网', data: null });

    const dropSubnet = await scp.call('DELETE', `/janus/20180725/subnets/${subnet.json.data.id}`);
    await finishTask(scp, dropSubnet.json.data.task_id);
    const dropVpc = await scp.call('DELETE', `/janus/20180725/vpcs/${id}`);
    expect(dropVpc.status).toBe(200);
    await finishTask(scp, dropVpc.json.data.task_id);
    expect((await scp.call('GET', `/janus/20180725/vpcs/${id}`)).status).toBe(404);
  });

  it('validates subnets: CIDR syntax, gateway inside, no overlap, no deletion while VMs use it', async () => {
    const bad = await scp.call('POST', '/janus/20180725/subnets', {
      body: { vpc_id: VPC, cidr: '10.0.0.0/33', name: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('cidr输入错误：值必须是合法的CIDR，如192.168.1.0/24');
    const gateway = await scp.call('POST', '/janus/20180725/subnets', {
      body: { vpc_id: VPC, cidr: '10.1.0.0/24', gateway_ip: '10.2.0.1', name: 'x' },
    });
    expect(gateway.json.message).toBe('gateway_ip输入错误：值必须是网段内的IPv4地址');
    const overlap = await scp.call('POST', '/janus/20180725/subnets', {
      body: { vpc_id: VPC, cidr: '192.168.100.128/25', name: 'x' },
    });
    expect(overlap.status).toBe(409);
    const wrongAz = await scp.call('POST', '/janus/20180725/subnets', {
      body: { vpc_id: VPC, az_id: EDGE_AZ, cidr: '10.1.0.0/24', name: 'x' },
    });
    expect(wrongAz.status).toBe(400);
    const inUse = await scp.call('DELETE', `/janus/20180725/subnets/${SUBNET}`);
    expect(inUse.status).toBe(409);
    expect(inUse.json.message).toBe('子网中存在云主机，无法删除');
  });

  it('pages VPC lists when networkListShape is paginated', async () => {
    await scp.close();
    scp = await startScp({ providerOptions: { networkListShape: 'paginated', nextPageNumType: 'string' } });
    const page = (await scp.call('GET', '/janus/20180725/vpcs', { query: { page_num: 0, page_size: 10 } }))
      .json.data;
    expect(page).toMatchObject({ total_size: 1, page_num: 0, page_size: 10, next_page_num: '' });
    const servers = (await scp.call('GET', '/janus/20180725/servers', { query: { page_size: 1 } })).json.data;
    expect(servers.next_page_num).toBe('1');
  });
});

describe('sangfor emulator: elastic IPs', () => {
  let scp: Scp;
  beforeEach(async () => {
    scp = await startScp();
  });
  afterEach(async () => {
    await scp.close();
  });

  async function allocate(body: Record<string, unknown> = {}) {
    const answer = await scp.call('POST', '/janus/20180725/eips', {
      body: { az_id: MAIN_AZ, bandwidth_mb: 50, ...body },
    });
    expect(answer.status).toBe(200);
    return answer.json.data as { id: string; ip: string };
  }

  it('allocates from the pool, binds to one server at a time, unbinds and releases', async () => {
    const eip = await allocate({ name: 'web-ip' });
    expect(eip).toMatchObject({ ip: '203.0.113.10', status: 'inactive', bandwidth_mb: 50, name: 'web-ip' });

    const bind = await scp.call('POST', `/janus/20180725/eips/${eip.id}/action`, {
      body: { action: 'bind', server_id: WEB },
    });
    expect((await scp.call('GET', `/janus/20180725/eips/${eip.id}`)).json.data.status).toBe('binding');
    expect((await finishTask(scp, bind.json.data.task_id)).json.data.status).toBe('finish');
    const bound = (await scp.call('GET', `/janus/20180725/floatingips/${eip.id}`)).json.data;
    expect(bound).toMatchObject({
      status: 'active',
      server_id: WEB,
      floating_ip: '203.0.113.10',
      bandwidth: { qos_uplink: 50, qos_downlink: 50 },
      binding_info: { az_id: MAIN_AZ, vpc_id: VPC },
      fixed_ip_address: '192.168.100.10',
    });
    const server = (await scp.call('GET', `/janus/20180725/servers/${WEB}`)).json.data;
    expect(server.floatingip).toMatchObject({
      floatingip_id: eip.id,
      floating_ip_address: '203.0.113.10',
      bind_status: 1,
    });

    const elsewhere = await scp.call('POST', `/janus/20180725/eips/${eip.id}/action`, {
      body: { action: 'bind', server_id: DB },
    });
    expect((await finishTask(scp, elsewhere.json.data.task_id)).json.data).toMatchObject({
      status: 'failure',
      description: '弹性IP已绑定其他云主机',
    });
    const second = await allocate();
    const secondBind = await scp.call('POST', `/janus/20180725/eips/${second.id}/action`, {
      body: { action: 'bind', server_id: WEB },
    });
    expect((await finishTask(scp, secondBind.json.data.task_id)).json.data.description).toBe(
      '云主机已绑定其他弹性IP',
    );

    const busyRelease = await scp.call('DELETE', `/janus/20180725/eips/${eip.id}`);
    expect(busyRelease.status).toBe(409);

    const unbind = await scp.call('POST', `/janus/20180725/eips/${eip.id}/action`, {
      body: { action: 'unbind' },
    });
    await finishTask(scp, unbind.json.data.task_id);
    expect((await scp.call('GET', `/janus/20180725/eips/${eip.id}`)).json.data).toMatchObject({
      status: 'inactive',
      server_id: '',
    });
    expect((await scp.call('GET', `/janus/20180725/servers/${WEB}`)).json.data.floatingip).toEqual({});

    const released = await scp.call('DELETE', `/janus/20180725/eips/${eip.id}`);
    expect(released.status).toBe(200);
    expect((await scp.call('GET', `/janus/20180725/eips/${eip.id}`)).status).toBe(404);
  });

  it('updates bandwidth and serves both list paths', async () => {
    const eip = await allocate();
    const updated = await scp.call('PUT', `/janus/20180725/eips/${eip.id}`, { body: { bandwidth_mb: 200 } });
    expect(updated.json.data.bandwidth_mb).toBe(200);
    const paged = (await scp.call('GET', '/janus/20180725/eips', { query: { page_num: 0, page_size: 10 } }))
      .json.data;
    expect(paged.total_size).toBe(1);
    expect(paged.data[0].id).toBe(eip.id);
    const plain = (await scp.call('GET', '/janus/20180725/floatingips')).json.data;
    expect(plain.map((e: { id: string }) => e.id)).toEqual([eip.id]);
    const pools = (await scp.call('GET', '/janus/20180725/floatingippools')).json.data;
    expect(pools[0]).toMatchObject({ name: 'public-main', used: 1 });
    const tooMuch = await scp.call('PUT', `/janus/20180725/eips/${eip.id}`, { body: { bandwidth_mb: 0 } });
    expect(tooMuch.status).toBe(400);
  });

  it('takes a requested address, refuses a taken one and runs dry', async () => {
    const chosen = await allocate({ ip: '203.0.113.77' });
    expect(chosen.ip).toBe('203.0.113.77');
    const taken = await scp.call('POST', '/janus/20180725/floatingips', {
      body: { az_id: MAIN_AZ, ip: '203.0.113.77' },
    });
    expect(taken.status).toBe(409);
    const edge = await allocate({ az_id: EDGE_AZ });
    expect(edge.ip).toBe('198.51.100.10');
    const crossBind = await scp.call('POST', `/janus/20180725/eips/${edge.id}/action`, {
      body: { action: 'bind', server_id: WEB },
    });
    expect((await finishTask(scp, crossBind.json.data.task_id)).json.data.description).toBe(
      '弹性IP与云主机不在同一资源池',
    );
    for (let i = 0; i < 3; i++) await allocate({ az_id: EDGE_AZ });
    const dry = await scp.call('POST', '/janus/20180725/eips', { body: { az_id: EDGE_AZ } });
    expect(dry.status).toBe(409);
    expect(dry.json.message).toBe('弹性IP地址池public-edge已耗尽');
  });
});
