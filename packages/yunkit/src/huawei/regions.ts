/**
 * Region → endpoint resolution, in the order Huawei's SDKs use:
 * `HUAWEICLOUD_SDK_REGION_{SERVICE}_{REGION}` env var → `~/.huaweicloud/regions.yaml`
 * (`HUAWEICLOUD_SDK_REGIONS_FILE`) → the built-in table. Each source may give several endpoints
 * for one region; the client fails over from one to the next on connection failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../core/errors.js';
import { REDACTED, redactUrl } from '../core/redact.js';

export type HuaweiService = 'ecs' | 'vpc' | 'evs' | 'eip' | 'ims' | 'iam';

export const HUAWEI_SERVICES: readonly HuaweiService[] = ['ecs', 'vpc', 'evs', 'eip', 'ims', 'iam'];

/** The regions Huawei's own ECS SDK knows (`EcsRegion`), all `https://{service}.{region}.myhuaweicloud.com`. */
export const HUAWEI_REGIONS: readonly string[] = [
  'cn-north-1',
  'cn-north-4',
  'cn-south-1',
  'cn-east-2',
  'cn-east-3',
  'cn-southwest-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'af-south-1',
  'sa-brazil-1',
  'la-north-2',
  'cn-south-4',
  'na-mexico-1',
  'la-south-2',
  'cn-south-2',
  'cn-north-9',
  'cn-north-2',
  'ap-southeast-4',
  'tr-west-1',
  'me-east-1',
  'ae-ad-1',
  'cn-east-4',
  'eu-west-101',
  'cn-east-5',
  'eu-west-0',
  'my-kualalumpur-1',
  'af-north-1',
  'ru-moscow-1',
  'ap-southeast-5',
  'cn-north-11',
  'cn-north-12',
  'cn-southwest-3',
];

/** Where the SDK asks IAM for project/domain ids unless told otherwise (Huawei's DEFAULT_IAM_ENDPOINT). */
export const DEFAULT_IAM_ENDPOINT = 'https://iam.myhuaweicloud.com';

/** The built-in endpoint of a service in a region; undefined for a region the table does not know. */
export function builtinEndpoint(service: HuaweiService, region: string): string | undefined {
  if (!HUAWEI_REGIONS.includes(region)) return undefined;
  // The only built-in exception: Europe's IAM lives under the .eu domain (IamRegion).
  if (service === 'iam' && region === 'eu-west-101') return 'https://iam.eu-west-101.myhuaweicloud.eu';
  return `https://${service}.${region}.myhuaweicloud.com`;
}

/** `HUAWEICLOUD_SDK_REGION_ECS_CN_NORTH_9`: upper case, hyphens to underscores. */
export function regionEnvName(service: string, region: string): string {
  return `HUAWEICLOUD_SDK_REGION_${service.toUpperCase()}_${region.toUpperCase().replace(/-/g, '_')}`;
}

function splitEndpoints(value: string): string[] {
  return value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
}

export function endpointsFromEnv(
  service: string,
  region: string,
  env: NodeJS.ProcessEnv,
): string[] | undefined {
  const value = env[regionEnvName(service, region)];
  if (value === undefined) return undefined;
  const endpoints = splitEndpoints(value);
  return endpoints.length > 0 ? endpoints : undefined;
}

/** Parsed regions.yaml: lower-case service name → region id → endpoints. */
export type RegionsFile = Map<string, Map<string, string[]>>;

/**
 * Parses the regions.yaml format. A malformed file is an error (as in Huawei's SDKs), reported as a
 * ValidationError naming the file and the entry.
 */
export function parseRegionsYaml(text: string, source = 'regions.yaml'): RegionsFile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ValidationError(`${source}: not valid YAML: ${(error as Error).message}`, source);
  }
  const result: RegionsFile = new Map();
  if (doc === null || doc === undefined) return result;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ValidationError(`${source}: expected a mapping of service name to a list of regions`, source);
  }
  for (const [service, entries] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(entries)) {
      throw new ValidationError(`${source}: ${service} must be a list of {id, endpoint|endpoints}`, service);
    }
    const regions = result.get(service.toLowerCase()) ?? new Map<string, string[]>();
    entries.forEach((entry, index) => {
      const where = `${source}: ${service}[${index}]`;
      if (typeof entry !== 'object' || entry === null) {
        throw new ValidationError(`${where} must be a mapping with id and endpoint(s)`, service);
      }
      const { id, endpoint, endpoints } = entry as Record<string, unknown>;
      if (typeof id !== 'string' || id.trim() === '') {
        throw new ValidationError(`${where}: id must be a non-empty string`, service);
      }
      let list: string[];
      if (Array.isArray(endpoints)) {
        if (!endpoints.every((e) => typeof e === 'string' && e.trim() !== '')) {
          throw new ValidationError(`${where}: endpoints must be non-empty strings`, service);
        }
        list = (endpoints as string[]).map((e) => e.trim());
      } else if (typeof endpoint === 'string' && endpoint.trim() !== '') {
        list = splitEndpoints(endpoint);
      } else {
        throw new ValidationError(`${where}: endpoint or endpoints is required`, service);
      }
      if (list.length === 0) throw new ValidationError(`${where}: no endpoint`, service);
      for (const e of list) assertEndpointUrl(e, `${where}`);
      regions.set(id.trim(), list);
    });
    result.set(service.toLowerCase(), regions);
  }
  return result;
}

export function homeDirectory(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? env.USERPROFILE ?? homedir();
}

export function defaultRegionsFilePath(env: NodeJS.ProcessEnv): string {
  return env.HUAWEICLOUD_SDK_REGIONS_FILE ?? join(homeDirectory(env), '.huaweicloud', 'regions.yaml');
}

/** Reads a regions file; a missing file is fine (empty), an unreadable or malformed one is not. */
export function loadRegionsFile(path: string): RegionsFile {
  if (!existsSync(path)) return new Map();
  return parseRegionsYaml(readFileSync(path, 'utf8'), path);
}

/** A proxy URL may carry a password: the messages show the value with its user info masked. */
export function assertEndpointUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const shown = redactUrl(value).replace(/^([^/]*\/\/)[^/?#]*@/, `$1${REDACTED}@`);
    throw new ValidationError(`${field}: not a URL: ${shown}`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`${field}: endpoint must be http(s): ${redactUrl(url)}`, field);
  }
  return url;
}

export interface ResolveEndpointsInput {
  service: HuaweiService;
  region: string;
  env: NodeJS.ProcessEnv;
  regionsFile: RegionsFile;
}

/** env → regions.yaml → built-in, like Huawei's `Region.value_of`; an unknown region is a ValidationError. */
export function resolveRegionEndpoints(input: ResolveEndpointsInput): string[] {
  const { service, region, env, regionsFile } = input;
  const fromEnv = endpointsFromEnv(service, region, env);
  if (fromEnv) {
    for (const e of fromEnv) assertEndpointUrl(e, regionEnvName(service, region));
    return fromEnv;
  }
  const fromFile = regionsFile.get(service)?.get(region);
  if (fromFile) return fromFile;
  const builtin = builtinEndpoint(service, region);
  if (builtin) return [builtin];
  throw new ValidationError(
    `Unexpected regionId: ${region} for ${service} (not built in; set ${regionEnvName(service, region)} or add it to regions.yaml)`,
    'region',
  );
}
