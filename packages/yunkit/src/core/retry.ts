import { ConnectionError, RateLimitError, ServerError, TimeoutError, ValidationError } from './errors.js';
import { isCertificateErrorCode } from './transport.js';

export interface RetryOptions {
  /** Total attempts including the first; default 3; 1 = no retries. */
  maxAttempts?: number;
  /** Base of the exponential backoff, default 200 ms. */
  baseDelayMs?: number;
  /** Cap on one backoff, default 20 000 ms. */
  maxDelayMs?: number;
  /** A longer Retry-After gives up at once instead of sleeping, default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Shared per client, so a dead endpoint is not hammered by every concurrent call. */
  budget?: RetryBudget;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 200;
const DEFAULT_MAX_DELAY_MS = 20_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export interface RetryBudgetOptions {
  /** Tokens in a full bucket, default 500. */
  capacity?: number;
  /** Taken for each retry, default 5. */
  retryCost?: number;
  /** Taken for a retry after a timeout (slow failures cost more), default 10. */
  timeoutCost?: number;
  /** Given back for a success on the first attempt, default 1; a success after a retry
   * refunds that retry's cost. */
  successRefund?: number;
}

/**
 * A token bucket shared by every call of one client (AWS SDK's standard strategy). Retries draw
 * from it and successes refill it, so while an endpoint keeps failing the client soon stops
 * retrying and fails fast, then recovers as calls succeed again.
 */
export class RetryBudget {
  readonly capacity: number;
  readonly retryCost: number;
  readonly timeoutCost: number;
  readonly successRefund: number;
  private tokens: number;

  constructor(opts: RetryBudgetOptions = {}) {
    this.capacity = nonNegative(opts.capacity ?? 500, 'capacity');
    this.retryCost = nonNegative(opts.retryCost ?? 5, 'retryCost');
    this.timeoutCost = nonNegative(opts.timeoutCost ?? 10, 'timeoutCost');
    this.successRefund = nonNegative(opts.successRefund ?? 1, 'successRefund');
    this.tokens = this.capacity;
  }

  get available(): number {
    return this.tokens;
  }

  /** Takes the cost of one retry and returns it; undefined (nothing taken) when the bucket cannot pay. */
  tryAcquire(error: unknown): number | undefined {
    const cost = error instanceof TimeoutError ? this.timeoutCost : this.retryCost;
    if (cost > this.tokens) return undefined;
    this.tokens -= cost;
    return cost;
  }

  /** A call succeeded: refund what its retries took, or a little when it needed none. */
  recordSuccess(spent: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (spent > 0 ? spent : this.successRefund));
  }
}

function nonNegative(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`${field} must be a non-negative number`, field);
  }
  return value;
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date has a weekday and a month name; Date.parse would also take '-5' as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Full jitter: uniform in [0, min(maxDelayMs, baseDelayMs × 2^(attempt-1))]. `attempt` is the
 * attempt that just failed, from 1. */
export function backoffDelay(
  attempt: number,
  opts: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number } = {},
): number {
  const base = opts.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const cap = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.floor((opts.random ?? Math.random)() * ceiling);
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * What may be retried. Failures before anything reached the server (connect, handshake, connect
 * timeout) and throttling are always safe. Failures after the request was sent (5xx, a reset
 * mid-request, a response timeout) are ambiguous: the server may have acted, so they are retried
 * only when repeating is harmless (idempotent method) or made harmless by an idempotency token.
 */
export function isRetryable(
  error: unknown,
  request: { method: string; idempotencyToken?: string | undefined },
): boolean {
  if (error instanceof RateLimitError) return true;
  if (error instanceof ConnectionError) {
    if (error.phase === 'connect') return error.code !== 'ERR_PROXY_AUTH_REQUIRED';
    if (error.phase === 'tls') return !isCertificateErrorCode(error.code);
  }
  if (error instanceof TimeoutError && error.kind === 'connect') return true;
  const ambiguous =
    error instanceof ServerError ||
    (error instanceof ConnectionError && error.phase === 'request') ||
    (error instanceof TimeoutError && error.kind === 'request');
  if (!ambiguous) return false;
  return isIdempotentMethod(request.method) || !!request.idempotencyToken;
}

/** Resolved options for one call: the client's, overridden by the call's. */
export interface ResolvedRetry {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  budget: RetryBudget | undefined;
}

export function resolveRetry(
  client: RetryOptions | undefined,
  call: RetryOptions | false | undefined,
): ResolvedRetry {
  const merged: RetryOptions = call === false ? { ...client, maxAttempts: 1 } : { ...client, ...call };
  const maxAttempts = merged.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new ValidationError('retry.maxAttempts must be an integer >= 1', 'retry.maxAttempts');
  }
  return {
    maxAttempts,
    baseDelayMs: nonNegative(merged.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, 'retry.baseDelayMs'),
    maxDelayMs: nonNegative(merged.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, 'retry.maxDelayMs'),
    maxRetryAfterMs: nonNegative(
      merged.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
      'retry.maxRetryAfterMs',
    ),
    budget: merged.budget,
  };
}

/**
 * How long to wait before the next attempt, or undefined to give up. The server's Retry-After wins
 * over the computed backoff (never shorter than it asked); one longer than maxRetryAfterMs means
 * the caller is better off failing now.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  opts: ResolvedRetry,
): number | undefined {
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > opts.maxRetryAfterMs) return undefined;
    return retryAfterMs;
  }
  return backoffDelay(attempt, opts);
}

/** Sleeps, waking early with the signal's abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
