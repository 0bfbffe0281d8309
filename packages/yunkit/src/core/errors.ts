/**
 * One error hierarchy for every cloud.
 *
 * `instanceof` must hold across two installed copies of yunkit (a CLI bundling one version, an app
 * another), so every class answers `instanceof` by a brand stored under a global symbol rather than
 * by prototype identity.
 */

const BRAND = Symbol.for('yunkit.error.brand');

export type ProviderName = 'sangfor' | 'huawei' | 'zstack' | 'volcengine';

function brandsOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const brands = (value as Record<symbol, unknown>)[BRAND];
  return Array.isArray(brands) ? (brands as string[]) : undefined;
}

export class YunkitError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    const brands = brandsOf(value);
    // `this.name` is the static name of the class being tested against, e.g. 'NotFoundError'.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass on the right of instanceof.
    return brands?.includes(this.name) ?? false;
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const chain: string[] = [];
    for (let ctor = new.target as unknown; ctor && ctor !== Error; ctor = Object.getPrototypeOf(ctor)) {
      chain.push((ctor as { name: string }).name);
    }
    Object.defineProperty(this, BRAND, { value: chain, enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true });
  }
}

export interface ApiErrorInit {
  provider: ProviderName;
  status: number;
  /** The cloud's own error code (`Ecs.0114`, `APIGW.0301`, SCP's numeric `code` as a string...). */
  code: string;
  /** The message exactly as the cloud sent it (Chinese kept intact). */
  message: string;
  requestId?: string | undefined;
  /** The parsed response body (already redacted), or the raw text when it was not JSON. */
  body?: unknown;
  method?: string | undefined;
  url?: string | undefined;
}

/** The cloud answered, and the answer was an error. */
export class ApiError extends YunkitError {
  readonly provider: ProviderName;
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly body: unknown;
  readonly method: string | undefined;
  readonly url: string | undefined;
  /** The message as the cloud sent it, without yunkit's prefix. */
  readonly cloudMessage: string;

  constructor(init: ApiErrorInit) {
    const where = init.method && init.url ? ` (${init.method} ${init.url})` : '';
    const rid = init.requestId ? ` [request ${init.requestId}]` : '';
    super(`${init.provider} ${init.status} ${init.code}: ${init.message}${where}${rid}`);
    this.provider = init.provider;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
    this.cloudMessage = init.message;
  }

  /** Picks the subclass that fits the HTTP status (and, for 200-with-error-code clouds, the status the caller maps to). */
  static from(init: ApiErrorInit & { retryAfterMs?: number | undefined }): ApiError {
    const s = init.status;
    if (s === 401) return new AuthError(init);
    if (s === 403) return new PermissionError(init);
    if (s === 404) return new NotFoundError(init);
    if (s === 409) return new ConflictError(init);
    if (s === 429) return new RateLimitError({ ...init, retryAfterMs: init.retryAfterMs });
    if (s >= 500) return new ServerError(init);
    return new ApiError(init);
  }
}

export class AuthError extends ApiError {}
export class PermissionError extends ApiError {}
export class NotFoundError extends ApiError {}
export class ConflictError extends ApiError {}
export class ServerError extends ApiError {}

export class RateLimitError extends ApiError {
  /** How long the cloud asked us to wait, from `Retry-After`, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request never got an HTTP answer: refused, reset, DNS, TLS handshake. */
export class ConnectionError extends YunkitError {
  /** The system error code, e.g. ECONNREFUSED, ECONNRESET, CERT_HAS_EXPIRED. */
  readonly code: string | undefined;
  /** Where it failed: before the request was written (safe to retry) or after (ambiguous). */
  readonly phase: 'connect' | 'tls' | 'request';
  constructor(
    message: string,
    init: { code?: string | undefined; phase: 'connect' | 'tls' | 'request'; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.code = init.code;
    this.phase = init.phase;
  }
}

export class TimeoutError extends YunkitError {
  readonly timeoutMs: number;
  readonly kind: 'connect' | 'request';
  constructor(message: string, init: { timeoutMs: number; kind: 'connect' | 'request'; cause?: unknown }) {
    super(message, { cause: init.cause });
    this.timeoutMs = init.timeoutMs;
    this.kind = init.kind;
  }
}

export class AbortError extends YunkitError {}

/** Bad input, caught before anything was sent. */
export class ValidationError extends YunkitError {
  /** The offending field, as the caller named it (wire name for provider clients). */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** An asynchronous task/job reached a terminal failure. */
export class TaskFailedError extends YunkitError {
  readonly provider: ProviderName;
  readonly taskId: string;
  /** The task document as the cloud returned it. */
  readonly task: unknown;
  readonly reason: string | undefined;
  constructor(init: { provider: ProviderName; taskId: string; task: unknown; reason?: string | undefined }) {
    super(`${init.provider} task ${init.taskId} failed${init.reason ? `: ${init.reason}` : ''}`);
    this.provider = init.provider;
    this.taskId = init.taskId;
    this.task = init.task;
    this.reason = init.reason;
  }
}

/** A waiter ran out of time; carries what it saw. */
export class WaitTimeoutError extends YunkitError {
  readonly timeoutMs: number;
  readonly attempts: number;
  /** The last value the poll returned, if any. */
  readonly lastObserved: unknown;
  constructor(message: string, init: { timeoutMs: number; attempts: number; lastObserved?: unknown }) {
    super(message);
    this.timeoutMs = init.timeoutMs;
    this.attempts = init.attempts;
    this.lastObserved = init.lastObserved;
  }
}

/** No credential source yielded credentials (nothing in options, environment or profile file). */
export class CredentialsNotFoundError extends ValidationError {}
