import {
  AbortError,
  type ApiError,
  AuthError,
  type ProviderName,
  RateLimitError,
  ServerError,
  ValidationError,
} from './errors.js';
import { type Hooks, type Logger, runHook, silentLogger } from './logger.js';
import { redactHeaders, redactUrl, redactValue, SecretScrubber } from './redact.js';
import {
  isRetryable,
  parseRetryAfter,
  RetryBudget,
  type RetryOptions,
  resolveRetry,
  retryDelay,
  sleep,
} from './retry.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** Per attempt: connection and full response. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Overrides the client's retry options for this call; false = a single attempt. */
  retry?: RetryOptions | false;
  /** Extra headers for this call (Huawei's add_header); merge with `mergeCallOptions`. */
  headers?: Record<string, string>;
}

/** Mutable: the signer adds headers to it. A fresh copy is made for every attempt. */
export type OutgoingRequest = Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body'>;

export interface PipelineConfig {
  provider: ProviderName;
  transport: HttpTransport;
  /** Client-wide retry options. A RetryBudget is created per pipeline when none is given. */
  retry?: RetryOptions;
  logger?: Logger;
  hooks?: Hooks;
  /** Adds auth headers. Called again before every attempt (fresh timestamp). */
  sign(request: OutgoingRequest, attempt: number): Promise<void> | void;
  /** Turns a non-2xx response (or a 2xx with an error envelope) into an ApiError; undefined = success. */
  parseError(response: HttpResponse, request: OutgoingRequest): ApiError | undefined;
  /** Called once per call on AuthError; resolve true to re-sign and resend once (token renewal).
   * `request` is the signed request that failed, e.g. to invalidate exactly the token it used. */
  onAuthFailure?(error: AuthError, request: OutgoingRequest): Promise<boolean>;
}

export interface PipelineRequest extends OutgoingRequest, Omit<CallOptions, 'headers'> {
  /** All headers of the request, the call's extra headers included (see `mergeCallOptions`). */
  headers: Record<string, string>;
  /** The cloud's idempotency token, already placed in headers/body by the client. Marks the call safe to retry. */
  idempotencyToken?: string;
  /**
   * Failures the caller has a better answer to than retrying here (another endpoint of the same
   * region, say): they end the call at once, with no retry and no backoff.
   */
  handOff?(error: Error): boolean;
}

/**
 * Adds a call's options to a request the client built, merging (not replacing) its headers. A call
 * header replaces the client's header of the same name in any letter case: both would otherwise
 * reach the wire (or the signer) as two different headers.
 */
export function mergeCallOptions(
  request: PipelineRequest,
  options: CallOptions | undefined,
): PipelineRequest {
  if (!options) return request;
  const { headers: extra = {}, ...rest } = options;
  const replaced = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!replaced.has(name.toLowerCase())) headers[name] = value;
  }
  return { ...request, ...rest, headers: Object.assign(headers, extra) };
}

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-openstack-request-id',
  'x-compute-request-id',
  'x-tt-logid',
  'x-requestid',
  'request-id',
];

function requestIdOf(headers: Record<string, string>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * Makes sure an error leaving the pipeline holds none of the request's secrets: ApiError's url and
 * body are redacted, and any literal secret value (token, signature, password) is cut out of the
 * message, the stack and the body, whoever built them.
 */
function scrubError(error: unknown, scrubber: SecretScrubber): Error {
  if (!(error instanceof Error)) return new Error(scrubber.scrub(String(error)));
  const target = error as unknown as Record<string, unknown>;
  const rawUrl = target['url'];
  if (typeof rawUrl === 'string' && rawUrl !== '') {
    const safe = redactUrl(rawUrl);
    if (safe !== rawUrl) {
      error.message = error.message.split(rawUrl).join(safe);
      if (error.stack) error.stack = error.stack.split(rawUrl).join(safe);
    }
    target['url'] = safe;
  }
  if ('body' in target && target['body'] !== undefined) {
    target['body'] = scrubber.scrubValue(redactValue(target['body']));
  }
  if (typeof target['cloudMessage'] === 'string')
    target['cloudMessage'] = scrubber.scrub(target['cloudMessage']);
  scrubText(error, scrubber);
  // util.inspect prints the whole cause chain: a renewal or parse failure may quote the request.
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 8; depth++) {
    scrubText(cause, scrubber);
    cause = cause.cause;
  }
  return error;
}

function scrubText(error: Error, scrubber: SecretScrubber): void {
  try {
    error.message = scrubber.scrub(error.message);
    if (error.stack) error.stack = scrubber.scrub(error.stack);
  } catch {
    // A frozen error cannot be rewritten; failing the call over it would hide the real error.
  }
}

/**
 * sign (fresh per attempt) → hooks/logging → transport → parseError → retry. Every provider
 * client sends through one Pipeline, so retries, the retry budget, auth renewal, logging and
 * redaction behave the same on every cloud.
 */
export class Pipeline {
  readonly provider: ProviderName;
  private readonly config: PipelineConfig;
  private readonly logger: Logger;
  private readonly hooks: Hooks;
  private readonly budget: RetryBudget;

  constructor(config: PipelineConfig) {
    this.config = config;
    this.provider = config.provider;
    this.logger = config.logger ?? silentLogger;
    this.hooks = config.hooks ?? {};
    this.budget = config.retry?.budget ?? new RetryBudget();
  }

  /** The retry budget every call of this pipeline shares. */
  get retryBudget(): RetryBudget {
    return this.budget;
  }

  async send(request: PipelineRequest): Promise<HttpResponse> {
    if (!(request.url instanceof URL)) throw new ValidationError('request.url must be a URL', 'url');
    const retry = resolveRetry(this.config.retry, request.retry);
    // A call may bring its own budget (e.g. a batch job that must not drain the client's).
    const budget = retry.budget ?? this.budget;
    const { provider, logger, hooks } = this;
    const method = request.method.toUpperCase();
    const signal = request.signal;
    let attempt = 0;
    let maxAttempts = retry.maxAttempts;
    let renewedAuth = false;
    let spent = 0;
    // Redacted copies are only built for someone who reads them: the happy path of a client with no
    // logger and no hooks pays nothing for redaction.
    const observed =
      this.logger !== silentLogger || hooks.onRequest !== undefined || hooks.onResponse !== undefined;

    for (;;) {
      attempt += 1;
      if (signal?.aborted)
        throw new AbortError(`${method} ${redactUrl(request.url)} aborted`, { cause: signal.reason });
      const outgoing: OutgoingRequest = {
        method: request.method,
        url: new URL(request.url.href),
        headers: { ...request.headers },
      };
      if (request.body !== undefined) outgoing.body = request.body;
      // The secrets this attempt carried (signed headers included), gathered only once something failed.
      let secrets: SecretScrubber | undefined;
      const scrubber = (): SecretScrubber => {
        if (secrets === undefined) {
          secrets = new SecretScrubber();
          secrets.addHeaders(outgoing.headers);
          secrets.addUrl(outgoing.url);
          secrets.addBody(outgoing.body);
        }
        return secrets;
      };
      let response: HttpResponse | undefined;
      let failure: Error;
      let safeUrl = '';
      try {
        await this.config.sign(outgoing, attempt);
        if (observed) {
          safeUrl = redactUrl(outgoing.url);
          const safeHeaders = redactHeaders(outgoing.headers);
          await runHook(logger, hooks.onRequest, {
            provider,
            method,
            url: safeUrl,
            headers: safeHeaders,
            attempt,
          });
          logger.debug({ provider, method, url: safeUrl, attempt, headers: safeHeaders }, 'yunkit request');
        }
        const started = performance.now();
        response = await this.config.transport.send({
          ...outgoing,
          timeoutMs: request.timeoutMs,
          connectTimeoutMs: request.connectTimeoutMs,
          signal,
        });
        if (observed) {
          const ms = Math.round(performance.now() - started);
          const requestId = requestIdOf(response.headers);
          await runHook(logger, hooks.onResponse, {
            provider,
            method,
            url: safeUrl,
            status: response.status,
            headers: redactHeaders(response.headers),
            ms,
            attempt,
            requestId,
          });
          logger.debug(
            { provider, method, url: safeUrl, status: response.status, ms, attempt, requestId },
            'yunkit response',
          );
        }
        const apiError = this.config.parseError(response, outgoing);
        if (apiError === undefined) {
          budget.recordSuccess(spent);
          return response;
        }
        failure = scrubError(apiError, scrubber());
      } catch (error) {
        failure = scrubError(error, scrubber());
      }
      if (safeUrl === '') safeUrl = redactUrl(outgoing.url);

      await runHook(logger, hooks.onError, { provider, method, url: safeUrl, error: failure, attempt });

      if (failure instanceof AuthError && this.config.onAuthFailure && !renewedAuth) {
        renewedAuth = true;
        let renew = false;
        try {
          renew = await this.config.onAuthFailure(failure, outgoing);
        } catch (error) {
          throw scrubError(error, scrubber());
        }
        if (renew) {
          // The renewal resend is not a retry: it does not use up an attempt or the budget.
          maxAttempts += 1;
          logger.debug({ provider, method, url: safeUrl, attempt }, 'yunkit re-authenticating');
          continue;
        }
      }

      const retryable =
        isRetryable(failure, { method, idempotencyToken: request.idempotencyToken }) &&
        request.handOff?.(failure) !== true;
      if (!retryable || attempt >= maxAttempts) {
        logger.debug(
          { provider, method, url: safeUrl, attempt, error: failure.message },
          'yunkit request failed',
        );
        throw failure;
      }
      let retryAfterMs: number | undefined;
      if (failure instanceof RateLimitError) {
        retryAfterMs = failure.retryAfterMs ?? parseRetryAfter(response?.headers['retry-after']);
      } else if (failure instanceof ServerError) {
        retryAfterMs = parseRetryAfter(response?.headers['retry-after']);
      }
      const delayMs = retryDelay(attempt - (renewedAuth ? 1 : 0), retryAfterMs, retry);
      if (delayMs === undefined) {
        logger.info(
          { provider, method, url: safeUrl, attempt, retryAfterMs },
          'yunkit not retrying: Retry-After too long',
        );
        throw failure;
      }
      const cost = budget.tryAcquire(failure);
      if (cost === undefined) {
        logger.info(
          { provider, method, url: safeUrl, attempt },
          'yunkit not retrying: retry budget exhausted',
        );
        throw failure;
      }
      spent += cost;
      await runHook(logger, hooks.onRetry, {
        provider,
        method,
        url: safeUrl,
        error: failure,
        attempt,
        delayMs,
      });
      logger.info(
        { provider, method, url: safeUrl, attempt, delayMs, error: failure.message },
        'yunkit retry',
      );
      try {
        await sleep(delayMs, signal);
      } catch (reason) {
        throw new AbortError(`${method} ${safeUrl} aborted while waiting to retry`, { cause: reason });
      }
    }
  }

  /** Sends and parses the JSON body; an empty body gives `undefined`. */
  async json<T>(request: PipelineRequest): Promise<{ data: T; response: HttpResponse }> {
    const response = await this.send(request);
    const data = (response.body.length === 0 ? undefined : response.json<T>()) as T;
    return { data, response };
  }
}
