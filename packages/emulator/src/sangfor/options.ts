/**
 * Sangfor emulator settings, read from `EmulatorOptions.providerOptions`.
 *
 * Where the reference leaves a behaviour unsettled, the default follows the likeliest variant and the
 * other one is a value of the matching option (see docs/emulator-sangfor.md).
 */
export interface SangforOptions {
  /** Login of the token scheme (`POST /janus/authenticate`). */
  username: string;
  password: string;
  /** Key pair of the EC2 (AK/SK) scheme. */
  accessKey: string;
  secretKey: string;
  /** `expires - issued_at` of a token, seconds (Keystone's default 3600). */
  tokenLifetimeSeconds: number;
  /** How old an `X-Amz-Date` may be, seconds (Keystone's `auth_ttl`, 15 min). Future dates are accepted. */
  ec2TtlSeconds: number;
  /** Pin the region / service of the EC2 credential scope; unset = whatever the client signed with. */
  ec2Region: string | undefined;
  ec2Service: string | undefined;
  /**
   * Reject requests whose `Authorization`, `X-Amz-Date` (EC2) or `Cookie` header names are not in that exact
   * case, as S8 saw SCP do with lower-cased names.
   */
  strictHeaderCase: boolean;
  /** Require the `aCMPAuthToken` cookie as SCP before 6.3.70 did. */
  requireCookie: boolean;
  /** Error bodies carry `code` (integer, default) or S1's `errcode` (hex string). */
  errorField: 'code' | 'errcode';
  /** Where `public_key` sits in the public-key answer: inside `data` (default) or at the top level (S10). */
  publicKeyLocation: 'data' | 'top-level';
  /** Serve `/janus/v2/public-key` too (S1/S10 try it first; unconfirmed). */
  publicKeyV2: boolean;
  /** `vpcs`, `subnets`, `floatingips`, `floatingippools` lists: plain array (S10, default) or paginated (S1). */
  networkListShape: 'array' | 'paginated';
  /** `next_page_num` when another page exists: a number (default) or its decimal string. */
  nextPageNumType: 'number' | 'string';
  /** Largest accepted `page_size` (1000 works on real systems; S1 claims 100). */
  maxPageSize: number;
  /** `page_size` when the request has none. */
  defaultPageSize: number;
  /**
   * Reproduce what real systems answered: 404 for `GET /hosts/{id}` and `GET /images/{id}`, and
   * `/hosts/{id}/interfaces` only under `20180725`. Off by default so that clients can read single items.
   */
  realSystem404: boolean;
  /** `X-Client-Token` on POST/PUT: de-duplicate (default) or ignore. */
  idempotency: 'dedupe' | 'ignore';
}

const DEFAULT_USERNAME = 'admin';
const DEFAULT_PASSWORD = 'Sangfor@123';
const DEFAULT_ACCESS_KEY = 'AKSCPEMULATOR0000001';
const DEFAULT_SECRET_KEY = 'SKSCPEMULATORSECRET000000000000000000001';

function str(raw: Record<string, unknown>, key: string, fallback: string): string {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '')
    throw new Error(`sangfor providerOptions.${key} must be a non-empty string`);
  return value;
}

function optionalStr(raw: Record<string, unknown>, key: string): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new Error(`sangfor providerOptions.${key} must be a non-empty string`);
  return value;
}

function num(raw: Record<string, unknown>, key: string, fallback: number, min: number): number {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new Error(`sangfor providerOptions.${key} must be a number >= ${min}`);
  }
  return value;
}

function bool(raw: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`sangfor providerOptions.${key} must be a boolean`);
  return value;
}

function oneOf<T extends string>(
  raw: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Error(`sangfor providerOptions.${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

const KNOWN_KEYS = new Set([
  'username',
  'password',
  'accessKey',
  'secretKey',
  'tokenLifetimeSeconds',
  'ec2TtlSeconds',
  'ec2Region',
  'ec2Service',
  'strictHeaderCase',
  'requireCookie',
  'errorField',
  'publicKeyLocation',
  'publicKeyV2',
  'networkListShape',
  'nextPageNumType',
  'maxPageSize',
  'defaultPageSize',
  'realSystem404',
  'idempotency',
]);

/** Reads and checks the provider options; an unknown key or a wrong type is a startup error. */
export function parseSangforOptions(raw: Record<string, unknown> | undefined): SangforOptions {
  const source = raw ?? {};
  for (const key of Object.keys(source)) {
    if (!KNOWN_KEYS.has(key)) throw new Error(`unknown sangfor providerOptions key: ${key}`);
  }
  const maxPageSize = Math.floor(num(source, 'maxPageSize', 1000, 1));
  const defaultPageSize = Math.floor(num(source, 'defaultPageSize', Math.min(100, maxPageSize), 1));
  if (defaultPageSize > maxPageSize) {
    throw new Error('sangfor providerOptions.defaultPageSize must not exceed maxPageSize');
  }
  return {
    username: str(source, 'username', DEFAULT_USERNAME),
    password: str(source, 'password', DEFAULT_PASSWORD),
    accessKey: str(source, 'accessKey', DEFAULT_ACCESS_KEY),
    secretKey: str(source, 'secretKey', DEFAULT_SECRET_KEY),
    tokenLifetimeSeconds: num(source, 'tokenLifetimeSeconds', 3600, 1),
    ec2TtlSeconds: num(source, 'ec2TtlSeconds', 900, 1),
    ec2Region: optionalStr(source, 'ec2Region'),
    ec2Service: optionalStr(source, 'ec2Service'),
    strictHeaderCase: bool(source, 'strictHeaderCase', false),
    requireCookie: bool(source, 'requireCookie', false),
    errorField: oneOf(source, 'errorField', ['code', 'errcode'] as const, 'code'),
    publicKeyLocation: oneOf(source, 'publicKeyLocation', ['data', 'top-level'] as const, 'data'),
    publicKeyV2: bool(source, 'publicKeyV2', false),
    networkListShape: oneOf(source, 'networkListShape', ['array', 'paginated'] as const, 'array'),
    nextPageNumType: oneOf(source, 'nextPageNumType', ['number', 'string'] as const, 'number'),
    maxPageSize,
    defaultPageSize,
    realSystem404: bool(source, 'realSystem404', false),
    idempotency: oneOf(source, 'idempotency', ['dedupe', 'ignore'] as const, 'dedupe'),
  };
}
