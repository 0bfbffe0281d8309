/**
 * `new SangforClient({ host, accessKey, secretKey, region })` (EC2 AK/SK) or
 * `new SangforClient({ host, username, password })` (token). One client, one keep-alive agent and
 * one login, reused by every resource.
 */
import { ValidationError } from '../core/errors.js';
import type {
  Hooks,
  Logger,
  OutgoingRequest,
  RetryOptions,
  TransportOptions,
  WaitOptions,
} from '../core/index.js';
import { HttpTransport, Pipeline } from '../core/index.js';
import { DEFAULT_PAGE_SIZE, endpointUrl, SangforApi } from './api.js';
import { Ec2Signer, newCookieToken, type SangforSigner, TokenSigner } from './auth.js';
import { type SangforEipCollection, SangforEips } from './eips.js';
import { parseSangforError } from './envelope.js';
import { SangforHosts } from './hosts.js';
import { SangforImages } from './images.js';
import { SangforNetworks } from './networks.js';
import { SangforResourcePools } from './resource-pools.js';
import { SangforServers } from './servers.js';
import { SangforSystem } from './system.js';
import { SangforTasks } from './tasks.js';
import { SangforTenants } from './tenants.js';
import { requireName, requireNonNegativeInt, requirePositiveInt } from './validate.js';
import { type SangforApiVersions, SangforVersionTable } from './versions.js';
import { SangforVolumes } from './volumes.js';

export interface SangforClientOptions extends TransportOptions {
  /** SCP's management address: `10.0.0.1`, `10.0.0.1:8443` or a URL (`https://scp.example`). HTTPS unless the URL says http. */
  host?: string;
  /** EC2 (AK/SK) scheme, recommended. */
  accessKey?: string;
  secretKey?: string;
  /** Signed into the credential scope; SCP does not check it. Default `regionOne`, as Sangfor's sample SDK. */
  region?: string;
  /** Signed into the credential scope; SCP does not check it. Default `sdk-api`. */
  service?: string;
  /** Token scheme: the password is RSA-encrypted under SCP's public key before it is sent. */
  username?: string;
  password?: string;
  /**
   * The `aCMPAuthToken` cookie SCP before 6.3.70 requires. `true`: a random value per client;
   * a string: that value; `false`: none. Default: sent (and signed) with EC2 as Sangfor's sample
   * SDK does, not sent with tokens.
   */
  aCMPAuthToken?: boolean | string;
  /** API version path segment per area, e.g. `{ servers: '20200725' }` or `{ default: '20240725' }`. */
  apiVersions?: SangforApiVersions;
  /** Where EIPs live: `/eips`, `/floatingips`, or `auto` (try `/eips`, fall back). Default `auto`. */
  eipApi?: SangforEipCollection | 'auto';
  /** Items per request in `listAll()`; default 100. */
  pageSize?: number;
  /** Defaults for `tasks.wait` (ms): timeout 300 000, pollInterval 1 000, maxPollInterval 10 000. */
  wait?: Pick<WaitOptions, 'timeout' | 'pollInterval' | 'maxPollInterval' | 'backoffFactor'>;
  /** Renew a token this long before `expires`; default min(60 s, a tenth of its lifetime). */
  tokenRefreshBeforeMs?: number;
  retry?: RetryOptions;
  logger?: Logger;
  hooks?: Hooks;
  /** A transport to share; by default the client makes its own and closes it in `close()`. */
  transport?: HttpTransport;
  /**
   * Where to read `SANGFOR_HOST`, `SANGFOR_ACCESS_KEY`, `SANGFOR_SECRET_KEY`, `SANGFOR_REGION`,
   * `SANGFOR_USERNAME`, `SANGFOR_PASSWORD` when the options carry no host or credentials. Default
   * `process.env`; `false` = never.
   */
  env?: NodeJS.ProcessEnv | false;
}

/** SCP's management endpoint as a base URL. */
function sangforBaseUrl(host: string): URL {
  requireName('host', host);
  const text = host.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ValidationError(`host is not a host name, address or URL: ${JSON.stringify(host)}`, 'host');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(`host must use https (or http), got ${url.protocol}`, 'host');
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ValidationError('host must not carry credentials, a query or a fragment', 'host');
  }
  if (url.pathname.replace(/\/+$/, '').endsWith('/janus'))
    url.pathname = url.pathname.replace(/\/janus\/*$/, '');
  return url;
}

const TRANSPORT_KEYS = [
  'connectTimeoutMs',
  'timeoutMs',
  'verifySsl',
  'ca',
  'proxy',
  'keepAlive',
  'maxSockets',
] as const;

function fromEnv(options: SangforClientOptions): SangforClientOptions {
  const env = options.env === false ? undefined : (options.env ?? process.env);
  if (env === undefined) return options;
  const hasCredentials =
    options.accessKey !== undefined ||
    options.secretKey !== undefined ||
    options.username !== undefined ||
    options.password !== undefined;
  const merged: SangforClientOptions = { ...options };
  if (merged.host === undefined && env.SANGFOR_HOST) merged.host = env.SANGFOR_HOST;
  if (!hasCredentials) {
    if (env.SANGFOR_ACCESS_KEY && env.SANGFOR_SECRET_KEY) {
      merged.accessKey = env.SANGFOR_ACCESS_KEY;
      merged.secretKey = env.SANGFOR_SECRET_KEY;
      if (merged.region === undefined && env.SANGFOR_REGION) merged.region = env.SANGFOR_REGION;
    } else if (env.SANGFOR_USERNAME && env.SANGFOR_PASSWORD) {
      merged.username = env.SANGFOR_USERNAME;
      merged.password = env.SANGFOR_PASSWORD;
    }
  }
  return merged;
}

function cookieValue(option: boolean | string | undefined, defaultOn: boolean): string | undefined {
  if (option === undefined) return defaultOn ? newCookieToken() : undefined;
  if (option === false) return undefined;
  if (option === true) return newCookieToken();
  if (typeof option !== 'string' || !/^[A-Za-z0-9._-]+$/.test(option)) {
    throw new ValidationError(
      'aCMPAuthToken must be true, false or a token of letters, digits, . _ -',
      'aCMPAuthToken',
    );
  }
  return option;
}

export class SangforClient {
  /** `ec2` (AK/SK signature) or `token` (`Authorization: Token`). */
  readonly authScheme: 'ec2' | 'token';
  /** The base URL every call goes to. */
  readonly endpoint: URL;

  readonly servers: SangforServers;
  readonly tasks: SangforTasks;
  readonly resourcePools: SangforResourcePools;
  readonly tenants: SangforTenants;
  readonly networks: SangforNetworks;
  readonly images: SangforImages;
  readonly volumes: SangforVolumes;
  readonly eips: SangforEips;
  readonly hosts: SangforHosts;
  readonly system: SangforSystem;

  readonly #transport: HttpTransport;
  readonly #ownsTransport: boolean;

  constructor(options: SangforClientOptions) {
    if (typeof options !== 'object' || options === null)
      throw new ValidationError('options are required', 'options');
    const opts = fromEnv(options);
    if (opts.host === undefined) throw new ValidationError('host is required (or SANGFOR_HOST)', 'host');
    this.endpoint = sangforBaseUrl(opts.host);

    const useEc2 = opts.accessKey !== undefined || opts.secretKey !== undefined;
    const useToken = opts.username !== undefined || opts.password !== undefined;
    if (useEc2 && useToken) {
      throw new ValidationError(
        'give either accessKey/secretKey or username/password, not both',
        'accessKey',
      );
    }
    if (!useEc2 && !useToken) {
      throw new ValidationError(
        'credentials are required: accessKey and secretKey, or username and password',
        'accessKey',
      );
    }
    const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    requirePositiveInt('pageSize', pageSize);
    if (opts.tokenRefreshBeforeMs !== undefined)
      requireNonNegativeInt('tokenRefreshBeforeMs', opts.tokenRefreshBeforeMs);

    const transportOptions: TransportOptions = {};
    for (const key of TRANSPORT_KEYS) {
      if (opts[key] !== undefined) (transportOptions as Record<string, unknown>)[key] = opts[key];
    }
    this.#ownsTransport = opts.transport === undefined;
    this.#transport = opts.transport ?? new HttpTransport(transportOptions);

    const common = {
      provider: 'sangfor' as const,
      transport: this.#transport,
      ...(opts.retry === undefined ? {} : { retry: opts.retry }),
      ...(opts.logger === undefined ? {} : { logger: opts.logger }),
      ...(opts.hooks === undefined ? {} : { hooks: opts.hooks }),
      parseError: parseSangforError,
    };

    let signer: SangforSigner;
    if (useEc2) {
      requireName('accessKey', opts.accessKey);
      requireName('secretKey', opts.secretKey);
      if (opts.region !== undefined) requireName('region', opts.region);
      if (opts.service !== undefined) requireName('service', opts.service);
      signer = new Ec2Signer(
        {
          accessKey: opts.accessKey as string,
          secretKey: opts.secretKey as string,
          region: opts.region,
          service: opts.service,
        },
        cookieValue(opts.aCMPAuthToken, true),
      );
    } else {
      requireName('username', opts.username);
      if (typeof opts.password !== 'string' || opts.password === '') {
        throw new ValidationError('password is required with username', 'password');
      }
      signer = new TokenSigner({
        username: opts.username as string,
        password: opts.password,
        cookie: cookieValue(opts.aCMPAuthToken, false),
        refreshBeforeMs: opts.tokenRefreshBeforeMs,
        // The login calls themselves carry no credentials.
        loginPipeline: new Pipeline({ ...common, sign: () => {} }),
        url: (pathname) => endpointUrl(this.endpoint, pathname),
      });
    }
    this.authScheme = signer.scheme;

    const pipeline = new Pipeline({
      ...common,
      sign: (request: OutgoingRequest) => signer.sign(request),
      onAuthFailure: (error, request) => signer.onAuthFailure(error, request),
    });
    const wait: WaitOptions = {
      timeout: 300_000,
      pollInterval: 1_000,
      maxPollInterval: 10_000,
      ...opts.wait,
    };
    const api = new SangforApi(pipeline, this.endpoint, new SangforVersionTable(opts.apiVersions), {
      pageSize,
    });

    this.servers = new SangforServers(api);
    this.tasks = new SangforTasks(api, wait);
    this.resourcePools = new SangforResourcePools(api);
    this.tenants = new SangforTenants(api);
    this.networks = new SangforNetworks(api);
    this.images = new SangforImages(api);
    this.volumes = new SangforVolumes(api, this.servers);
    this.eips = new SangforEips(api, opts.eipApi ?? 'auto');
    this.hosts = new SangforHosts(api);
    this.system = new SangforSystem(api);
  }

  /** Closes the keep-alive connections (a transport passed in by the caller is left open). */
  close(): void {
    if (this.#ownsTransport) this.#transport.close();
  }
}
