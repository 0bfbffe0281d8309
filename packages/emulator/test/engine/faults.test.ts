import { type FaultConfig, type RunningEmulator, startEmulator, validateFaultConfig } from '@yunkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { send, sendJson } from './helpers.js';
import { testProvider } from './test-provider.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(faults: FaultConfig, seed = 42): Promise<RunningEmulator> {
  const emulator = await startEmulator({ provider: testProvider, seed, faults, taskMs: 50 });
  running.push(emulator);
  return emulator;
}

async function statuses(emulator: RunningEmulator, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) {
    try {
      result.push((await send(emulator.endpoint, '/v1/items')).status);
    } catch {
      result.push(0);
    }
  }
  return result;
}

const mixed: FaultConfig = { errorRate: 0.25, errorStatus: 503, throttleRate: 0.15, resetRate: 0.1 };

describe('fault injection', () => {
  it('repeats the same sequence of outcomes for the same seed and differs for another', async () => {
    const first = await statuses(await start(mixed, 42), 40);
    const again = await statuses(await start(mixed, 42), 40);
    const other = await statuses(await start(mixed, 43), 40);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // Every kind of outcome shows up in a run of 40 at these rates.
    expect(new Set(first)).toEqual(new Set([200, 503, 429, 0]));
  });

  it('answers errors in the provider shape with the chosen status', async () => {
    const emu = await start({ errorRate: 1, errorStatus: 502 });
    const res = await send(emu.endpoint, '/v1/items');
    expect(res.status).toBe(502);
    expect(res.json().error.code).toBe('InjectedFault');
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('throttles with 429 and Retry-After', async () => {
    const emu = await start({ throttleRate: 1, retryAfterSeconds: 3 });
    const res = await send(emu.endpoint, '/v1/items');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json().error.code).toBe('Throttled');
  });

  it('resets the connection before processing: nothing is created', async () => {
    const emu = await start({ rules: [{ method: 'POST', path: '/v1/items', times: 1, action: 'reset' }] });
    await expect(sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'lost' })).rejects.toThrow(
      /ECONNRESET|socket hang up/,
    );
    const names = (await send(emu.endpoint, '/v1/items'))
      .json()
      .items.map((item: { name: string }) => item.name);
    expect(names).toEqual(['from seed']);
  });

  it('drop-response processes the request, then resets without answering', async () => {
    const emu = await start({
      rules: [{ method: 'POST', path: '/v1/items', times: 1, action: 'drop-response' }],
    });
    await expect(sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'ghost' })).rejects.toThrow(
      /ECONNRESET|socket hang up/,
    );
    const names = (await send(emu.endpoint, '/v1/items'))
      .json()
      .items.map((item: { name: string }) => item.name);
    expect(names).toEqual(['from seed', 'ghost']);
    // The rule was used up: the next create is answered.
    expect((await sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'seen' })).status).toBe(202);
  });

  it('drop-response also cuts TLS connections without an answer', async () => {
    const emulator = await startEmulator({
      provider: testProvider,
      tls: true,
      faults: { rules: [{ method: 'POST', times: 1, action: 'drop-response' }] },
    });
    running.push(emulator);
    const ca = emulator.certificate!;
    await expect(
      send(emulator.endpoint, '/v1/items', {
        method: 'POST',
        ca,
        headers: { 'Content-Type': 'application/json' },
        body: '{"name":"tls-ghost"}',
      }),
    ).rejects.toThrow(/ECONNRESET|socket hang up/);
    const items = (await send(emulator.endpoint, '/v1/items', { ca })).json().items;
    expect(items.map((item: { name: string }) => item.name)).toContain('tls-ghost');
  });

  it('applies counted rules in order, by method and path (substring or regex), after skip', async () => {
    const emu = await start({
      rules: [
        {
          path: '/^\\/v1\\/items\\/seed/',
          times: 2,
          skip: 1,
          action: 'error',
          status: 409,
          code: 'Busy',
          message: 'busy',
        },
        { method: 'DELETE', action: 'throttle', retryAfterSeconds: 7 },
      ],
    });
    const seq = [];
    for (let i = 0; i < 4; i++) seq.push((await send(emu.endpoint, '/v1/items/seeded')).status);
    expect(seq).toEqual([200, 409, 409, 200]);
    const other = await send(emu.endpoint, '/v1/items');
    expect(other.status).toBe(200);
    const deleted = await send(emu.endpoint, '/v1/items/seeded', { method: 'DELETE' });
    expect(deleted.status).toBe(429);
    expect(deleted.headers['retry-after']).toBe('7');
    // Remaining counts are visible: the first rule is used up, the second has no limit.
    expect(emu.context.faults.get().rules).toEqual([
      {
        path: '/^\\/v1\\/items\\/seed/',
        times: 0,
        skip: 1,
        action: 'error',
        status: 409,
        code: 'Busy',
        message: 'busy',
      },
      { method: 'DELETE', action: 'throttle', retryAfterSeconds: 7 },
    ]);
  });

  it('matches a path regex on every request, even a sticky one that keeps state between tests', async () => {
    const emu = await start({ rules: [{ path: '/^\\/v1\\/items$/y', action: 'error', status: 503 }] });
    expect(await statuses(emu, 3)).toEqual([503, 503, 503]);
  });

  it('changes at run time through the context and PUT /_emulator/faults', async () => {
    const emu = await start({});
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(200);
    emu.context.faults.set({ errorRate: 1 });
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(500);
    const put = await sendJson(emu.endpoint, '/_emulator/faults', 'PUT', { throttleRate: 1 });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({ throttleRate: 1 });
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(429);
    // Control endpoints are never faulted, or faults could not be turned off again.
    expect((await sendJson(emu.endpoint, '/_emulator/faults', 'PUT', {})).status).toBe(200);
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(200);
  });

  it('adds latency without changing the answer', async () => {
    const emu = await start({ latencyMs: 120 });
    expect(emu.context.faults.decide({ method: 'GET', path: '/x' })).toEqual({
      action: 'none',
      latencyMs: 120,
    });
    // A lower bound only: a loaded machine makes the answer later, never earlier (the slack
    // covers timer rounding).
    const started = performance.now();
    expect((await send(emu.endpoint, '/v1/items')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('validates configurations and names the bad field', () => {
    expect(() => validateFaultConfig({ errorRate: 2 })).toThrow(/errorRate must be a number between 0 and 1/);
    expect(() => validateFaultConfig({ errorStatus: 200 })).toThrow(/errorStatus/);
    expect(() => validateFaultConfig({ rules: [{ action: 'explode' }] })).toThrow(/rules\[0\]\.action/);
    expect(() => validateFaultConfig({ rules: [{ action: 'error', path: '/[/' }] })).toThrow(
      /invalid path regex/,
    );
    expect(() => validateFaultConfig({ surprise: true })).toThrow(/unknown fault field: surprise/);
    expect(() => validateFaultConfig([])).toThrow(/JSON object/);
    expect(validateFaultConfig({ taskSlowFactor: 2, rules: [] })).toEqual({ taskSlowFactor: 2, rules: [] });
  });
});
