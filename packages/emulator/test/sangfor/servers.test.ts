import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishTask, type Scp, startScp, TASK_MS } from './helpers.js';

const MAIN_AZ = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const EDGE_AZ = 'a2a00002-5cf1-4b6e-9d2a-000000000002';
const CENTOS = 'e0000001-5cf1-4b6e-9d2a-000000000001';
const BROKEN = 'e0000006-5cf1-4b6e-9d2a-000000000006';
const EDGE_CENTOS = 'e0000005-5cf1-4b6e-9d2a-000000000005';
const VPC = '7bc00001-5cf1-4b6e-9d2a-000000000001';
const SUBNET = '5b000001-5cf1-4b6e-9d2a-000000000001';
const WEB = '5e000001-5cf1-4b6e-9d2a-000000000001';
const DB = '5e000002-5cf1-4b6e-9d2a-000000000002';
const DATA_VOLUME = 'd0000001-5cf1-4b6e-9d2a-000000000001';
const SERVERS = '/janus/20180725/servers';

function createBody(overrides: Record<string, unknown> = {}) {
  return {
    az_id: MAIN_AZ,
    image_id: CENTOS,
    storage_tag_id: '00000000-0000-0000-0000-000000000000',
    cores: 2,
    sockets: 1,
    memory_mb: 2048,
    count: 1,
    name: 'app',
    networks: [{ vif_id: 'net0', vpc_id: VPC, subnet_id: SUBNET, connect: 1, model: 'virtio' }],
    power_on: 1,
    location: { id: 'cluster' },
    ...overrides,
  };
}

describe('sangfor emulator: servers', () => {
  let scp: Scp;
  beforeEach(async () => {
    scp = await startScp();
  });
  afterEach(async () => {
    await scp.close();
  });

  async function createAndFinish(overrides: Record<string, unknown> = {}): Promise<string[]> {
    const created = await scp.call('POST', SERVERS, { body: createBody(overrides) });
    expect(created.status).toBe(200);
    const task = await finishTask(scp, created.json.data.task_id);
    expect(task.json.data.status).toBe('finish');
    return created.json.data.uuids as string[];
  }

  it('lists the seeded servers in the paginated wrapper with the fields clients read', async () => {
    const answer = await scp.call('GET', SERVERS, { query: { page_num: 0, page_size: 10 } });
    expect(answer.status).toBe(200);
    expect(answer.json.code).toBe(0);
    const page = answer.json.data;
    expect(page).toMatchObject({ total_size: 2, page_num: 0, page_size: 10, next_page_num: '' });
    const web = page.data.find((s: { id: string }) => s.id === WEB);
    expect(web).toMatchObject({
      name: 'web-01',
      status: 'running',
      power_state: 'on',
      az_id: MAIN_AZ,
      az_name: 'HCI-Pool-Main',
      host_name: 'node-main-01',
      cores: 2,
      memory_mb: 4096,
      image_id: CENTOS,
      expire_time: 'unlimited',
    });
    expect(web.networks[0]).toMatchObject({
      vpc_id: VPC,
      subnet_id: SUBNET,
      ip_address: '192.168.100.10',
      vpc_name: 'default-vpc',
      subnet_name: 'default-subnet',
    });
    expect(web.mac_address).toBeUndefined();
    expect(web.networks[0].mac_address).toMatch(/^fe:fc:fe(:[0-9a-f]{2}){3}$/);
    expect(web.disks[0]).toMatchObject({ id: 'ide0', size_mb: 40960, storage_name: 'vs-main' });
    expect(web.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(web.cpu_status).toHaveProperty('ratio');
    expect(web.ips).toEqual(['192.168.100.10']);
  });

  it('pages with a 0-based page_num and next_page_num "" on the last page', async () => {
    await createAndFinish({ count: 3, name: 'bulk' });
    const seen: string[] = [];
    const nexts: unknown[] = [];
    for (let page = 0; page < 3; page++) {
      const answer = await scp.call('GET', SERVERS, { query: { page_num: page, page_size: 2 } });
      expect(answer.json.data.total_size).toBe(5);
      expect(answer.json.data.page_num).toBe(page);
      nexts.push(answer.json.data.next_page_num);
      seen.push(...answer.json.data.data.map((s: { id: string }) => s.id));
    }
    expect(nexts).toEqual([1, 2, '']);
    expect(new Set(seen).size).toBe(5);
    const beyond = await scp.call('GET', SERVERS, { query: { page_num: 7, page_size: 2 } });
    expect(beyond.json.data.data).toEqual([]);
    expect(beyond.json.data.next_page_num).toBe('');
  });

  it('counts through total_size with page_size=1', async () => {
    const answer = await scp.call('GET', SERVERS, { query: { page_size: 1, az_id: MAIN_AZ } });
    expect(answer.json.data.total_size).toBe(2);
    expect(answer.json.data.data).toHaveLength(1);
    expect(answer.json.data.next_page_num).toBe(1);
  });

  it('refuses page sizes beyond the limit and bad page numbers', async () => {
    const tooBig = await scp.call('GET', SERVERS, { query: { page_size: 1001 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.message).toBe('page_size输入错误：值必须在1到1000之间');
    const negative = await scp.call('GET', SERVERS, { query: { page_num: -1 } });
    expect(negative.status).toBe(400);
    const thousand = await scp.call('GET', SERVERS, { query: { page_size: 1000 } });
    expect(thousand.status).toBe(200);
  });

  it('filters by az_id, status, power_state, vpc_id and ids, and answers an empty az_id as SCP does', async () => {
    const byStatus = await scp.call('GET', SERVERS, { query: { status: 'stopped' } });
    expect(byStatus.json.data.data.map((s: { id: string }) => s.id)).toEqual([DB]);
    const byPower = await scp.call('GET', SERVERS, { query: { power_state: 'on' } });
    expect(byPower.json.data.data.map((s: { id: string }) => s.id)).toEqual([WEB]);
    const byAz = await scp.call('GET', '/janus/20190725/servers', { query: { az_id: EDGE_AZ } });
    expect(byAz.json.data.total_size).toBe(0);
    const byVpc = await scp.call('GET', SERVERS, { query: { vpc_id: VPC } });
    expect(byVpc.json.data.total_size).toBe(2);
    const byIds = await scp.call('GET', '/janus/20190725/servers', { query: { ids: `${DB},${WEB}` } });
    expect(byIds.json.data.total_size).toBe(2);
    const empty = await scp.call('GET', SERVERS, { query: { az_id: '' } });
    expect(empty.status).toBe(400);
    expect(empty.json).toEqual({ code: 400, message: 'az_id输入错误：值必须是UUID格式', data: null });
  });

  it('sorts with sort and order_by', async () => {
    const answer = await scp.call('GET', SERVERS, { query: { sort: 'name', order_by: 'DESC' } });
    expect(answer.json.data.data.map((s: { name: string }) => s.name)).toEqual(['web-01', 'db-01']);
  });

  it('creates through a task that goes waiting → doing (with progress) → finish', async () => {
    const created = await scp.call('POST', SERVERS, { body: createBody({ name: 'life' }) });
    expect(created.status).toBe(200);
    const { task_id: taskId, uuids } = created.json.data;
    expect(uuids).toHaveLength(1);
    const id = uuids[0] as string;

    const waiting = await scp.call('GET', `/janus/20180725/tasks/${taskId}`);
    expect(waiting.json.data).toMatchObject({ id: taskId, task_id: taskId, status: 'waiting', progress: -2 });
    expect((await scp.call('GET', `${SERVERS}/${id}`)).json.data.status).toBe('creating');

    scp.advance(TASK_MS / 2);
    const doing = await scp.call('GET', `/janus/20180725/tasks/${taskId}`);
    expect(doing.json.data.status).toBe('doing');
    expect(doing.json.data.progress).toBeGreaterThanOrEqual(0);
    expect(doing.json.data.progress).toBeLessThan(100);

    const done = await finishTask(scp, taskId);
    expect(done.json.data).toMatchObject({
      status: 'finish',
      progress: 100,
      description: '',
      action: 'create_server',
      object_id: id,
    });
    const server = (await scp.call('GET', `${SERVERS}/${id}`)).json.data;
    expect(server).toMatchObject({
      name: 'life',
      status: 'running',
      power_state: 'on',
      project_name: 'admin',
    });
    expect(server.networks[0].ip_address).toBe('192.168.100.12');
  });

  it('creates stopped VMs with power_on 0 and derives ISO installs a new_disk', async () => {
    const [id] = await createAndFinish({ power_on: 0, image_id: 'e0000003-5cf1-4b6e-9d2a-000000000003' });
    const server = (await scp.call('GET', `${SERVERS}/${id}`)).json.data;
    expect(server).toMatchObject({ status: 'stopped', power_state: 'off', os_installed: 0 });
    expect(server.disks[0].type).toBe('new_disk');
  });

  it('fails the task with a description for an unknown image, a broken image and no capacity', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ image_id: 'e0000009-5cf1-4b6e-9d2a-000000000009' }, '镜像不存在或已被删除'],
      [{ image_id: BROKEN }, '镜像Broken-Template状态异常，无法创建云主机'],
      [
        { az_id: EDGE_AZ, image_id: EDGE_CENTOS, cores: 16, networks: [] },
        '资源池HCI-Pool-Edge的CPU资源不足',
      ],
    ];
    for (const [overrides, description] of cases) {
      const created = await scp.call('POST', SERVERS, { body: createBody(overrides) });
      expect(created.status).toBe(200);
      const id = created.json.data.uuids[0];
      const task = await finishTask(scp, created.json.data.task_id);
      expect(task.json.data).toMatchObject({ status: 'failure', progress: -1, description });
      const gone = await scp.call('GET', `${SERVERS}/${id}`);
      expect(gone.status).toBe(404);
      expect(gone.json).toEqual({ code: 404, message: '云主机不存在', data: null });
    }
  });

  it('hands out subnet addresses until the subnet is full', async () => {
    const subnet = await scp.call('POST', '/janus/20180725/subnets', {
      body: { vpc_id: VPC, cidr: '10.9.9.0/28', name: 'small' },
    });
    await finishTask(scp, subnet.json.data.task_id);
    const nic = [{ vif_id: 'net0', vpc_id: VPC, subnet_id: subnet.json.data.id }];
    const [first] = await createAndFinish({ networks: nic, name: 'small-1' });
    expect((await scp.call('GET', `${SERVERS}/${first}`)).json.data.networks[0].ip_address).toBe('10.9.9.2');
    const tooMany = await scp.call('POST', SERVERS, { body: createBody({ networks: nic, count: 13 }) });
    const task = await finishTask(scp, tooMany.json.data.task_id);
    expect(task.json.data).toMatchObject({ status: 'failure', description: '子网small的IP地址不足' });
    const fits = await scp.call('POST', SERVERS, { body: createBody({ networks: nic, count: 12 }) });
    expect((await finishTask(scp, fits.json.data.task_id)).json.data.status).toBe('finish');
  });

  it('validates the create body before starting anything', async () => {
    const missing = await scp.call('POST', SERVERS, { body: createBody({ cores: 0 }) });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toBe('cores输入错误：值必须是1到128之间的整数');
    const badAz = await scp.call('POST', SERVERS, { body: createBody({ az_id: 'pool-1' }) });
    expect(badAz.json.message).toBe('az_id输入错误：值必须是UUID格式');
    const unknownAz = await scp.call('POST', SERVERS, {
      body: createBody({ az_id: 'a2a00009-5cf1-4b6e-9d2a-000000000009' }),
    });
    expect(unknownAz.status).toBe(404);
    const notJson = await scp.call('POST', SERVERS, { rawBody: '{"name":' });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({ code: 400, message: '请求体不是合法的JSON', data: null });
    expect((await scp.call('GET', SERVERS)).json.data.total_size).toBe(2);
  });

  it('powers off, on and reboots through tasks that change status and power_state', async () => {
    const stop = await scp.call('POST', `${SERVERS}/${WEB}/stop`, { body: { force: 1 } });
    expect(stop.status).toBe(200);
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data.status).toBe('stopping');
    const busy = await scp.call('POST', `${SERVERS}/${WEB}/start`, { body: {} });
    expect(busy.status).toBe(409);
    expect(busy.json.message).toBe('云主机正在执行其他任务，请稍后再试');
    expect((await finishTask(scp, stop.json.data.task_id)).json.data.status).toBe('finish');
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data).toMatchObject({
      status: 'stopped',
      power_state: 'off',
    });

    const rebootStopped = await scp.call('POST', `${SERVERS}/${WEB}/reboot`, { body: {} });
    const failed = await finishTask(scp, rebootStopped.json.data.task_id);
    expect(failed.json.data).toMatchObject({ status: 'failure', description: '云主机未开机，无法重启' });

    const start = await scp.call('POST', `${SERVERS}/${WEB}/start`, { body: {} });
    expect(start.status).toBe(200);
    await finishTask(scp, start.json.data.task_id);
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data).toMatchObject({
      status: 'running',
      power_state: 'on',
    });

    const reboot = await scp.call('POST', `${SERVERS}/${WEB}/reboot`, { body: { force: 1 } });
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data.status).toBe('rebooting');
    expect((await finishTask(scp, reboot.json.data.task_id)).json.data.status).toBe('finish');
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data.status).toBe('running');
  });

  it('accepts S1 action bodies and the batch action', async () => {
    const off = await scp.call('POST', `${SERVERS}/${WEB}/action`, { body: { action: 'force_power_off' } });
    await finishTask(scp, off.json.data.task_id);
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data.power_state).toBe('off');
    const batch = await scp.call('POST', `${SERVERS}/action`, {
      body: { server_ids: [WEB, DB], server_action: { start_servers_action: '' } },
    });
    expect(batch.status).toBe(200);
    scp.advance(TASK_MS + 1);
    const list = await scp.call('GET', SERVERS, { query: { power_state: 'on' } });
    expect(list.json.data.total_size).toBe(2);
    const unknown = await scp.call('POST', `${SERVERS}/${WEB}/action`, { body: { action: 'explode' } });
    expect(unknown.status).toBe(400);
  });

  it('deletes with a JSON force body and with ?delete_disk=1', async () => {
    const [a, b] = await createAndFinish({ count: 2, name: 'gone' });
    const first = await scp.call('DELETE', `${SERVERS}/${a}`, { body: { force: 1 } });
    expect(first.status).toBe(200);
    expect((await scp.call('GET', `${SERVERS}/${a}`)).json.data.status).toBe('deleting');
    await finishTask(scp, first.json.data.task_id);
    expect((await scp.call('GET', `${SERVERS}/${a}`)).status).toBe(404);
    const second = await scp.call('DELETE', `${SERVERS}/${b}`, { query: { delete_disk: 1 } });
    await finishTask(scp, second.json.data.task_id);
    expect((await scp.call('GET', `${SERVERS}/${b}`)).status).toBe(404);
  });

  it('updates the configuration only while powered off', async () => {
    const running = await scp.call('PUT', `${SERVERS}/${WEB}`, { body: { cores: 4 } });
    const refused = await finishTask(scp, running.json.data.task_id);
    expect(refused.json.data).toMatchObject({
      status: 'failure',
      description: '请先关闭云主机再修改CPU或内存配置',
    });
    const rename = await scp.call('PUT', `${SERVERS}/${DB}`, {
      body: { description: 'renamed', cores: 8, sockets: 2 },
    });
    await finishTask(scp, rename.json.data.task_id);
    expect((await scp.call('GET', `${SERVERS}/${DB}`)).json.data).toMatchObject({
      description: 'renamed',
      cores: 8,
      sockets: 2,
      cores_per_socket: 4,
      status: 'stopped',
    });
  });

  it('attaches and detaches a volume, and refuses a disk attached elsewhere', async () => {
    const attach = await scp.call('POST', `${SERVERS}/${WEB}/action`, {
      body: { action: 'attach_volume', volume_id: DATA_VOLUME },
    });
    expect(attach.status).toBe(200);
    expect((await scp.call('GET', `/janus/20180725/volumes/${DATA_VOLUME}`)).json.data.status).toBe(
      'attaching',
    );
    expect((await finishTask(scp, attach.json.data.task_id)).json.data.status).toBe('finish');
    const volume = (await scp.call('GET', `/janus/20180725/volumes/${DATA_VOLUME}`)).json.data;
    expect(volume).toMatchObject({
      status: 'in-use',
      server_id: WEB,
      device_id: 'ide1',
      server_name: 'web-01',
    });
    const web = (await scp.call('GET', `${SERVERS}/${WEB}`)).json.data;
    expect(web.disks.map((d: { id: string; volume_id: string }) => [d.id, d.volume_id])).toEqual([
      ['ide0', ''],
      ['ide1', DATA_VOLUME],
    ]);

    const elsewhere = await scp.call('POST', `${SERVERS}/${DB}/action`, {
      body: { action: 'attach_volume', volume_id: DATA_VOLUME },
    });
    expect(elsewhere.status).toBe(200);
    const failed = await finishTask(scp, elsewhere.json.data.task_id);
    expect(failed.json.data).toMatchObject({ status: 'failure', description: '磁盘已挂载到其他云主机' });
    expect((await scp.call('GET', `/janus/20180725/volumes/${DATA_VOLUME}`)).json.data.server_id).toBe(WEB);

    const wrongDetach = await scp.call('POST', `${SERVERS}/${DB}/action`, {
      body: { action: 'detach_volume', volume_id: DATA_VOLUME },
    });
    expect((await finishTask(scp, wrongDetach.json.data.task_id)).json.data.description).toBe(
      '磁盘未挂载到该云主机',
    );

    const detach = await scp.call('POST', `${SERVERS}/${WEB}/action`, {
      body: { action: 'detach_volume', volume_id: DATA_VOLUME },
    });
    await finishTask(scp, detach.json.data.task_id);
    expect((await scp.call('GET', `/janus/20180725/volumes/${DATA_VOLUME}`)).json.data).toMatchObject({
      status: 'available',
      server_id: '',
    });
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data.disks).toHaveLength(1);
  });

  it('answers under every YYYY0725 version and 404s other version segments', async () => {
    for (const version of ['20180725', '20190725', '20200725', '20210725', '20240725']) {
      const answer = await scp.call('GET', `/janus/${version}/servers/${WEB}`);
      expect(answer.status).toBe(200);
    }
    const wrong = await scp.call('GET', `/janus/v1/servers/${WEB}`);
    expect(wrong.status).toBe(404);
    expect(wrong.json.code).toBe(404);
  });
});
