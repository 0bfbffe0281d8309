import { isLoopbackAddress, ManualClock, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { handleControlRequest } from '../../src/engine/control.js';
import type { EngineInternals } from '../../src/engine/server.js';
import { send, sendJson } from './helpers.js';
import { testProvider } from './test-provider.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('control endpoints', () => {
  it('report health without cloud credentials', async () => {
    emulator = await startEmulator({ provider: testProvider, seed: 5, clock: new ManualClock(1234) });
    const res = await send(emulator.endpoint, '/_emulator/health', { auth: false });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      provider: 'testcloud',
      endpoint: emulator.endpoint,
      now: 1234,
      seed: 5,
    });
    // The provider's request id header is for the cloud's API only.
    expect(res.headers['x-request-id']).toBeUndefined();
  });

  it('dump the state, reset it to the seed and list tasks', async () => {
    emulator = await startEmulator({
      provider: testProvider,
      seed: 5,
      clock: new ManualClock(0),
      taskMs: 100,
    });
    const first = (await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'temp' })).json();
    const state = (await send(emulator.endpoint, '/_emulator/state', { auth: false })).json();
    expect(Object.keys(state.store.collections.items)).toEqual(['seeded', 'item-1']);
    expect(state.store.counters).toEqual({ items: 1 });
    expect(state.tasks).toHaveLength(1);

    const tasks = (await send(emulator.endpoint, '/_emulator/tasks', { auth: false })).json().tasks;
    expect(tasks).toEqual([
      expect.objectContaining({ id: first.taskId, kind: 'create-item', state: 'queued' }),
    ]);

    const reset = await send(emulator.endpoint, '/_emulator/reset', { method: 'POST', auth: false });
    expect(reset.json()).toEqual({ status: 'reset', provider: 'testcloud' });
    const after = (await send(emulator.endpoint, '/_emulator/state', { auth: false })).json();
    expect(Object.keys(after.store.collections.items)).toEqual(['seeded']);
    expect(after.store.counters).toEqual({});
    expect(after.tasks).toEqual([]);
    // The random stream restarts too: the same calls after a reset give the same ids.
    const again = (await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'temp' })).json();
    expect(again).toEqual(first);
    // The in-process equivalent.
    emulator.reset();
    expect(emulator.context.store.collection('items').ids()).toEqual(['seeded']);
  });

  it('restore a state exported earlier and refuse one that is not a state', async () => {
    emulator = await startEmulator({ provider: testProvider, seed: 5 });
    const saved = (await send(emulator.endpoint, '/_emulator/state')).json();
    await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'later' });
    expect(emulator.context.store.collection('items').size).toBe(2);
    const put = await sendJson(emulator.endpoint, '/_emulator/state', 'PUT', saved);
    expect(put.json()).toEqual({ status: 'restored', provider: 'testcloud' });
    expect(emulator.context.store.collection('items').ids()).toEqual(['seeded']);
    // The ids handed out after the snapshot are handed out again, as they would be on that state.
    expect((await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'again' })).json().id).toBe(
      'item-1',
    );

    const wrong = await sendJson(emulator.endpoint, '/_emulator/state', 'PUT', {
      ...saved,
      provider: 'other',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error).toEqual({
      code: 'InvalidState',
      message: 'the uploaded state belongs to provider other, not testcloud',
    });
    const broken = await sendJson(emulator.endpoint, '/_emulator/state', 'PUT', {
      ...saved,
      tasks: [{ id: 1 }],
    });
    expect(broken.json().error.message).toMatch(/malformed task/);
    expect(emulator.context.store.collection('items').size).toBe(2);
  });

  it('advance the clock, completing due tasks at once', async () => {
    emulator = await startEmulator({ provider: testProvider, clock: new ManualClock(0), taskMs: 500 });
    const created = (await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'x' })).json();
    const res = await sendJson(emulator.endpoint, '/_emulator/clock', 'POST', { advanceMs: 500 });
    expect(res.json()).toEqual({ now: 500 });
    expect(emulator.context.store.collection('items').get(created.id)).toMatchObject({ status: 'ready' });
    expect((await send(emulator.endpoint, '/_emulator/clock')).json()).toEqual({ now: 500 });
    const bad = await sendJson(emulator.endpoint, '/_emulator/clock', 'POST', { advanceMs: -1 });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('InvalidClock');
  });

  it('advance the real clock by an offset', async () => {
    emulator = await startEmulator({ provider: testProvider });
    const before = Date.now();
    const now = (
      await sendJson(emulator.endpoint, '/_emulator/clock', 'POST', { advanceMs: 3_600_000 })
    ).json().now;
    expect(now).toBeGreaterThanOrEqual(before + 3_600_000);
  });

  it('answer unknown endpoints, wrong methods and bad input in their own shape', async () => {
    emulator = await startEmulator({ provider: testProvider });
    const missing = await send(emulator.endpoint, '/_emulator/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json().error.code).toBe('NotFound');
    const wrong = await send(emulator.endpoint, '/_emulator/reset');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const badFaults = await send(emulator.endpoint, '/_emulator/faults', {
      method: 'PUT',
      body: '{"errorRate":',
    });
    expect(badFaults.status).toBe(400);
    expect(badFaults.json().error.code).toBe('InvalidFaults');
    const invalid = await sendJson(emulator.endpoint, '/_emulator/faults', 'PUT', { errorRate: 'often' });
    expect(invalid.json().error.message).toMatch(/errorRate/);
    expect((await send(emulator.endpoint, '/_emulator/faults')).json()).toEqual({});
  });
});

describe('isLoopbackAddress (the guard of the control endpoints)', () => {
  it('accepts loopback peers only', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of [
      '10.0.0.1',
      '192.168.1.2',
      '::ffff:10.0.0.1',
      'fe80::1',
      '1::1',
      '',
      undefined,
      'localhost',
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});

describe('handleControlRequest', () => {
  it('refuses non-loopback peers with 403 before touching any state', () => {
    let resets = 0;
    const internals = {
      reset: () => {
        resets += 1;
      },
      provider: testProvider,
    } as unknown as EngineInternals;
    const request = { method: 'POST', rawPath: '/_emulator/reset', body: Buffer.alloc(0) };
    const refused = handleControlRequest(internals, { ...request, remoteAddress: '192.168.10.20' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: 'Forbidden', message: 'control endpoints answer loopback clients only' },
    });
    expect(resets).toBe(0);
    const allowed = handleControlRequest(internals, { ...request, remoteAddress: '::ffff:127.0.0.1' });
    expect(allowed.status).toBeUndefined();
    expect(resets).toBe(1);
  });
});
