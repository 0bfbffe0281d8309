import {
  closeSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, MemoryStore, type RunningEmulator, startEmulator } from '@yunkit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { send, sendJson } from './helpers.js';
import { type ItemRecord, testProvider } from './test-provider.js';

let dir: string;
let emulator: RunningEmulator | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yunkit-engine-state-'));
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('MemoryStore', () => {
  it('keeps records per collection in insertion order, with live updates and counters', () => {
    const store = new MemoryStore();
    const items = store.collection<ItemRecord>('items');
    items.set('b', { id: 'b', name: 'B', status: 'creating' });
    items.set('a', { id: 'a', name: 'A', status: 'creating' });
    items.get('a')!.status = 'ready';
    expect(items.update('b', { name: 'B2' })).toMatchObject({ name: 'B2' });
    expect(items.update('missing', { name: 'x' })).toBeUndefined();
    items.update('b', (current) => {
      current.status = 'error';
    });
    expect(items.list().map((item) => `${item.id}:${item.status}`)).toEqual(['b:error', 'a:ready']);
    expect(items.filter((item) => item.status === 'ready').map((item) => item.id)).toEqual(['a']);
    expect(items.find((item) => item.name === 'B2')?.id).toBe('b');
    expect(store.nextId('items')).toBe(1);
    expect(store.nextId('items')).toBe(2);
    expect(store.nextId('other')).toBe(1);
    expect(store.collection('items')).toBe(items);

    const dump = store.dump();
    const copy = new MemoryStore();
    copy.load(dump);
    expect(copy.collection<ItemRecord>('items').get('a')?.status).toBe('ready');
    expect(copy.nextId('items')).toBe(3);
    // The dump is a copy: later changes do not leak into it.
    items.get('a')!.name = 'changed';
    expect((dump.collections.items!.a as ItemRecord).name).toBe('A');
    expect(items.delete('a')).toBe(true);
    expect(items.has('a')).toBe(false);
    store.clear();
    expect(items.size).toBe(0);
    expect(store.nextId('items')).toBe(1);
  });
});

describe('state file', () => {
  it('survives a restart: data, tasks and counters come back and seed() is not re-applied', async () => {
    const stateFile = join(dir, 'nested', 'state.json');
    const clock = new ManualClock(1_700_000_000_000);
    emulator = await startEmulator({ provider: testProvider, stateFile, seed: 3, clock, taskMs: 1000 });
    const created = (await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'kept' })).json();
    expect(created.id).toBe('item-1');
    expect((await send(emulator.endpoint, '/v1/items/seeded', { method: 'DELETE' })).status).toBe(204);
    await emulator.close();

    clock.advance(1000);
    emulator = await startEmulator({ provider: testProvider, stateFile, seed: 3, clock, taskMs: 1000 });
    const items = (await send(emulator.endpoint, '/v1/items')).json().items as ItemRecord[];
    // The task started before the restart completed after it, its handler found by kind.
    expect(items).toEqual([{ id: 'item-1', name: 'kept', status: 'ready' }]);
    const task = (await send(emulator.endpoint, `/v1/tasks/${created.taskId}`)).json();
    expect(task.state).toBe('succeeded');
    const next = (await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'second' })).json();
    expect(next.id).toBe('item-2');
    // The random stream continues where it stopped, so new ids do not repeat old ones.
    expect(next.taskId).not.toBe(created.taskId);
  });

  it('keeps the seed of the state when restarted without one', async () => {
    const stateFile = join(dir, 'state.json');
    emulator = await startEmulator({ provider: testProvider, stateFile, seed: 1234 });
    await emulator.close();
    emulator = await startEmulator({ provider: testProvider, stateFile });
    expect((await send(emulator.endpoint, '/_emulator/health')).json().seed).toBe(1234);
    await emulator.close();
    emulator = await startEmulator({ provider: testProvider, stateFile, seed: 99 });
    expect((await send(emulator.endpoint, '/_emulator/health')).json().seed).toBe(99);
  });

  it('writes atomically (a new file renamed over the old one) and leaves no temp file', async () => {
    const stateFile = join(dir, 'state.json');
    emulator = await startEmulator({ provider: testProvider, stateFile, seed: 1 });
    for (let i = 1; i <= 3; i++) {
      // A reader holding the previous version open keeps seeing it whole: the new version is a new
      // file renamed over the path, never the old file truncated and rewritten.
      const previous = openSync(stateFile, 'r');
      try {
        await send(emulator.endpoint, '/v1/counter', { method: 'POST' });
        expect(JSON.parse(readFileSync(previous, 'utf8')).store.counters.hits).toBe(
          i === 1 ? undefined : i - 1,
        );
      } finally {
        closeSync(previous);
      }
      expect(JSON.parse(readFileSync(stateFile, 'utf8')).store.counters.hits).toBe(i);
    }
    // A read-only request changes nothing, so nothing is rewritten.
    const before = statSync(stateFile).mtimeMs;
    const held = openSync(stateFile, 'r');
    try {
      await send(emulator.endpoint, '/v1/items');
      expect(fstatSync(held).nlink).toBe(1);
    } finally {
      closeSync(held);
    }
    expect(statSync(stateFile).mtimeMs).toBe(before);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('refuses a state file that is not its own instead of overwriting it', async () => {
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, '{"something":"else"}');
    await expect(startEmulator({ provider: testProvider, stateFile })).rejects.toThrow(
      /not a yunkit emulator state/,
    );
    writeFileSync(stateFile, '{ truncated');
    await expect(startEmulator({ provider: testProvider, stateFile })).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(stateFile, 'utf8')).toBe('{ truncated');

    const other = join(dir, 'other.json');
    emulator = await startEmulator({ provider: testProvider, stateFile: other });
    await emulator.close();
    emulator = undefined;
    await expect(
      startEmulator({ provider: { ...testProvider, name: 'othercloud' }, stateFile: other }),
    ).rejects.toThrow(/belongs to provider testcloud/);
  });

  it('without a state file keeps everything in memory', async () => {
    emulator = await startEmulator({ provider: testProvider });
    await sendJson(emulator.endpoint, '/v1/items', 'POST', { name: 'm' });
    expect(readdirSync(dir)).toEqual([]);
    expect(emulator.context.store.collection('items').size).toBe(2);
  });
});
