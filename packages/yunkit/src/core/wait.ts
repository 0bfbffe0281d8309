import {
  AbortError,
  ApiError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
} from './errors.js';
import { sleep } from './retry.js';

export interface WaitOptions {
  /** Give up after this many ms, default 300 000. A poll still running then gets at most
   * `pollInterval` more: a hanging request does not stretch the wait to its own timeout. */
  timeout?: number;
  /** First delay between polls, default 2 000 ms. */
  pollInterval?: number;
  /** Longest delay between polls, default 30 000 ms. */
  maxPollInterval?: number;
  /** Each delay is the previous × this, default 1.5. */
  backoffFactor?: number;
  signal?: AbortSignal;
  /** Called with every observed value that is not final yet. Provider waiters narrow the type. */
  onProgress?: (observed: unknown) => void;
}

export type WaitVerdict = { done: true } | { done: false } | { failed: Error };

const DEFAULT_WAIT_TIMEOUT_MS = 300_000;
const DEFAULT_POLL_INTERVAL_MS = 2_000;
const DEFAULT_MAX_POLL_INTERVAL_MS = 30_000;
const DEFAULT_BACKOFF_FACTOR = 1.5;

/** Errors worth polling through: the next poll may well succeed. Anything else ends the wait. */
export function isTransientPollError(error: unknown): boolean {
  if (error instanceof RateLimitError || error instanceof ServerError) return true;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  if (error instanceof ApiError) return error.status === 408;
  return false;
}

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new ValidationError(`${field} must be a number greater than 0`, field);
  }
  return value;
}

/**
 * Polls until `evaluate` says done. Stops at once on `{ failed }` (throws that error) and on a poll
 * error that another poll will not fix (auth, permission, not found, validation, other 4xx, bugs):
 * it never keeps polling to the deadline on those. Polls through transient errors. At the deadline
 * it throws WaitTimeoutError with the last value observed; on the signal, AbortError.
 */
export async function waitUntil<T>(
  poll: () => Promise<T>,
  evaluate: (value: T) => WaitVerdict,
  options: WaitOptions = {},
): Promise<T> {
  const timeout = positive(options.timeout, DEFAULT_WAIT_TIMEOUT_MS, 'timeout');
  const firstDelay = positive(options.pollInterval, DEFAULT_POLL_INTERVAL_MS, 'pollInterval');
  const maxDelay = Math.max(
    firstDelay,
    positive(options.maxPollInterval, DEFAULT_MAX_POLL_INTERVAL_MS, 'maxPollInterval'),
  );
  const factor = positive(options.backoffFactor, DEFAULT_BACKOFF_FACTOR, 'backoffFactor');
  if (factor < 1) throw new ValidationError('backoffFactor must be at least 1', 'backoffFactor');
  const { signal, onProgress } = options;

  const deadline = Date.now() + timeout;
  let attempts = 0;
  let delay = firstDelay;
  let lastObserved: unknown;
  let lastError: unknown;

  const aborted = (): AbortError =>
    new AbortError(`wait aborted after ${attempts} polls`, { cause: signal?.reason });
  const gaveUp = (): WaitTimeoutError => {
    const why = lastError instanceof Error ? `; last poll failed: ${lastError.message}` : '';
    return new WaitTimeoutError(`gave up waiting after ${timeout} ms and ${attempts} polls${why}`, {
      timeoutMs: timeout,
      attempts,
      lastObserved,
    });
  };

  for (;;) {
    if (signal?.aborted) throw aborted();
    attempts += 1;
    let outcome: T | typeof DEADLINE | typeof POLL_FAILED;
    try {
      // Even the poll that starts right at the deadline gets one poll interval to answer.
      outcome = await settleBefore(poll(), Math.max(deadline - Date.now(), firstDelay), signal);
    } catch (error) {
      if (signal?.aborted) throw aborted();
      if (!isTransientPollError(error)) throw error;
      lastError = error;
      outcome = POLL_FAILED;
    }
    // A poll that hangs past the deadline (a slow request with a long timeout) is given up on;
    // its late answer is dropped.
    if (outcome === DEADLINE) throw gaveUp();
    if (outcome !== POLL_FAILED) {
      const value = outcome as T;
      lastObserved = value;
      lastError = undefined;
      const verdict = evaluate(value);
      if ('failed' in verdict) throw verdict.failed;
      if (verdict.done) return value;
      onProgress?.(value);
    }

    const remaining = deadline - Date.now();
    if (remaining <= 0) throw gaveUp();
    // The last sleep is cut short so that one poll lands right at the deadline.
    try {
      await sleep(Math.min(delay, remaining), signal);
    } catch {
      throw aborted();
    }
    delay = Math.min(maxDelay, delay * factor);
  }
}

const DEADLINE: unique symbol = Symbol('deadline');
const POLL_FAILED: unique symbol = Symbol('poll failed');
/** setTimeout fires at once for longer delays, so those get no timer at all. */
const MAX_TIMER_MS = 2_147_483_647;

/** The poll's outcome, DEADLINE if `ms` run out first, or the signal's reason if it fires first. */
function settleBefore<T>(
  promise: Promise<T>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<T | typeof DEADLINE> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      done();
      reject(signal?.reason);
    };
    const timer =
      ms <= MAX_TIMER_MS
        ? setTimeout(
            () => {
              done();
              resolve(DEADLINE);
            },
            Math.max(0, ms),
          )
        : undefined;
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
