/**
 * Huawei Cloud credentials: the kinds Huawei's SDKs know, and the provider chain
 * explicit → `HUAWEICLOUD_SDK_*` env vars → `~/.huaweicloud/credentials` (INI, `[basic]`/`[global]`).
 */
import { join } from 'node:path';
import {
  type CredentialProvider,
  chainCredentials,
  envCredentials,
  profileFileCredentials,
} from '../core/credentials.js';
import { CredentialsNotFoundError, ValidationError } from '../core/errors.js';
import { homeDirectory } from './regions.js';

/** Permanent or temporary AK/SK for regional services (ECS, VPC, EVS, EIP, IMS). */
export interface BasicCredentials {
  type?: 'basic';
  ak: string;
  sk: string;
  /** Resolved through IAM (`GET /v3/projects?name={region}`) and cached when missing. */
  projectId?: string;
  /** With a temporary AK/SK: sent as `X-Security-Token`. */
  securityToken?: string;
  /** When a temporary AK/SK expires; a refreshing provider renews it before then. */
  expiresAt?: Date;
  /** IAM endpoint for project-id resolution (overrides `HUAWEICLOUD_SDK_IAM_ENDPOINT`). */
  iamEndpoint?: string;
}

/** AK/SK for global services (IAM): `X-Domain-Id` instead of `X-Project-Id`. */
export interface GlobalCredentials {
  type: 'global';
  ak: string;
  sk: string;
  /** Resolved through IAM (`GET /v3/auth/domains`) and cached when missing. */
  domainId?: string;
  securityToken?: string;
  expiresAt?: Date;
  iamEndpoint?: string;
}

/** An IAM token (`X-Auth-Token`), e.g. from `hw.iam.tokens.createByPassword`. */
export interface TokenCredentials {
  type: 'token';
  token: string;
  projectId?: string;
  domainId?: string;
  expiresAt?: Date;
  iamEndpoint?: string;
}

/**
 * IAM user name and password: the client fetches a project-scoped token (`POST /v3/auth/tokens`)
 * and renews it before it expires and once on a 401.
 */
export interface PasswordCredentials {
  type: 'password';
  user: string;
  password: string;
  /** The account (domain) name. */
  domain: string;
  /** Project name to scope the token to; defaults to the client's region (Huawei's project naming). */
  projectName?: string;
  iamEndpoint?: string;
}

/**
 * The seed's IdpId & IdTokenFile: an OpenID Connect id token (read from the file on every
 * exchange, so a rotated token is picked up) exchanged through IAM for temporary AK/SK, renewed
 * when less than 40 minutes remain.
 */
export interface FederatedCredentials {
  type: 'federated';
  idpId: string;
  idTokenFile: string;
  /** For regional services (the exchanged AK/SK are used with this project). */
  projectId?: string;
  /** For global services. */
  domainId?: string;
  /** Set when the exchanged AK/SK should sign as GlobalCredentials. */
  global?: boolean;
  iamEndpoint?: string;
}

export type HuaweiCredentials = BasicCredentials | GlobalCredentials | TokenCredentials;
/** What a credential provider may yield: resolved credentials, or an id token still to exchange. */
export type HuaweiCredentialSource = HuaweiCredentials | FederatedCredentials;
export type HuaweiCredentialsInput = HuaweiCredentialSource | PasswordCredentials;

/** Checks a credential object's shape; a ValidationError names the bad field (never its value). */
export function validateCredentials(c: unknown, source: string): HuaweiCredentialsInput {
  if (typeof c !== 'object' || c === null)
    throw new ValidationError(`${source}: credentials must be an object`);
  const value = c as Record<string, unknown>;
  const requireString = (field: string) => {
    if (typeof value[field] !== 'string' || (value[field] as string).length === 0) {
      throw new ValidationError(`${source}: ${field} is required`, field);
    }
  };
  const optionalString = (field: string) => {
    if (value[field] !== undefined && (typeof value[field] !== 'string' || value[field] === '')) {
      throw new ValidationError(`${source}: ${field} must be a non-empty string`, field);
    }
  };
  switch (value.type) {
    case undefined:
    case 'basic':
      requireString('ak');
      requireString('sk');
      optionalString('projectId');
      optionalString('securityToken');
      break;
    case 'global':
      requireString('ak');
      requireString('sk');
      optionalString('domainId');
      optionalString('securityToken');
      break;
    case 'token':
      requireString('token');
      optionalString('projectId');
      break;
    case 'federated':
      requireString('idpId');
      requireString('idTokenFile');
      optionalString('projectId');
      optionalString('domainId');
      break;
    case 'password':
      requireString('user');
      requireString('password');
      requireString('domain');
      optionalString('projectName');
      break;
    default:
      throw new ValidationError(`${source}: unknown credentials type ${String(value.type)}`, 'type');
  }
  optionalString('iamEndpoint');
  if (value.expiresAt !== undefined && !(value.expiresAt instanceof Date)) {
    throw new ValidationError(`${source}: expiresAt must be a Date`, 'expiresAt');
  }
  return c as HuaweiCredentialsInput;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/**
 * Reads `HUAWEICLOUD_SDK_AK`, `_SK`, `_SECURITY_TOKEN`, `_PROJECT_ID`, `_DOMAIN_ID`, `_IAM_ENDPOINT`;
 * `HUAWEICLOUD_SDK_TYPE=GLOBAL` selects GlobalCredentials (as Huawei's Node SDK does).
 */
export function readCredentialsFromEnv(env: NodeJS.ProcessEnv): HuaweiCredentialSource | undefined {
  const ak = env.HUAWEICLOUD_SDK_AK;
  const sk = env.HUAWEICLOUD_SDK_SK;
  const global = (env.HUAWEICLOUD_SDK_TYPE ?? '').toUpperCase() === 'GLOBAL';
  if ((!ak || !sk) && env.HUAWEICLOUD_SDK_IDP_ID && env.HUAWEICLOUD_SDK_ID_TOKEN_FILE) {
    return compact<FederatedCredentials>({
      type: 'federated',
      idpId: env.HUAWEICLOUD_SDK_IDP_ID,
      idTokenFile: env.HUAWEICLOUD_SDK_ID_TOKEN_FILE,
      projectId: global ? undefined : env.HUAWEICLOUD_SDK_PROJECT_ID,
      domainId: global ? env.HUAWEICLOUD_SDK_DOMAIN_ID : undefined,
      global: global || undefined,
      iamEndpoint: env.HUAWEICLOUD_SDK_IAM_ENDPOINT,
    });
  }
  if (!ak || !sk) return undefined;
  const common = {
    ak,
    sk,
    securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN,
    iamEndpoint: env.HUAWEICLOUD_SDK_IAM_ENDPOINT,
  };
  if (global) {
    return compact<GlobalCredentials>({ type: 'global', ...common, domainId: env.HUAWEICLOUD_SDK_DOMAIN_ID });
  }
  return compact<BasicCredentials>({ ...common, projectId: env.HUAWEICLOUD_SDK_PROJECT_ID });
}

/** A minimal INI reader for the credentials file: `[section]`, `key = value`, `#`/`;` comments. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim().toLowerCase();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || current === undefined) continue;
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

/** Parses `~/.huaweicloud/credentials`; `kind` picks the `[basic]` or `[global]` section. */
export function parseCredentialsFile(
  text: string,
  kind: 'basic' | 'global' = 'basic',
): HuaweiCredentialSource | undefined {
  const section = parseIni(text).get(kind);
  if (!section) return undefined;
  const ak = section.get('ak');
  const sk = section.get('sk');
  const idpId = section.get('idp_id');
  const idTokenFile = section.get('id_token_file');
  if ((!ak || !sk) && idpId && idTokenFile) {
    return compact<FederatedCredentials>({
      type: 'federated',
      idpId,
      idTokenFile,
      projectId: kind === 'basic' ? (section.get('project_id') ?? section.get('projectid')) : undefined,
      domainId: kind === 'global' ? (section.get('domain_id') ?? section.get('domainid')) : undefined,
      global: kind === 'global' || undefined,
      iamEndpoint: section.get('iam_endpoint'),
    });
  }
  if (!ak || !sk) return undefined;
  const common = {
    ak,
    sk,
    securityToken: section.get('security_token'),
    iamEndpoint: section.get('iam_endpoint'),
  };
  if (kind === 'global') {
    return compact<GlobalCredentials>({
      type: 'global',
      ...common,
      domainId: section.get('domain_id') ?? section.get('domainid'),
    });
  }
  return compact<BasicCredentials>({
    ...common,
    projectId: section.get('project_id') ?? section.get('projectid'),
  });
}

export function defaultCredentialsFilePath(env: NodeJS.ProcessEnv): string {
  return env.HUAWEICLOUD_SDK_CREDENTIALS_FILE ?? join(homeDirectory(env), '.huaweicloud', 'credentials');
}

export interface CredentialChainOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides `HUAWEICLOUD_SDK_CREDENTIALS_FILE` and `~/.huaweicloud/credentials`. */
  credentialsFile?: string;
  /** Which profile section to read. Default 'basic' ('global' with `HUAWEICLOUD_SDK_TYPE=GLOBAL`). */
  kind?: 'basic' | 'global';
  /** A last link, e.g. `metadataCredentials()` on an ECS instance (the seed's chain ends with metadata). */
  fallback?: CredentialProvider<HuaweiCredentialSource>;
}

/** The default chain when no credentials are passed: env vars, then the profile file (then `fallback`). */
export function huaweiCredentialChain(
  options: CredentialChainOptions = {},
): CredentialProvider<HuaweiCredentialSource> {
  const env = options.env ?? process.env;
  const path = options.credentialsFile ?? defaultCredentialsFilePath(env);
  const kind =
    options.kind ?? ((env.HUAWEICLOUD_SDK_TYPE ?? '').toUpperCase() === 'GLOBAL' ? 'global' : 'basic');
  const links: CredentialProvider<HuaweiCredentialSource>[] = [
    envCredentials((e) => readCredentialsFromEnv(e), env),
    profileFileCredentials(path, (text) => parseCredentialsFile(text, kind)),
  ];
  if (options.fallback) links.push(options.fallback);
  const chain = chainCredentials<HuaweiCredentialSource>(...links);
  const invalidate = (options.fallback as { invalidate?: () => void } | undefined)?.invalidate;
  return {
    async get(opts) {
      try {
        return await chain.get(opts);
      } catch (error) {
        if (!(error instanceof CredentialsNotFoundError)) throw error;
        throw new CredentialsNotFoundError(
          `no Huawei Cloud credentials: pass credentials, set HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, or write [${kind}] in ${path}`,
          'credentials',
        );
      }
    },
    ...(invalidate ? { invalidate: () => invalidate.call(options.fallback) } : {}),
  } as CredentialProvider<HuaweiCredentialSource>;
}
