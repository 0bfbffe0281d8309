import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishTask, rawRequest, type Scp, startScp } from './helpers.js';

const MAIN_AZ = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const CENTOS = 'e0000001-5cf1-4b6e-9d2a-000000000001';
const SERVERS = '/janus/20180725/servers';

const createBody = { az_id: MAIN_AZ, image_id: CENTOS, cores: 1, memory_mb: 1024, name: 'dedup' };

describe('sangfor emulator: X-Client-Token de-duplication', () => {
  let scp: Scp;
  beforeEach(async () => {
    scp = await startScp();
  });
  afterEach(async () => {
    await scp.close();
  });

  it('answers a repeated POST with the first answer and creates nothing more', async () => {
    const headers = { 'X-Client-Token': 'b7f3c0de0000400080000000000000aa' };
    const first = await scp.call('POST', SERVERS, { body: createBody, headers });
    const second = await scp.call('POST', SERVERS, { body: createBody, headers });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect((await scp.call('GET', SERVERS)).json.data.total_size).toBe(3);
    const other = await scp.call('POST', SERVERS, {
      body: createBody,
      headers: { 'X-Client-Token': 'another' },
    });
    expect(other.json.data.task_id).not.toBe(first.json.data.task_id);
    expect((await scp.call('GET', SERVERS)).json.data.total_size).toBe(4);
  });

  it('answers a repeated PUT with the first answer and runs the change once', async () => {
    const volume = '/janus/20180725/volumes/d0000001-5cf1-4b6e-9d2a-000000000001';
    const headers = { 'X-Client-Token': 'put-token-1' };
    const first = await scp.call('PUT', volume, { body: { size_mb: 204_800 }, headers });
    expect(first.status).toBe(200);
    await finishTask(scp, first.json.data.task_id);
    const second = await scp.call('PUT', volume, { body: { size_mb: 204_800 }, headers });
    expect(second.json).toEqual(first.json);
    const resizes = await scp.call('GET', '/janus/20180725/tasks', { query: { action: 'resize_volume' } });
    expect(resizes.json.data.total_size).toBe(1);
    expect((await scp.call('GET', volume)).json.data.size_mb).toBe(204_800);
  });

  it('refuses a token reused on another path, and judges a refused request afresh', async () => {
    const headers = { 'X-Client-Token': 'token-1' };
    await scp.call('POST', SERVERS, { body: createBody, headers });
    const reused = await scp.call('POST', '/janus/20180725/vpcs', {
      body: { az_id: MAIN_AZ, name: 'v' },
      headers,
    });
    expect(reused.status).toBe(409);
    expect(reused.json.message).toBe('X-Client-Token已被其他请求使用');

    const badHeaders = { 'X-Client-Token': 'token-2' };
    const bad = await scp.call('POST', SERVERS, { body: { ...createBody, cores: 0 }, headers: badHeaders });
    expect(bad.status).toBe(400);
    const fixed = await scp.call('POST', SERVERS, { body: createBody, headers: badHeaders });
    expect(fixed.status).toBe(200);
  });

  it('creates twice when de-duplication is off', async () => {
    await scp.close();
    scp = await startScp({ providerOptions: { idempotency: 'ignore' } });
    const headers = { 'X-Client-Token': 'same' };
    const first = await scp.call('POST', SERVERS, { body: createBody, headers });
    const second = await scp.call('POST', SERVERS, { body: createBody, headers });
    expect(second.json.data.task_id).not.toBe(first.json.data.task_id);
    expect((await scp.call('GET', SERVERS)).json.data.total_size).toBe(4);
  });
});

describe('sangfor emulator: state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yunkit-sangfor-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps servers, tokens, tasks and X-Client-Token answers across a restart', async () => {
    const stateFile = join(dir, 'scp.json');
    const first = await startScp({ stateFile });
    const token = await first.token();
    const headers = { 'X-Client-Token': 'persisted-token' };
    const created = await first.call('POST', SERVERS, { body: createBody, headers });
    const id = created.json.data.uuids[0];
    await finishTask(first, created.json.data.task_id);
    await first.close();

    const second = await startScp({ stateFile });
    try {
      const server = await rawRequest(second.emulator, 'GET', `${SERVERS}/${id}`, {
        Authorization: `Token ${token}`,
      });
      expect(server.status).toBe(200);
      expect(server.json.data).toMatchObject({ name: 'dedup', status: 'running' });
      const task = await second.call('GET', `/janus/20180725/tasks/${created.json.data.task_id}`);
      expect(task.json.data.status).toBe('finish');
      const repeat = await second.call('POST', SERVERS, { body: createBody, headers });
      expect(repeat.json).toEqual(created.json);
      expect((await second.call('GET', SERVERS)).json.data.total_size).toBe(3);
      // Logging in again must still work after a restart.
      expect((await second.token()).length).toBe(32);
    } finally {
      await second.close();
    }
  });
});
