/**
 * What every Huawei resource sends through: endpoint choice (with failover), auth headers and
 * signing, project-id resolution, the invoker-level retry and error parsing.
 */
import type { CredentialProvider, RefreshingCredentials } from '../core/credentials.js';
import { ApiError, type AuthError, ConnectionError, TimeoutError, ValidationError } from '../core/errors.js';
import type { Hooks, Logger } from '../core/logger.js';
import { type CallOptions, type OutgoingRequest, Pipeline, type PipelineRequest } from '../core/pipeline.js';
import { redactUrl, redactValue } from '../core/redact.js';
import { isIdempotentMethod, parseRetryAfter, type RetryOptions } from '../core/retry.js';
import type { HttpResponse, HttpTransport } from '../core/transport.js';
import { applySignedHeaders } from '../signing/headers.js';
import { signHuawei, signHuaweiDerived } from '../signing/huawei.js';
import type {
  BasicCredentials,
  GlobalCredentials,
  HuaweiCredentialSource,
  HuaweiCredentials,
} from './credentials.js';
import { parseHuaweiErrorBody } from './errors.js';
import { federatedCredentials } from './federation.js';
import type { HuaweiService } from './regions.js';
import { type HuaweiRetryPolicy, invokeWithRetry, validateRetryPolicy } from './retry.js';

const JSON_CONTENT = { 'Content-Type': 'application/json' };

/** Per-call options: yunkit's, plus the seed's invoker features. */
export interface HuaweiCallOptions extends CallOptions {
  /** The seed's `with_retry(...)`: an invoker-level retry around the whole call. */
  withRetry?: HuaweiRetryPolicy;
}

/** Options of calls that take Huawei's idempotency header (`X-Client-Token`). */
export interface IdempotentCallOptions extends HuaweiCallOptions {
  /** Reused on every attempt of this call; a fresh UUID when omitted. */
  clientToken?: string;
}

export type QueryValue =
  | string
  | number
  | boolean
  | undefined
  | null
  | ReadonlyArray<string | number | boolean>;

/**
 * How a request authenticates: `project` adds X-Project-Id (regional APIs), `domain` adds
 * X-Domain-Id when known (IAM), `bare` signs without either (the IAM project lookup, as the
 * Node SDK sends it), `none` sends no credentials at all (token by password).
 */
export type AuthScope = 'project' | 'domain' | 'bare' | 'none';

export interface HuaweiRequestSpec {
  service: HuaweiService;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Already encoded (built with the `path` tag), project id included. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  idempotencyToken?: string;
  auth?: AuthScope;
  /** Overrides the service's endpoint list (IAM lookups go to the IAM endpoint). */
  endpoints?: string[];
  options?: HuaweiCallOptions | undefined;
}

/** Query string the way Huawei's SDK puts it on the wire: `%20` for spaces, arrays repeated. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  const enc = (v: string) => encodeURIComponent(v);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) parts.push(`${enc(key)}=${enc(String(v))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** The ambiguous/connection failures after which Huawei's SDK moves on to the next endpoint. */
function shouldFailOver(error: unknown, safeToRepeat: boolean): boolean {
  if (error instanceof ConnectionError) return error.phase !== 'request' || safeToRepeat;
  if (error instanceof TimeoutError) return error.kind === 'connect' || safeToRepeat;
  if (error instanceof ApiError) return error.status === 504 && safeToRepeat;
  return false;
}

export function parseHuaweiError(response: HttpResponse, request: OutgoingRequest): ApiError | undefined {
  if (response.status < 400) return undefined;
  const text = response.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's HTML page): keep the text as the body.
  }
  const parsed = parseHuaweiErrorBody(body);
  return ApiError.from({
    provider: 'huawei',
    status: response.status,
    code: parsed.code ?? `HTTP${response.status}`,
    message:
      parsed.message ??
      (typeof body === 'string' && body.length > 0 ? body.slice(0, 200) : `HTTP ${response.status}`),
    requestId: response.headers['x-request-id'] ?? parsed.requestId,
    body: typeof body === 'object' ? redactValue(body) : body,
    method: request.method,
    url: redactUrl(request.url),
    retryAfterMs: parseRetryAfter(response.headers['retry-after']),
  });
}

export interface HuaweiContextInit {
  region: string | undefined;
  transport: HttpTransport;
  credentials: CredentialProvider<HuaweiCredentialSource>;
  endpointsFor(service: HuaweiService): string[];
  iamEndpoint(credentials: { iamEndpoint?: string | undefined }): string;
  retry?: RetryOptions | undefined;
  withRetry?: HuaweiRetryPolicy | undefined;
  logger?: Logger | undefined;
  hooks?: Hooks | undefined;
  headers?: Record<string, string> | undefined;
  /** Whether to sign with V11-HMAC-SHA256 for a given endpoint. */
  useDerived(endpoint: URL): boolean;
  /** Resolves (and caches) the project id of the client's region. */
  resolveProjectId(ctx: HuaweiContext, credentials: HuaweiCredentials): Promise<string>;
  resolveDomainId(ctx: HuaweiContext, credentials: HuaweiCredentials): Promise<string>;
}

export class HuaweiContext {
  readonly region: string | undefined;
  private readonly init: HuaweiContextInit;
  private readonly pipelines = new Map<string, Pipeline>();
  /** Endpoint order per service; a successful failover moves the working endpoint first. */
  private readonly endpointOrder = new Map<string, string[]>();
  private readonly federated = new Map<string, RefreshingCredentials<BasicCredentials | GlobalCredentials>>();

  constructor(init: HuaweiContextInit) {
    this.init = init;
    this.region = init.region;
    if (init.withRetry) validateRetryPolicy(init.withRetry, 'withRetry');
  }

  /** The credentials to sign with; an OIDC id token (federated) is exchanged for temporary AK/SK first. */
  async credentials(): Promise<HuaweiCredentials> {
    const source = await this.init.credentials.get();
    if (source.type !== 'federated') return source;
    const key = `${source.idpId}\0${source.idTokenFile}\0${source.iamEndpoint ?? ''}`;
    let exchanged = this.federated.get(key);
    if (!exchanged) {
      exchanged = federatedCredentials(this, source);
      this.federated.set(key, exchanged);
    }
    return exchanged.get();
  }

  endpoints(service: HuaweiService): string[] {
    const key = service;
    let order = this.endpointOrder.get(key);
    if (!order) {
      order = [...this.init.endpointsFor(service)];
      this.endpointOrder.set(key, order);
    }
    return order;
  }

  iamEndpoint(credentials: { iamEndpoint?: string | undefined }): string {
    return this.init.iamEndpoint(credentials);
  }

  /** The project id for `/v1/{project_id}/...` paths: from the credentials or resolved through IAM. */
  async projectId(): Promise<string> {
    const credentials = await this.credentials();
    if (credentials.type !== 'global' && credentials.projectId) return credentials.projectId;
    return this.init.resolveProjectId(this, credentials);
  }

  async domainId(): Promise<string> {
    const credentials = await this.credentials();
    if ((credentials.type === 'global' || credentials.type === 'token') && credentials.domainId) {
      return credentials.domainId;
    }
    return this.init.resolveDomainId(this, credentials);
  }

  private pipeline(service: HuaweiService, auth: AuthScope): Pipeline {
    const key = `${service}:${auth}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = new Pipeline({
        provider: 'huawei',
        transport: this.init.transport,
        retry: this.init.retry,
        logger: this.init.logger,
        hooks: this.init.hooks,
        sign: (request) => this.sign(service, auth, request),
        parseError: parseHuaweiError,
        onAuthFailure: (error) => this.onAuthFailure(error),
      });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /** A 401 with expiring credentials: drop them so the resend fetches fresh ones (once per call). */
  private async onAuthFailure(_error: AuthError): Promise<boolean> {
    let renewable = false;
    for (const exchanged of this.federated.values()) {
      exchanged.invalidate();
      renewable = true;
    }
    const provider = this.init.credentials as CredentialProvider<HuaweiCredentialSource> & {
      invalidate?: () => void;
    };
    if (typeof provider.invalidate === 'function') {
      provider.invalidate();
      renewable = true;
    }
    return renewable;
  }

  private async sign(service: HuaweiService, auth: AuthScope, request: OutgoingRequest): Promise<void> {
    // The pipeline hands every attempt a fresh copy of the request, so no earlier signature is on it.
    if (auth === 'none') return;
    const credentials = await this.credentials();
    let projectId: string | undefined;
    let domainId: string | undefined;
    if (auth === 'project') {
      projectId = await this.projectId();
    } else if (auth === 'domain') {
      if (credentials.type === 'global' || credentials.type === 'token') domainId = credentials.domainId;
    }
    if (credentials.type === 'token') {
      // The project the path names wins over a stale X-Project-Id the caller may have passed.
      applySignedHeaders(request.headers, {
        'X-Auth-Token': credentials.token,
        ...(projectId !== undefined ? { 'X-Project-Id': projectId } : {}),
      });
      return;
    }
    const input = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      credentials: {
        accessKeyId: credentials.ak,
        secretAccessKey: credentials.sk,
        ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
      },
      ...(projectId !== undefined ? { projectId } : {}),
      ...(domainId !== undefined ? { domainId } : {}),
    };
    const added =
      this.region !== undefined && this.init.useDerived(request.url)
        ? signHuaweiDerived({ ...input, region: this.region, service })
        : signHuawei(input);
    // A caller's header of another letter case (x-project-id) must not travel next to the signed one.
    applySignedHeaders(request.headers, added);
  }

  /** Sends one logical call: invoker retry → endpoint failover → yunkit pipeline (its own retries). */
  async request<T>(spec: HuaweiRequestSpec): Promise<{ data: T; response: HttpResponse }> {
    const policy = (spec.options?.withRetry ?? this.init.withRetry) as HuaweiRetryPolicy<T> | undefined;
    if (spec.options?.withRetry) validateRetryPolicy(spec.options.withRetry);
    if (policy === undefined) return this.requestOnce<T>(spec);
    let last: { data: T; response: HttpResponse } | undefined;
    const data = await invokeWithRetry<T>(
      async () => {
        last = await this.requestOnce<T>(spec);
        return last.data;
      },
      policy,
      spec.options?.signal,
    );
    return { data, response: last!.response };
  }

  private async requestOnce<T>(spec: HuaweiRequestSpec): Promise<{ data: T; response: HttpResponse }> {
    const auth = spec.auth ?? 'project';
    const order = spec.endpoints ?? this.endpoints(spec.service);
    if (order.length === 0) throw new ValidationError(`no endpoint for ${spec.service}`, 'endpoint');
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const options = spec.options ?? {};
    const safeToRepeat = isIdempotentMethod(spec.method) || spec.idempotencyToken !== undefined;
    const pipeline = this.pipeline(spec.service, auth);
    let lastError: unknown;
    const tried = [...order];
    for (let i = 0; i < tried.length; i++) {
      const endpoint = tried[i]!;
      const url = new URL(endpoint.replace(/\/+$/, '') + spec.path + buildQuery(spec.query));
      // Later layers win whatever letter case each one used, so exactly one copy of a header is signed and sent.
      const headers: Record<string, string> = {};
      for (const layer of [this.init.headers, options.headers, spec.headers, JSON_CONTENT]) {
        if (layer !== undefined) applySignedHeaders(headers, layer);
      }
      const request: PipelineRequest = {
        method: spec.method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(spec.idempotencyToken !== undefined ? { idempotencyToken: spec.idempotencyToken } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
        ...(options.retry !== undefined ? { retry: options.retry } : {}),
      };
      // With another endpoint to go to, a dead one is left at once instead of being retried with backoff.
      if (i < tried.length - 1) request.handOff = (error) => shouldFailOver(error, safeToRepeat);
      try {
        const response = await pipeline.send(request);
        if (i > 0 && spec.endpoints === undefined) {
          // Remember the endpoint that answered so later calls go there first (as the SDK does).
          const current = this.endpoints(spec.service);
          const index = current.indexOf(endpoint);
          if (index > 0) {
            current.splice(index, 1);
            current.unshift(endpoint);
          }
        }
        const text = response.text();
        const data = (text.length > 0 ? response.json<T>() : {}) as T;
        return { data, response };
      } catch (error) {
        lastError = error;
        if (i < tried.length - 1 && shouldFailOver(error, safeToRepeat)) {
          this.init.logger?.warn(
            { endpoint: redactUrl(endpoint), next: redactUrl(tried[i + 1]!) },
            'huawei endpoint failed, trying the next one',
          );
          continue;
        }
        throw error;
      }
    }
    throw lastError;
  }
}
