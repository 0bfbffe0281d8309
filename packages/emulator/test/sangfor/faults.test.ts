import { afterEach, describe, expect, it } from 'vitest';
import { finishTask, rawRequest, type Scp, startScp } from './helpers.js';

const MAIN_AZ = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const CENTOS = 'e0000001-5cf1-4b6e-9d2a-000000000001';
const WEB = '5e000001-5cf1-4b6e-9d2a-000000000001';
const SERVERS = '/janus/20180725/servers';
const createBody = { az_id: MAIN_AZ, image_id: CENTOS, cores: 1, memory_mb: 1024, name: 'faulty' };

describe('sangfor emulator: injected faults', () => {
  let scp: Scp | undefined;
  afterEach(async () => {
    await scp?.close();
    scp = undefined;
  });

  it('answers injected errors and throttling in the SCP error shape', async () => {
    scp = await startScp({
      faults: {
        rules: [
          { action: 'error', path: '/servers', status: 503, times: 1 },
          { action: 'throttle', path: '/volumes', times: 1, retryAfterSeconds: 3 },
        ],
      },
    });
    const failed = await scp.call('GET', SERVERS);
    expect(failed.status).toBe(503);
    expect(failed.json).toEqual({ code: 503, message: '服务暂时不可用，请稍后再试', data: null });
    expect((await scp.call('GET', SERVERS)).status).toBe(200);

    const throttled = await scp.call('GET', '/janus/20180725/volumes');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
    expect(throttled.json).toEqual({ code: 429, message: '请求过于频繁，请稍后再试', data: null });
    expect((await scp.call('GET', '/janus/20180725/volumes')).status).toBe(200);
  });

  it('uses errcode bodies for injected faults when so configured', async () => {
    scp = await startScp({
      providerOptions: { errorField: 'errcode' },
      faults: { rules: [{ action: 'error', path: '/servers', status: 500, times: 1 }] },
    });
    const failed = await scp.call('GET', SERVERS);
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ errcode: '0x000001f4', message: '服务器内部错误', data: null });
  });

  it('fails tasks with a description and rolls the resource back', async () => {
    scp = await startScp({ faults: { taskFailureRate: 1 } });
    const created = await scp.call('POST', SERVERS, { body: createBody });
    const task = await finishTask(scp, created.json.data.task_id);
    expect(task.json.data).toMatchObject({
      status: 'failure',
      progress: -1,
      description: '任务执行失败：injected task failure',
    });
    expect((await scp.call('GET', `${SERVERS}/${created.json.data.uuids[0]}`)).status).toBe(404);

    const stop = await scp.call('POST', `${SERVERS}/${WEB}/stop`, { body: {} });
    await finishTask(scp, stop.json.data.task_id);
    expect((await scp.call('GET', `${SERVERS}/${WEB}`)).json.data).toMatchObject({
      status: 'running',
      power_state: 'on',
    });
  });

  it('lets a retry with the same X-Client-Token recover from a dropped response without a second VM', async () => {
    scp = await startScp({
      faults: { rules: [{ action: 'drop-response', method: 'POST', path: '/servers', times: 1 }] },
    });
    const token = await scp.token();
    const body = JSON.stringify(createBody);
    const headers = {
      Authorization: `Token ${token}`,
      'Content-Type': 'application/json',
      'X-Client-Token': '6f1d2c3b4a5948e7a6b5c4d3e2f1a0b9',
    };
    await expect(rawRequest(scp.emulator, 'POST', SERVERS, headers, body)).rejects.toThrow();
    const retry = await rawRequest(scp.emulator, 'POST', SERVERS, headers, body);
    expect(retry.status).toBe(200);
    expect(retry.json.data.uuids).toHaveLength(1);
    expect((await scp.call('GET', SERVERS, { query: { name: 'faulty' } })).json.data.total_size).toBe(1);
  });

  it('stretches tasks with taskSlowFactor', async () => {
    scp = await startScp({ faults: { taskSlowFactor: 10 } });
    const stop = await scp.call('POST', `${SERVERS}/${WEB}/stop`, { body: {} });
    const stillRunning = await finishTask(scp, stop.json.data.task_id);
    expect(stillRunning.json.data.status).toBe('doing');
    scp.advance(1000);
    expect((await scp.call('GET', `/janus/20180725/tasks/${stop.json.data.task_id}`)).json.data.status).toBe(
      'finish',
    );
  });
});
