/**
 * Huawei error bodies → the yunkit hierarchy, and the seed's exception levels on top of it.
 *
 * Four body shapes occur (reference §2.8): nested `{"error":{"code","message"}}` (ECS, EVS, IMS),
 * top-level `{"code","message"}` (VPC v1, EIP v1), APIG's `{"error_code","error_msg","request_id"}`,
 * and Keystone's `{"error":{"code":401,"message","title"}}`. Huawei's own Node SDK drops the VPC
 * shape; we parse all four, plus the OpenStack `{"itemNotFound":{"code","message"}}` style.
 */
import { ApiError, ConnectionError, TimeoutError, YunkitError } from '../core/errors.js';

export interface ParsedHuaweiError {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Reads code, message and request id out of any of Huawei's error bodies. */
export function parseHuaweiErrorBody(body: unknown): ParsedHuaweiError {
  const empty = { code: undefined, message: undefined, requestId: undefined };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return empty;
  const b = body as Record<string, unknown>;
  const requestId = str(b.request_id);
  if (typeof b.error === 'object' && b.error !== null) {
    const e = b.error as Record<string, unknown>;
    return {
      code: str(e.code) ?? str(e.error_code) ?? str(e.title),
      message: str(e.message) ?? str(e.error_msg),
      requestId: requestId ?? str(e.request_id),
    };
  }
  if (b.error_code !== undefined || b.error_msg !== undefined) {
    return { code: str(b.error_code), message: str(b.error_msg), requestId };
  }
  if (b.code !== undefined || b.message !== undefined) {
    return { code: str(b.code), message: str(b.message), requestId };
  }
  // OpenStack style: one key (itemNotFound, badRequest, NeutronError...) wrapping code/message.
  const keys = Object.keys(b);
  if (keys.length === 1) {
    const inner = b[keys[0]!];
    if (typeof inner === 'object' && inner !== null) {
      const i = inner as Record<string, unknown>;
      const message = str(i.message);
      if (message !== undefined) return { code: str(i.code) ?? str(i.type) ?? keys[0], message, requestId };
    }
  }
  return { ...empty, requestId };
}

/** The seed's first-level exception classes. */
export type HuaweiErrorLevel1 =
  | 'ConnectionException'
  | 'RequestTimeoutException'
  | 'ServiceResponseException';
/** The seed's second-level exception classes. */
export type HuaweiErrorLevel2 =
  | 'HostUnreachableException'
  | 'SslHandShakeException'
  | 'CallTimeoutException'
  | 'RetryOutageException'
  | 'ServerResponseException'
  | 'ClientRequestException';

export interface HuaweiErrorLevel {
  level1: HuaweiErrorLevel1;
  level2: HuaweiErrorLevel2;
}

/**
 * The invoker-level retry (`withRetry`) gave up without getting a usable response: every attempt
 * failed on the connection or timed out. `lastError` is the final failure.
 */
export class RetryOutageError extends YunkitError {
  readonly attempts: number;
  readonly lastError: unknown;
  constructor(attempts: number, lastError: unknown) {
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    super(`huawei: no response after ${attempts} attempts: ${reason}`, { cause: lastError });
    this.attempts = attempts;
    this.lastError = lastError;
  }
}

/**
 * Maps any error a Huawei call throws onto the seed's exception table (§4.1 of the SDK manual):
 * ConnectionException → HostUnreachableException | SslHandShakeException;
 * RequestTimeoutException → CallTimeoutException | RetryOutageException;
 * ServiceResponseException → ServerResponseException (≥ 500) | ClientRequestException (400–499).
 * Returns undefined for errors raised before sending (ValidationError, AbortError, ...).
 */
export function errorLevel(error: unknown): HuaweiErrorLevel | undefined {
  if (error instanceof RetryOutageError)
    return { level1: 'RequestTimeoutException', level2: 'RetryOutageException' };
  if (error instanceof ApiError) {
    return {
      level1: 'ServiceResponseException',
      level2: error.status >= 500 ? 'ServerResponseException' : 'ClientRequestException',
    };
  }
  if (error instanceof TimeoutError) {
    // A connect timeout means the host never answered: Huawei files that under connection errors.
    return error.kind === 'connect'
      ? { level1: 'ConnectionException', level2: 'HostUnreachableException' }
      : { level1: 'RequestTimeoutException', level2: 'CallTimeoutException' };
  }
  if (error instanceof ConnectionError) {
    return error.phase === 'tls'
      ? { level1: 'ConnectionException', level2: 'SslHandShakeException' }
      : { level1: 'ConnectionException', level2: 'HostUnreachableException' };
  }
  return undefined;
}
