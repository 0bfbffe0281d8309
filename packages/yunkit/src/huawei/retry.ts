/**
 * The seed's invoker-level retry (`with_retry(retry_condition, max_retries, backoff_strategy)`).
 * It wraps a whole call, on top of yunkit's own transport retries (connection errors, 429, 5xx
 * with an idempotency token), so a condition can also retry on a *successful* answer, e.g. poll a
 * job until it says SUCCESS.
 */
import { AbortError, ValidationError } from '../core/errors.js';
import { sleep } from '../core/retry.js';
import { errorLevel, RetryOutageError } from './errors.js';

/**
 * `none` retries at once; the others grow from `baseDelayMs` (default 10) and are capped at
 * `maxDelayMs` (default 60 000), as in Huawei's Go/.NET SDKs:
 * exponential `min(max, base·2ⁿ)`; equalJitter `exp/2 + rand(1, exp/2)`; randomJitter `rand(1, exp)`;
 * decorrelatedJitter `min(max, rand(base, 3·base))` (Huawei's form, reference §3.5: it does not grow
 * with the retry number). A function gets the retry number (1-based).
 */
export type BackoffStrategy =
  | 'none'
  | 'exponential'
  | 'equalJitter'
  | 'randomJitter'
  | 'decorrelatedJitter'
  | ((retry: number) => number);

export interface HuaweiRetryPolicy<T = unknown> {
  /**
   * Whether to try again, from the last result (`response`, when the call succeeded) or the last
   * error. Default: retry on connection errors (the seed's ConnectionException), never on a response.
   */
  retryCondition?: (response: T | undefined, error: unknown) => boolean;
  /** Retries after the first attempt, 1..10 (the seed's range). */
  maxRetries: number;
  backoffStrategy?: BackoffStrategy;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export function validateRetryPolicy(policy: HuaweiRetryPolicy, field = 'withRetry'): void {
  if (typeof policy !== 'object' || policy === null)
    throw new ValidationError(`${field} must be an object`, field);
  if (!Number.isInteger(policy.maxRetries) || policy.maxRetries < 1 || policy.maxRetries > 10) {
    throw new ValidationError(`${field}.maxRetries must be an integer in [1, 10]`, `${field}.maxRetries`);
  }
  const s = policy.backoffStrategy;
  const known = ['none', 'exponential', 'equalJitter', 'randomJitter', 'decorrelatedJitter'];
  if (s !== undefined && typeof s !== 'function' && !known.includes(s)) {
    throw new ValidationError(
      `${field}.backoffStrategy must be one of ${known.join(', ')}`,
      `${field}.backoffStrategy`,
    );
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    const v = policy[key];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) {
      throw new ValidationError(`${field}.${key} must be a non-negative number`, `${field}.${key}`);
    }
  }
}

function randomBetween(min: number, max: number, random: () => number): number {
  if (max <= min) return min;
  return min + Math.floor(random() * (max - min + 1));
}

/** The delay before retry number `retry` (1-based) of one logical call. */
export function backoffCalculator(
  strategy: BackoffStrategy = 'none',
  options: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number } = {},
): (retry: number) => number {
  const base = options.baseDelayMs ?? 10;
  const max = options.maxDelayMs ?? 60_000;
  const random = options.random ?? Math.random;
  return (retry: number) => {
    if (typeof strategy === 'function') return Math.max(0, strategy(retry));
    const exp = Math.min(max, base * 2 ** Math.min(retry, 30));
    switch (strategy) {
      case 'none':
        return 0;
      case 'exponential':
        return exp;
      case 'equalJitter':
        return Math.min(
          max,
          Math.floor(exp / 2) + randomBetween(1, Math.max(1, Math.floor(exp / 2)), random),
        );
      case 'randomJitter':
        return randomBetween(1, Math.max(1, exp), random);
      case 'decorrelatedJitter':
        return Math.min(max, randomBetween(base, 3 * base, random));
    }
  };
}

/** The seed's default condition: retry on a connection-level failure. */
export function isConnectionFailure(_response: unknown, error: unknown): boolean {
  return errorLevel(error)?.level1 === 'ConnectionException';
}

function isResponseless(error: unknown): boolean {
  const level = errorLevel(error);
  return level !== undefined && level.level1 !== 'ServiceResponseException';
}

/** Runs `call` under the policy. Exhausted retries on responseless failures give a RetryOutageError. */
export async function invokeWithRetry<T>(
  call: () => Promise<T>,
  policy: HuaweiRetryPolicy<T> | undefined,
  signal?: AbortSignal,
): Promise<T> {
  if (!policy) return call();
  const condition = policy.retryCondition ?? isConnectionFailure;
  const delayFor = backoffCalculator(policy.backoffStrategy, policy);
  let retries = 0;
  for (;;) {
    let result: T | undefined;
    let error: unknown;
    let failed = false;
    try {
      result = await call();
    } catch (e) {
      if (e instanceof AbortError || e instanceof ValidationError) throw e;
      error = e;
      failed = true;
    }
    const again = failed ? condition(undefined, error) : condition(result, undefined);
    if (!again) {
      if (failed) throw error;
      return result as T;
    }
    if (retries >= policy.maxRetries) {
      if (!failed) return result as T;
      throw isResponseless(error) ? new RetryOutageError(retries + 1, error) : error;
    }
    retries += 1;
    const delay = delayFor(retries);
    if (delay > 0) {
      try {
        await sleep(delay, signal);
      } catch {
        throw new AbortError('huawei: call aborted while waiting to retry');
      }
    } else if (signal?.aborted) {
      throw new AbortError('huawei: call aborted');
    }
  }
}
