import { ManualClock, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { send, sendJson } from './helpers.js';
import { testProvider } from './test-provider.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(clock: ManualClock, extra: Partial<Parameters<typeof startEmulator>[0]> = {}) {
  emulator = await startEmulator({ provider: testProvider, clock, seed: 11, taskMs: 1000, ...extra });
  return emulator;
}

describe('task scheduler', () => {
  it('moves queued → running (progress from the clock) → succeeded and applies the handler', async () => {
    const clock = new ManualClock(1_000_000);
    const emu = await start(clock);
    const created = (await sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'vm' })).json();
    const task = () => emu.context.tasks.get(created.taskId)!;

    expect(task()).toMatchObject({ kind: 'create-item', state: 'queued', progress: 0, durationMs: 1000 });
    expect(task().createdAt).toBe(1_000_000);
    expect(task().startedAt).toBe(1_000_100);
    clock.advance(100);
    expect(task()).toMatchObject({ state: 'running', progress: 0 });
    clock.advance(450);
    expect(task()).toMatchObject({ state: 'running', progress: 50 });
    expect(emu.context.store.collection('items').get(created.id)).toMatchObject({ status: 'creating' });
    clock.advance(449);
    expect(task()).toMatchObject({ state: 'running', progress: 99 });
    clock.advance(1);
    expect(task()).toMatchObject({ state: 'succeeded', progress: 100, finishedAt: 1_001_000 });
    expect(emu.context.store.collection('items').get(created.id)).toMatchObject({ status: 'ready' });
  });

  it('applies completions on every request even when nobody polls the task', async () => {
    const clock = new ManualClock(0);
    const emu = await start(clock);
    const created = (await sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'vm' })).json();
    clock.advance(1000);
    // Only the item is read, never the task.
    expect((await send(emu.endpoint, `/v1/items/${created.id}`)).json().status).toBe('ready');
  });

  it('fails a task with its reason and runs the failure handler', async () => {
    const clock = new ManualClock(0);
    const emu = await start(clock);
    const created = (
      await sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'vm', fail: 'no capacity' })
    ).json();
    clock.advance(500);
    expect((await send(emu.endpoint, `/v1/tasks/${created.taskId}`)).json()).toMatchObject({
      state: 'running',
    });
    clock.advance(500);
    const failed = (await send(emu.endpoint, `/v1/tasks/${created.taskId}`)).json();
    expect(failed).toMatchObject({ state: 'failed', error: 'no capacity', progress: 99, finishedAt: 1000 });
    expect((await send(emu.endpoint, `/v1/items/${created.id}`)).json().status).toBe('error');
  });

  it('turns a success handler that throws into a failure with that reason', async () => {
    const clock = new ManualClock(0);
    const emu = await start(clock);
    const created = (await sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'vm' })).json();
    emu.context.store.collection('items').delete(created.id);
    clock.advance(1000);
    expect(emu.context.tasks.get(created.taskId)).toMatchObject({
      state: 'failed',
      error: 'item vanished before its task finished',
    });
  });

  it('honours per-task durations, the taskSlowFactor and taskFailureRate faults', async () => {
    const clock = new ManualClock(0);
    const emu = await start(clock, { faults: { taskSlowFactor: 3 } });
    const slow = emu.context.tasks.start({ kind: 'noop', durationMs: 200 });
    expect(slow.durationMs).toBe(600);
    emu.context.faults.set({ taskFailureRate: 1 });
    const doomed = emu.context.tasks.start({ kind: 'noop', id: 'task-custom-id' });
    expect(doomed.id).toBe('task-custom-id');
    expect(() => emu.context.tasks.start({ kind: 'noop', id: 'task-custom-id' })).toThrow(/already in use/);
    clock.advance(1000);
    expect(emu.context.tasks.get(slow.id)?.state).toBe('succeeded');
    expect(emu.context.tasks.get('task-custom-id')).toMatchObject({
      state: 'failed',
      error: 'injected task failure',
    });
    expect(emu.context.tasks.list().map((task) => task.id)).toEqual([slow.id, 'task-custom-id']);
  });

  it('completes zero-length tasks before the response that started them is sent', async () => {
    const clock = new ManualClock(0);
    const emu = await start(clock, { taskMs: 0 });
    const created = (await sendJson(emu.endpoint, '/v1/items', 'POST', { name: 'now' })).json();
    expect(emu.context.store.collection('items').get(created.id)).toMatchObject({ status: 'ready' });
  });

  it('lets a completion handler start a follow-up task', async () => {
    const clock = new ManualClock(0);
    const emu = await start(clock);
    const order: string[] = [];
    emu.context.tasks.define('first', {
      onSuccess: (_task, ctx) => {
        order.push('first');
        ctx.tasks.start({ kind: 'second', durationMs: 100 });
      },
    });
    emu.context.tasks.define('second', { onSuccess: () => order.push('second') });
    emu.context.tasks.start({ kind: 'first', durationMs: 100 });
    clock.advance(100);
    emu.context.tasks.tick();
    expect(order).toEqual(['first']);
    clock.advance(100);
    emu.context.tasks.tick();
    expect(order).toEqual(['first', 'second']);
  });
});
