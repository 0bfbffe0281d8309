import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ApiError,
  ConnectionError,
  PermissionError,
  ServerError,
  TaskFailedError,
  ValidationError,
  WaitTimeoutError,
  type WaitVerdict,
  waitUntil,
} from 'yunkit/core';

interface Task {
  state: 'running' | 'succeeded' | 'failed';
  progress: number;
}

const evaluate = (task: Task): WaitVerdict =>
  task.state === 'succeeded'
    ? { done: true }
    : task.state === 'failed'
      ? { failed: new TaskFailedError({ provider: 'sangfor', taskId: 't-1', task, reason: 'disk full' }) }
      : { done: false };

const fast = { pollInterval: 1, maxPollInterval: 5, backoffFactor: 2 };

function scripted(values: Array<Task | Error>): { poll: () => Promise<Task>; polls: () => number } {
  let i = 0;
  return {
    poll: async () => {
      const value = values[Math.min(i, values.length - 1)]!;
      i += 1;
      if (value instanceof Error) throw value;
      return value;
    },
    polls: () => i,
  };
}

const running = (progress: number): Task => ({ state: 'running', progress });
const api = (status: number) => ApiError.from({ provider: 'sangfor', status, code: 'x', message: 'm' });

describe('waitUntil', () => {
  it('polls until done, reporting progress', async () => {
    const { poll, polls } = scripted([running(10), running(50), { state: 'succeeded', progress: 100 }]);
    const seen: unknown[] = [];
    const task = await waitUntil(poll, evaluate, {
      ...fast,
      timeout: 10_000,
      onProgress: (t) => seen.push(t),
    });
    expect(task.state).toBe('succeeded');
    expect(polls()).toBe(3);
    expect(seen).toEqual([running(10), running(50)]);
  });

  it('stops at once on a terminal failure and throws its error', async () => {
    const { poll, polls } = scripted([running(10), { state: 'failed', progress: 40 }, running(99)]);
    const error = await waitUntil(poll, evaluate, { ...fast, timeout: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).reason).toBe('disk full');
    expect(polls()).toBe(2);
  });

  it('stops at once on a 401, a 403, a 404, a validation error or a plain bug, never polling to the deadline', async () => {
    for (const failure of [
      api(401),
      api(403),
      api(404),
      api(400),
      new ValidationError('bad id', 'id'),
      new TypeError('bug'),
    ]) {
      const { poll, polls } = scripted([running(1), failure, running(2)]);
      // A long timeout and a long interval: only an immediate stop finishes after two polls.
      const error = await waitUntil(poll, evaluate, {
        timeout: 600_000,
        pollInterval: 1,
        maxPollInterval: 1,
      }).catch((e: unknown) => e);
      expect(error).toBe(failure);
      expect(polls()).toBe(2);
    }
    const { poll } = scripted([api(403)]);
    await expect(waitUntil(poll, evaluate, fast)).rejects.toBeInstanceOf(PermissionError);
  });

  it('polls through transient errors', async () => {
    const { poll, polls } = scripted([
      new ServerError({ provider: 'sangfor', status: 502, code: 'x', message: 'gateway' }),
      api(429),
      new ConnectionError('reset', { phase: 'request', code: 'ECONNRESET' }),
      { state: 'succeeded', progress: 100 },
    ]);
    const task = await waitUntil(poll, evaluate, { ...fast, timeout: 10_000 });
    expect(task.state).toBe('succeeded');
    expect(polls()).toBe(4);
  });

  it('spaces polls from pollInterval, multiplied by backoffFactor up to maxPollInterval', async () => {
    // Fake timers make the schedule exact without measuring anything: polls at 0, 100, 300
    // (+200), 700 (+400), 1200 (+500, the cap), 1700 (+500).
    vi.useFakeTimers({ now: 0 });
    try {
      const pollTimes: number[] = [];
      const poll = async (): Promise<Task> => {
        pollTimes.push(Date.now());
        return running(pollTimes.length);
      };
      const done = waitUntil(poll, evaluate, {
        pollInterval: 100,
        backoffFactor: 2,
        maxPollInterval: 500,
        timeout: 1_700,
      }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1_699);
      expect(pollTimes).toEqual([0, 100, 300, 700, 1200]);
      await vi.advanceTimersByTimeAsync(1);
      const error = await done;
      expect(pollTimes).toEqual([0, 100, 300, 700, 1200, 1700]);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).attempts).toBe(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('throws WaitTimeoutError with the last observed value and the attempt count', async () => {
    const { poll, polls } = scripted([running(10), running(20), running(30)]);
    const error = await waitUntil(poll, evaluate, {
      timeout: 40,
      pollInterval: 5,
      maxPollInterval: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.timeoutMs).toBe(40);
    expect(timeout.attempts).toBe(polls());
    expect(timeout.attempts).toBeGreaterThanOrEqual(2);
    expect(timeout.lastObserved).toEqual(running(30));
  });

  it('gives up at the deadline even while a poll hangs', async () => {
    let polls = 0;
    const hangs = () => {
      polls += 1;
      return new Promise<Task>(() => {});
    };
    const error = await waitUntil(hangs, evaluate, { timeout: 30, pollInterval: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).attempts).toBe(1);
    expect(polls).toBe(1);
  });

  it('throws AbortError when the signal fires, also in the middle of a poll', async () => {
    const controller = new AbortController();
    let polls = 0;
    const poll = async (): Promise<Task> => {
      polls += 1;
      if (polls === 3) controller.abort();
      return running(polls);
    };
    await expect(waitUntil(poll, evaluate, { ...fast, signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(polls).toBe(3);

    const hanging = new AbortController();
    const never = () => new Promise<Task>(() => {});
    setTimeout(() => hanging.abort(), 5);
    await expect(waitUntil(never, evaluate, { signal: hanging.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('validates its options', async () => {
    const { poll } = scripted([running(1)]);
    await expect(waitUntil(poll, evaluate, { timeout: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(waitUntil(poll, evaluate, { backoffFactor: 0.5 })).rejects.toBeInstanceOf(ValidationError);
  });
});
