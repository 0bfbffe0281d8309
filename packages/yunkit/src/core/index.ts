/**
 * `yunkit/core`: the provider-neutral runtime every cloud client is built on. The list is explicit
 * so that helpers the modules share with each other (hook runner, certificate-code test, defaults)
 * stay internal.
 */
export {
  type CredentialProvider,
  chainCredentials,
  envCredentials,
  profileFileCredentials,
  RefreshingCredentials,
  type RefreshingCredentialsOptions,
  staticCredentials,
} from './credentials.js';
export {
  AbortError,
  ApiError,
  type ApiErrorInit,
  AuthError,
  ConflictError,
  ConnectionError,
  CredentialsNotFoundError,
  NotFoundError,
  PermissionError,
  type ProviderName,
  RateLimitError,
  ServerError,
  TaskFailedError,
  TimeoutError,
  ValidationError,
  WaitTimeoutError,
  YunkitError,
} from './errors.js';
export { newIdempotencyToken } from './idempotency.js';
export {
  consoleLogger,
  type ErrorHookInfo,
  type Hooks,
  type Logger,
  type LogLevel,
  type RequestHookInfo,
  type ResponseHookInfo,
  type RetryHookInfo,
  silentLogger,
} from './logger.js';
export { type PageResult, Paginator, type PaginatorOptions } from './paginate.js';
export { encodePathSegment, path } from './path.js';
export {
  type CallOptions,
  mergeCallOptions,
  type OutgoingRequest,
  Pipeline,
  type PipelineConfig,
  type PipelineRequest,
} from './pipeline.js';
export {
  isSensitiveKey,
  REDACTED,
  redactHeaders,
  redactUrl,
  redactValue,
  SecretScrubber,
} from './redact.js';
export {
  backoffDelay,
  isIdempotentMethod,
  isRetryable,
  parseRetryAfter,
  type ResolvedRetry,
  RetryBudget,
  type RetryBudgetOptions,
  type RetryOptions,
  resolveRetry,
  retryDelay,
  sleep,
} from './retry.js';
export { type HttpRequest, type HttpResponse, HttpTransport, type TransportOptions } from './transport.js';
export { isTransientPollError, type WaitOptions, type WaitVerdict, waitUntil } from './wait.js';
