import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scp, startScp } from './helpers.js';

const MAIN_AZ = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const EDGE_AZ = 'a2a00002-5cf1-4b6e-9d2a-000000000002';
const HOST = 'b0000001-5cf1-4b6e-9d2a-000000000001';
const CENTOS = 'e0000001-5cf1-4b6e-9d2a-000000000001';

describe('sangfor emulator: seeded inventory and read-only routes', () => {
  let scp: Scp;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(async () => {
    await scp.close();
  });

  it('lists two resource pools in data.data and details one with resources', async () => {
    const list = await scp.call('GET', '/janus/20190725/azs', { query: { page_num: 0, page_size: 100 } });
    expect(list.json.data.total_size).toBe(2);
    expect(list.json.data.data.map((az: { id: string }) => az.id)).toEqual([MAIN_AZ, EDGE_AZ]);
    expect(list.json.data.data[0]).toMatchObject({ name: 'HCI-Pool-Main', type: 'hci', status: 'normal' });
    const detail = (await scp.call('GET', `/janus/20180725/azs/${MAIN_AZ}`)).json.data;
    expect(detail.physical_resources.map((r: { name: string }) => r.name)).toEqual([
      'cpu',
      'memory',
      'storage',
    ]);
    expect(detail.physical_resources[0]).toMatchObject({ unit: 'MHz', total: 2 * 64 * 2400 });
    expect(detail.virtual_resources[0]).toMatchObject({ name: 'vcpu', total: 1024, allocated: 6 });
    expect(detail.dhs).toEqual([]);
    const unknown = await scp.call('GET', '/janus/20180725/azs/a2a00009-5cf1-4b6e-9d2a-000000000009');
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toBe('资源池不存在');
  });

  it('summarises the platform in the overview, for all pools or one', async () => {
    const all = (await scp.call('GET', '/janus/20180725/overview')).json.data;
    expect(all).toMatchObject({
      host: { total: 4, online_count: 3 },
      server: { total: 2, running_count: 1 },
      az: { total: 2, online_count: 2 },
      nfv: { total: 0, running_count: 0 },
    });
    const edge = (await scp.call('GET', '/janus/20180725/overview', { query: { az_id: EDGE_AZ } })).json.data;
    expect(edge.host).toEqual({ total: 2, online_count: 1 });
    expect(edge.server).toEqual({ total: 0, running_count: 0 });
  });

  it('returns storage tags and storages as plain arrays', async () => {
    const tags = (await scp.call('GET', '/janus/20180725/storages/tags', { query: { az_id: MAIN_AZ } })).json
      .data;
    expect(Array.isArray(tags)).toBe(true);
    expect(tags.map((t: { id: string }) => t.id)).toEqual([
      '00000000-0000-0000-0000-000000000000',
      '11111111-1111-1111-1111-111111111111',
    ]);
    expect(tags[0]).toHaveProperty('ratio');
    const edgeTags = (await scp.call('GET', '/janus/20180725/storages/tags', { query: { az_id: EDGE_AZ } }))
      .json.data;
    expect(edgeTags).toHaveLength(1);
    const storages = (await scp.call('GET', '/janus/20190725/storages')).json.data;
    expect(storages).toHaveLength(3);
    expect(Object.keys(storages[0]).sort()).toEqual(
      [
        'id',
        'name',
        'type',
        'status',
        'storage_tag_id',
        'az_id',
        'total_mb',
        'used_mb',
        'ratio',
        'read_byteps',
        'write_byteps',
        'max_read_byteps',
        'max_write_byteps',
      ].sort(),
    );
  });

  it('lists ISO and aCloud images with filters and reads one', async () => {
    const iso = (await scp.call('GET', '/janus/20180725/images', { query: { disk_format: 'ISO' } })).json
      .data;
    expect(iso.total_size).toBe(2);
    expect(iso.data.every((i: { disk_format: string }) => i.disk_format === 'ISO')).toBe(true);
    const acloud = (
      await scp.call('GET', '/janus/20180725/images', { query: { disk_format: 'aCloud', az_id: MAIN_AZ } })
    ).json.data;
    expect(acloud.data.map((i: { name: string }) => i.name)).toEqual([
      'CentOS-7.9-x86_64',
      'Ubuntu-22.04-Server',
      'Broken-Template',
    ]);
    const priv = (await scp.call('GET', '/janus/20180725/images', { query: { image_type: 'private' } })).json
      .data;
    expect(priv.total_size).toBe(1);
    const one = (await scp.call('GET', `/janus/20180725/images/${CENTOS}`)).json.data;
    expect(one).toMatchObject({ id: CENTOS, disk_format: 'aCloud', os_type: 'l2664', status: 'active' });
  });

  it('lists and reads tenants', async () => {
    const list = (
      await scp.call('GET', '/janus/20190725/projects', { query: { page_num: 0, page_size: 50 } })
    ).json.data;
    expect(list.total_size).toBe(2);
    expect(list.data[1]).toMatchObject({
      name: 'dev-team',
      user_name: 'dev_admin',
      enabled: 1,
      role_type: 'tenant',
    });
    const one = (await scp.call('GET', `/janus/20180725/projects/${list.data[0].id}`)).json.data;
    expect(one.azs).toEqual([
      { id: MAIN_AZ, name: 'HCI-Pool-Main' },
      { id: EDGE_AZ, name: 'HCI-Pool-Edge' },
    ]);
    const byKeyword = (await scp.call('GET', '/janus/20190725/projects', { query: { keywords: 'dev' } })).json
      .data;
    expect(byKeyword.total_size).toBe(1);
  });

  it('lists hosts with the fields S6/S7 read, reads one, and lists its interfaces', async () => {
    const list = (await scp.call('GET', '/janus/20190725/hosts', { query: { page_size: 1000 } })).json.data;
    expect(list.total_size).toBe(4);
    expect(list.data[0]).toMatchObject({
      id: HOST,
      name: 'node-main-01',
      ip: '10.10.0.11',
      status: 'running',
      cluster_name: 'cluster-main',
      cluster_type: 'hci',
      az_id: MAIN_AZ,
      cpu: { total_mhz: 153600, core_count: 64, socket_count: 2 },
      memory: { total_mb: 524288 },
      storage: { total_mb: 20971520 },
    });
    const offline = (await scp.call('GET', '/janus/20180725/hosts', { query: { status: 'offline' } })).json
      .data;
    expect(offline.data.map((h: { name: string }) => h.name)).toEqual(['node-edge-02']);
    const one = await scp.call('GET', `/janus/20190725/hosts/${HOST}`);
    expect(one.json.data.name).toBe('node-main-01');
    const nics = (
      await scp.call('GET', `/janus/20180725/hosts/${HOST}/interfaces`, { query: { function: 'mgmt' } })
    ).json.data;
    expect(nics).toEqual([expect.objectContaining({ function: 'mgmt', name: 'eth0', ip: '10.10.0.11' })]);
  });

  it('lists clusters and answers the system endpoints', async () => {
    const clusters = (await scp.call('GET', '/janus/20210725/clusters', { query: { page_size: 10 } })).json
      .data;
    expect(clusters.data.map((c: { name: string }) => c.name)).toEqual(['cluster-main', 'cluster-edge']);
    const version = (await scp.call('GET', '/janus/20180725/system/version')).json.data;
    expect(version.build_version).toMatch(/^SCP\d+\.\d+\.\d+ B-/);
    expect(Array.isArray(version.custom_version)).toBe(true);
    expect((await scp.call('GET', '/janus/20180725/system/maintenance')).json.data).toEqual({
      maintain_mode: 0,
    });
    const platform = (await scp.call('GET', '/janus/20180725/platform')).json.data;
    expect(platform).toHaveProperty('manage_mode');
    expect(platform).toHaveProperty('region_info');
    expect(platform).toHaveProperty('dcluster_info');
    const license = (await scp.call('GET', '/janus/20180725/licenses/summary')).json.data;
    expect(license).toMatchObject({ status: 'valid' });
    expect(license.products.length).toBeGreaterThan(0);
  });

  it('reads one cluster and lists tasks newest first', async () => {
    const cluster = (await scp.call('GET', '/janus/20180725/clusters/c1c00001-5cf1-4b6e-9d2a-000000000001'))
      .json.data;
    expect(cluster).toMatchObject({ name: 'cluster-main', az_id: MAIN_AZ, host_count: 2 });
    const first = await scp.call(
      'POST',
      '/janus/20180725/servers/5e000002-5cf1-4b6e-9d2a-000000000002/start',
      {
        body: {},
      },
    );
    scp.advance(1000);
    const tasks = (
      await scp.call('GET', '/janus/20180725/tasks', { query: { page_size: 10, status: 'finish' } })
    ).json.data;
    expect(tasks.data[0]).toMatchObject({
      id: first.json.data.task_id,
      action: 'start_server',
      status: 'finish',
    });
  });

  it('projects list items onto the fields asked for', async () => {
    const page = (await scp.call('GET', '/janus/20190725/azs', { query: { fields: 'id,name' } })).json.data;
    expect(page.data[0]).toEqual({ id: MAIN_AZ, name: 'HCI-Pool-Main' });
  });

  it('answers unknown routes and methods in the SCP error shape', async () => {
    const route = await scp.call('GET', '/janus/20180725/nothing-here');
    expect(route.status).toBe(404);
    expect(route.json).toEqual({ code: 404, message: '请求的资源不存在', data: null });
    const method = await scp.call('PATCH', `/janus/20180725/azs/${MAIN_AZ}`);
    expect(method.status).toBe(405);
    expect(method.json.code).toBe(405);
  });
});

describe('sangfor emulator: API version segments', () => {
  let scp: Scp;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(async () => {
    await scp.close();
  });

  const VERSIONS = ['20180725', '20190725', '20200725', '20210725', '20240725'];
  // Every read the client makes (docs/sangfor.md), by the seeded ids.
  const READS = [
    '/servers',
    '/servers/5e000001-5cf1-4b6e-9d2a-000000000001',
    '/tasks',
    '/azs',
    `/azs/${MAIN_AZ}`,
    '/overview',
    '/storages/tags',
    '/storages',
    '/images',
    `/images/${CENTOS}`,
    '/projects',
    '/projects/f0000001-5cf1-4b6e-9d2a-000000000001',
    '/hosts',
    `/hosts/${HOST}`,
    `/hosts/${HOST}/interfaces`,
    '/vpcs',
    '/vpcs/7bc00001-5cf1-4b6e-9d2a-000000000001',
    '/subnets',
    '/subnets/5b000001-5cf1-4b6e-9d2a-000000000001',
    '/volumes',
    '/volumes/d0000001-5cf1-4b6e-9d2a-000000000001',
    '/eips',
    '/floatingips',
    '/floatingippools',
    '/clusters',
    '/system/version',
    '/system/maintenance',
    '/platform',
    '/licenses/summary',
  ];

  it('answers every read the client makes under every YYYY0725 version seen', async () => {
    const failures: string[] = [];
    for (const version of VERSIONS) {
      for (const route of READS) {
        const answer = await scp.call('GET', `/janus/${version}${route}`);
        if (answer.status !== 200 || answer.json?.code !== 0)
          failures.push(`${version}${route}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('takes writes under any version, and the task is readable under any other', async () => {
    for (const version of VERSIONS) {
      const created = await scp.call('POST', `/janus/${version}/vpcs`, {
        body: { az_id: MAIN_AZ, name: `vpc-${version}` },
      });
      expect(created.status).toBe(200);
      const task = await scp.call('GET', `/janus/20240725/tasks/${created.json.data.task_id}`);
      expect(task.json.data.task_id).toBe(created.json.data.task_id);
    }
    expect((await scp.call('GET', '/janus/v2/vpcs')).status).toBe(404);
    expect((await scp.call('GET', '/janus/20180726/vpcs')).status).toBe(404);
  });
});

describe('sangfor emulator: realSystem404', () => {
  it('reproduces the 404s real systems gave for hosts/{id}, images/{id} and interfaces outside 20180725', async () => {
    const scp = await startScp({ providerOptions: { realSystem404: true } });
    try {
      expect((await scp.call('GET', `/janus/20190725/hosts/${HOST}`)).status).toBe(404);
      expect((await scp.call('GET', `/janus/20180725/hosts/${HOST}`)).status).toBe(404);
      expect((await scp.call('GET', `/janus/20180725/images/${CENTOS}`)).status).toBe(404);
      expect((await scp.call('GET', `/janus/20190725/hosts/${HOST}/interfaces`)).status).toBe(404);
      expect((await scp.call('GET', `/janus/20180725/hosts/${HOST}/interfaces`)).status).toBe(200);
      expect((await scp.call('GET', '/janus/20190725/hosts')).status).toBe(200);
    } finally {
      await scp.close();
    }
  });
});
