import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishTask, type Scp, startScp } from './helpers.js';

const MAIN_AZ = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const EDGE_AZ = 'a2a00002-5cf1-4b6e-9d2a-000000000002';
const SSD_TAG = '11111111-1111-1111-1111-111111111111';
const WEB = '5e000001-5cf1-4b6e-9d2a-000000000001';
const VOLUMES = '/janus/20180725/volumes';

describe('sangfor emulator: volumes', () => {
  let scp: Scp;
  beforeEach(async () => {
    scp = await startScp();
  });
  afterEach(async () => {
    await scp.close();
  });

  it('creates through a task, reads, grows and deletes a volume', async () => {
    const created = await scp.call('POST', VOLUMES, {
      body: { az_id: MAIN_AZ, storage_tag_id: SSD_TAG, size_mb: 10240, name: 'logs', preallocate: 0 },
    });
    expect(created.status).toBe(200);
    const { volume_id: id, task_id: taskId } = created.json.data;
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).json.data.status).toBe('creating');
    await finishTask(scp, taskId);
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).json.data).toMatchObject({
      id,
      name: 'logs',
      status: 'available',
      size_mb: 10240,
      storage_tag_id: SSD_TAG,
      storage_name: 'ssd-main',
      server_id: '',
    });

    const shrink = await scp.call('PUT', `${VOLUMES}/${id}`, { body: { size_mb: 5120 } });
    expect(shrink.status).toBe(400);
    expect(shrink.json.message).toBe('size_mb输入错误：磁盘只能扩容，新容量必须大于当前容量');
    const grow = await scp.call('PUT', `${VOLUMES}/${id}`, { body: { size_mb: 20480 } });
    expect(grow.status).toBe(200);
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).json.data.status).toBe('resizing');
    await finishTask(scp, grow.json.data.task_id);
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).json.data).toMatchObject({
      size_mb: 20480,
      status: 'available',
    });

    const dropped = await scp.call('DELETE', `${VOLUMES}/${id}`);
    expect(dropped.status).toBe(200);
    await finishTask(scp, dropped.json.data.task_id);
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).status).toBe(404);
  });

  it('refuses to delete an attached volume and grows the disk the VM sees', async () => {
    const created = await scp.call('POST', VOLUMES, {
      body: { az_id: MAIN_AZ, size_mb: 2048, name: 'attached' },
    });
    const id = created.json.data.volume_id;
    await finishTask(scp, created.json.data.task_id);
    const attach = await scp.call('POST', `/janus/20180725/servers/${WEB}/action`, {
      body: { action: 'attach_volume', volume_id: id },
    });
    await finishTask(scp, attach.json.data.task_id);
    const refused = await scp.call('DELETE', `${VOLUMES}/${id}`);
    expect((await finishTask(scp, refused.json.data.task_id)).json.data).toMatchObject({
      status: 'failure',
      description: '磁盘已挂载到云主机，请先卸载',
    });
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).json.data.status).toBe('in-use');
    const grow = await scp.call('PUT', `${VOLUMES}/${id}`, { body: { size_mb: 4096 } });
    await finishTask(scp, grow.json.data.task_id);
    const disks = (await scp.call('GET', `/janus/20180725/servers/${WEB}`)).json.data.disks;
    expect(disks.find((d: { volume_id: string }) => d.volume_id === id).size_mb).toBe(4096);
    expect((await scp.call('GET', `${VOLUMES}/${id}`)).json.data.status).toBe('in-use');
  });

  it('fails creation where the pool has no storage with that tag', async () => {
    const created = await scp.call('POST', VOLUMES, {
      body: { az_id: EDGE_AZ, storage_tag_id: SSD_TAG, size_mb: 2048, name: 'nowhere' },
    });
    const task = await finishTask(scp, created.json.data.task_id);
    expect(task.json.data).toMatchObject({ status: 'failure', description: '资源池中没有该存储标签的存储' });
    expect((await scp.call('GET', `${VOLUMES}/${created.json.data.volume_id}`)).status).toBe(404);
  });

  it('lists with filters and rejects the server_id filter as a real SCP does', async () => {
    const list = (
      await scp.call('GET', VOLUMES, { query: { page_num: 0, page_size: 10, status: 'available' } })
    ).json.data;
    expect(list).toMatchObject({ total_size: 1, next_page_num: '' });
    expect(list.data[0].name).toBe('data-vol-01');
    const refused = await scp.call('GET', VOLUMES, { query: { server_id: WEB } });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toBe('server_id输入错误：不支持的过滤条件');
  });
});
