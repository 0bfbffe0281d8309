/**
 * `new HuaweiClient({ region, credentials })`: one client for ECS, VPC, EVS, EIP, IMS and IAM,
 * configured once (the seed's builder: credentials, region or endpoint, HttpConfig, HttpHandler,
 * stream/file access log) and reused for every call.
 */
import { readFileSync } from 'node:fs';
import { type CredentialProvider, RefreshingCredentials, staticCredentials } from '../core/credentials.js';
import { ValidationError } from '../core/errors.js';
import type { Hooks, Logger } from '../core/logger.js';
import { RetryBudget, type RetryOptions } from '../core/retry.js';
import type { TransportOptions } from '../core/transport.js';
import { resolveDomainId, resolveProjectId } from './auto-ids.js';
import { HuaweiContext } from './context.js';
import {
  type HuaweiCredentialSource,
  type HuaweiCredentialsInput,
  huaweiCredentialChain,
  type PasswordCredentials,
  type TokenCredentials,
  validateCredentials,
} from './credentials.js';
import { EcsService } from './ecs/index.js';
import { EipService } from './eip/index.js';
import { EvsService } from './evs/index.js';
import { IamService } from './iam/index.js';
import { Tokens } from './iam/tokens.js';
import { ImsService } from './ims/index.js';
import { type MetadataCredentialsOptions, metadataCredentials } from './metadata.js';
import {
  type FileLogOptions,
  type HttpHandler,
  ObservingTransport,
  type StreamLogOptions,
} from './observe.js';
import {
  assertEndpointUrl,
  DEFAULT_IAM_ENDPOINT,
  defaultRegionsFilePath,
  HUAWEI_SERVICES,
  type HuaweiService,
  loadRegionsFile,
  type RegionsFile,
  resolveRegionEndpoints,
} from './regions.js';
import type { HuaweiRetryPolicy } from './retry.js';
import { VpcService } from './vpc/index.js';

/** The seed's HttpConfig, in milliseconds. */
export interface HuaweiHttpConfig {
  /** A proxy URL (`http://user:password@host:port`), the seed's parts, or false for none. Default: HTTPS_PROXY/NO_PROXY. */
  proxy?:
    | string
    | false
    | { protocol?: 'http' | 'https'; host: string; port?: number; user?: string; password?: string };
  /** One number for both, or `[connect, read]` (the seed's `timeout = (60, 120)`, here in ms). */
  timeout?: number | readonly [connectMs: number, readMs: number];
  /** Default 60 000 ms (the seed's default). */
  connectTimeoutMs?: number;
  /** Time for the whole response after connecting. Default 120 000 ms (the seed's default). */
  readTimeoutMs?: number;
  /** Skip TLS certificate verification (the seed's `ignore_ssl_verification`). Default false. */
  ignoreSslVerification?: boolean;
  /** Extra CA to trust: PEM text, or the path of a PEM file (the seed's `ssl_ca_cert`). */
  sslCaCert?: string | Buffer;
  keepAlive?: boolean;
  maxSockets?: number;
}

export interface HuaweiClientOptions {
  /** Region id, e.g. `cn-north-4`: picks endpoints and the project for auto-resolution. */
  region?: string;
  /**
   * `{ ak, sk, projectId? }` (BasicCredentials), `{ type: 'global', ak, sk, domainId? }`,
   * `{ ak, sk, securityToken }` (temporary), `{ type: 'token', token }`,
   * `{ type: 'password', user, password, domain }`, or any provider (e.g. `hw.iam.tokens.temporaryCredentials()`).
   * Default: `HUAWEICLOUD_SDK_*` env vars, then `~/.huaweicloud/credentials`.
   */
  credentials?: HuaweiCredentialsInput | CredentialProvider<HuaweiCredentialSource>;
  /** One endpoint (or a failover list) for every service: a private deployment or the emulator. */
  endpoint?: string | readonly string[];
  /** A custom endpoint (or failover list; a string may be comma-separated) per service. Wins over `endpoint`. */
  endpoints?: Partial<Record<HuaweiService, string | readonly string[]>>;
  /** IAM endpoint for project/domain id resolution and tokens; else `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else Huawei's global IAM. */
  iamEndpoint?: string;
  /** Environment to read (`HUAWEICLOUD_SDK_*`, HOME). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Overrides `HUAWEICLOUD_SDK_CREDENTIALS_FILE` / `~/.huaweicloud/credentials`. */
  credentialsFile?: string;
  /**
   * End the default chain with the ECS metadata service (the seed's env → profile → metadata).
   * Off by default: off an ECS instance it would wait for 169.254.169.254 to time out.
   */
  metadata?: boolean | MetadataCredentialsOptions;
  /** Overrides `HUAWEICLOUD_SDK_REGIONS_FILE` / `~/.huaweicloud/regions.yaml`. */
  regionsFile?: string;
  http?: HuaweiHttpConfig;
  /** yunkit's transport retries (connection errors, 429, 5xx when safe). */
  retry?: RetryOptions | false;
  /** Default invoker-level retry for every call (the seed's `with_retry`); per call: `options.withRetry`. */
  withRetry?: HuaweiRetryPolicy;
  /**
   * Sign with derived AK/SK (`V11-HMAC-SHA256`) instead of `SDK-HMAC-SHA256`: true always,
   * 'default' where Huawei's default predicate says so (hosts outside *.myhuaweicloud.com/.cn),
   * or a predicate on the endpoint. Needs `region`. Env `HUAWEICLOUD_SDK_DERIVED_PREDICATE=DEFAULT_DERIVED_PREDICATE` = 'default'.
   */
  derivedAuth?: boolean | 'default' | ((endpoint: URL) => boolean);
  /** The seed's HttpHandler: raw request/response listeners (redacted). */
  httpHandler?: HttpHandler;
  /** The seed's `with_stream_log`: access log lines to a stream (stdout by default). */
  streamLog?: StreamLogOptions | boolean;
  /** The seed's `with_file_log`: access log lines to a rotating file. */
  fileLog?: FileLogOptions;
  logger?: Logger;
  hooks?: Hooks;
  /** Headers added to every request (per call: `options.headers`, the seed's `add_header`). */
  headers?: Record<string, string>;
}

const DEFAULT_DERIVED_HOST =
  /^[a-z][a-z0-9-]+(\.[a-z]{2,}-[a-z]+-\d{1,2})?\.(my)?(huaweicloud|myhwclouds).(com|cn)$/;

/** Huawei's default derived predicate: derived signing where the host is not a *.huaweicloud.com/.cn name. */
export function defaultDerivedPredicate(endpoint: URL): boolean {
  return !DEFAULT_DERIVED_HOST.test(endpoint.hostname);
}

function endpointList(value: string | readonly string[], field: string): string[] {
  const list = (typeof value === 'string' ? value.split(',') : [...value])
    .map((e) => e.trim())
    .filter(Boolean);
  if (list.length === 0) throw new ValidationError(`${field}: at least one endpoint is required`, field);
  for (const e of list) assertEndpointUrl(e, field);
  return list;
}

function proxyUrl(proxy: HuaweiHttpConfig['proxy']): string | false | undefined {
  if (proxy === undefined || proxy === false || typeof proxy === 'string') {
    if (typeof proxy === 'string') assertEndpointUrl(proxy, 'http.proxy');
    return proxy;
  }
  if (typeof proxy.host !== 'string' || proxy.host === '')
    throw new ValidationError('http.proxy.host is required', 'http.proxy.host');
  const protocol = proxy.protocol ?? 'http';
  const auth =
    proxy.user !== undefined
      ? `${encodeURIComponent(proxy.user)}${proxy.password !== undefined ? `:${encodeURIComponent(proxy.password)}` : ''}@`
      : '';
  return `${protocol}://${auth}${proxy.host}${proxy.port !== undefined ? `:${proxy.port}` : ''}`;
}

function transportOptions(http: HuaweiHttpConfig = {}): TransportOptions {
  let connect = http.connectTimeoutMs ?? 60_000;
  let read = http.readTimeoutMs ?? 120_000;
  if (typeof http.timeout === 'number') {
    connect = http.timeout;
    read = http.timeout;
  } else if (Array.isArray(http.timeout)) {
    [connect, read] = http.timeout as [number, number];
  }
  let ca: string | Buffer | undefined;
  if (http.sslCaCert !== undefined) {
    const value = http.sslCaCert;
    ca = typeof value === 'string' && !value.includes('-----BEGIN') ? readFileSync(value) : value;
  }
  const proxy = proxyUrl(http.proxy);
  return {
    connectTimeoutMs: connect,
    timeoutMs: read,
    verifySsl: !http.ignoreSslVerification,
    ...(ca !== undefined ? { ca } : {}),
    ...(proxy !== undefined ? { proxy } : {}),
    ...(http.keepAlive !== undefined ? { keepAlive: http.keepAlive } : {}),
    ...(http.maxSockets !== undefined ? { maxSockets: http.maxSockets } : {}),
  };
}

function isProvider(value: unknown): value is CredentialProvider<HuaweiCredentialSource> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function'
  );
}

export class HuaweiClient {
  readonly region: string | undefined;
  readonly ecs: EcsService;
  readonly vpc: VpcService;
  readonly evs: EvsService;
  readonly eip: EipService;
  readonly ims: ImsService;
  readonly iam: IamService;
  /** The credential provider in use (e.g. to share with another client). */
  readonly credentials: CredentialProvider<HuaweiCredentialSource>;
  private readonly transport: ObservingTransport;
  private readonly context: HuaweiContext;

  constructor(options: HuaweiClientOptions = {}) {
    const env = options.env ?? process.env;
    if (options.region !== undefined && !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(options.region)) {
      throw new ValidationError(
        `region must be a region id such as cn-north-4, got ${JSON.stringify(options.region)}`,
        'region',
      );
    }
    this.region = options.region;

    const custom = new Map<HuaweiService, string[]>();
    const all = options.endpoint !== undefined ? endpointList(options.endpoint, 'endpoint') : undefined;
    for (const service of HUAWEI_SERVICES) {
      const own = options.endpoints?.[service];
      if (own !== undefined) custom.set(service, endpointList(own, `endpoints.${service}`));
      else if (all) custom.set(service, all);
    }
    for (const key of Object.keys(options.endpoints ?? {})) {
      if (!HUAWEI_SERVICES.includes(key as HuaweiService)) {
        throw new ValidationError(
          `endpoints.${key}: unknown service (known: ${HUAWEI_SERVICES.join(', ')})`,
          `endpoints.${key}`,
        );
      }
    }
    // regions.yaml is read once, up front: a malformed file is reported when the client is built.
    let regionsFile: RegionsFile = new Map();
    if (this.region !== undefined && custom.size < HUAWEI_SERVICES.length) {
      regionsFile = loadRegionsFile(options.regionsFile ?? defaultRegionsFilePath(env));
    }
    if (options.iamEndpoint !== undefined) assertEndpointUrl(options.iamEndpoint, 'iamEndpoint');
    const envIam = env.HUAWEICLOUD_SDK_IAM_ENDPOINT;
    const region = this.region;
    const endpointsFor = (service: HuaweiService): string[] => {
      const fixed = custom.get(service);
      if (fixed) return fixed;
      if (region !== undefined) return resolveRegionEndpoints({ service, region, env, regionsFile });
      if (service === 'iam') return [options.iamEndpoint ?? envIam ?? DEFAULT_IAM_ENDPOINT];
      throw new ValidationError(
        `no endpoint for ${service}: pass region, endpoint or endpoints.${service}`,
        'region',
      );
    };
    const iamEndpoint = (credentials: { iamEndpoint?: string | undefined }): string =>
      credentials.iamEndpoint ??
      options.iamEndpoint ??
      envIam ??
      custom.get('iam')?.[0] ??
      DEFAULT_IAM_ENDPOINT;

    let derived: (endpoint: URL) => boolean = () => false;
    const derivedOption =
      options.derivedAuth ??
      (env.HUAWEICLOUD_SDK_DERIVED_PREDICATE === 'DEFAULT_DERIVED_PREDICATE' ? 'default' : false);
    if (derivedOption !== false) {
      if (region === undefined)
        throw new ValidationError('derivedAuth needs a region (it is part of the signature)', 'derivedAuth');
      derived =
        derivedOption === true
          ? () => true
          : derivedOption === 'default'
            ? defaultDerivedPredicate
            : derivedOption;
    }
    if (options.withRetry !== undefined && typeof options.withRetry !== 'object') {
      throw new ValidationError('withRetry must be an object', 'withRetry');
    }

    this.transport = new ObservingTransport(transportOptions(options.http), {
      httpHandler: options.httpHandler,
      streamLog: options.streamLog,
      fileLog: options.fileLog,
      logger: options.logger,
    });

    // Password credentials need the context to fetch tokens, so the provider is bound late.
    let provider: CredentialProvider<HuaweiCredentialSource> | undefined;
    let passwordInput: PasswordCredentials | undefined;
    if (options.credentials === undefined) {
      const metadata = options.metadata;
      provider = huaweiCredentialChain({
        env,
        ...(metadata ? { fallback: metadataCredentials(metadata === true ? {} : metadata) } : {}),
        ...(options.credentialsFile !== undefined ? { credentialsFile: options.credentialsFile } : {}),
      });
    } else if (isProvider(options.credentials)) {
      provider = options.credentials;
    } else {
      const input = validateCredentials(options.credentials, 'credentials');
      if (input.type === 'password') passwordInput = input;
      else provider = staticCredentials(input);
    }
    const late: CredentialProvider<HuaweiCredentialSource> & {
      target?: RefreshingCredentials<TokenCredentials>;
      invalidate(): void;
    } = {
      get: (opts) => late.target!.get(opts),
      // A 401 on a password-issued token: drop it so the resend gets a fresh one.
      invalidate: () => late.target?.invalidate(),
    };
    const budget = options.retry === false ? undefined : (options.retry?.budget ?? new RetryBudget());
    this.context = new HuaweiContext({
      region,
      transport: this.transport,
      credentials: provider ?? late,
      endpointsFor,
      iamEndpoint,
      retry:
        options.retry === false ? { maxAttempts: 1 } : { ...options.retry, ...(budget ? { budget } : {}) },
      withRetry: options.withRetry,
      logger: options.logger,
      hooks: options.hooks,
      headers: options.headers,
      useDerived: derived,
      resolveProjectId,
      resolveDomainId,
    });
    if (passwordInput) {
      const input = passwordInput;
      const tokens = new Tokens(this.context, () => [iamEndpoint(input)]);
      const projectName = input.projectName ?? region;
      late.target = new RefreshingCredentials<TokenCredentials>(async () => {
        const issued = await tokens.createByPassword({
          user: input.user,
          password: input.password,
          domain: input.domain,
          nocatalog: true,
          ...(projectName !== undefined ? { scope: { project: { name: projectName } } } : {}),
        });
        return {
          type: 'token',
          token: issued['X-Subject-Token'],
          ...(issued.token.project?.id ? { projectId: issued.token.project.id } : {}),
          ...(issued.token.domain?.id || issued.token.user?.domain?.id
            ? { domainId: (issued.token.domain?.id ?? issued.token.user?.domain?.id) as string }
            : {}),
          expiresAt: new Date(issued.token.expires_at),
          ...(input.iamEndpoint ? { iamEndpoint: input.iamEndpoint } : {}),
        };
      });
    }
    this.credentials = provider ?? late.target!;

    this.ecs = new EcsService(this.context);
    this.vpc = new VpcService(this.context);
    this.evs = new EvsService(this.context);
    this.eip = new EipService(this.context);
    this.ims = new ImsService(this.context);
    this.iam = new IamService(this.context);
  }

  /** The endpoints a service's requests go to, in the order they are tried. */
  endpointsOf(service: HuaweiService): readonly string[] {
    return [...this.context.endpoints(service)];
  }

  /** The project id the client works in: configured, or resolved through IAM (and cached). */
  projectId(): Promise<string> {
    return this.context.projectId();
  }

  /** Closes the keep-alive connections. */
  close(): void {
    this.transport.close();
  }
}
