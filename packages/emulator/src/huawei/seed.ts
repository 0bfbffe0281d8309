import type { EmulatorContext } from '../engine/index.js';
import { createDefaultSecurityGroupRules } from './security-groups.js';
import {
  type AccountRecord,
  collections,
  type FlavorRecord,
  type ImageRecord,
  isoSeconds,
  type ProjectRecord,
  type RegionRecord,
} from './state.js';

/** The region whose project is printed as `projectId`; override with providerOptions.region. */
export const DEFAULT_REGION = 'cn-north-4';

const REGIONS: ReadonlyArray<Omit<RegionRecord, 'azs'>> = [
  { id: 'cn-north-4', description: 'CN North-Beijing4' },
  { id: 'cn-east-3', description: 'CN East-Shanghai1' },
  { id: 'cn-south-1', description: 'CN South-Guangzhou' },
  { id: 'ap-southeast-1', description: 'CN-Hong Kong' },
];

type FlavorSeed = Omit<FlavorRecord, 'operationStatus' | 'maxBandwidthMbps' | 'maxPps' | 'architecture'> &
  Partial<Pick<FlavorRecord, 'operationStatus' | 'architecture'>>;

const FLAVORS: readonly FlavorSeed[] = [
  { id: 's6.small.1', vcpus: 1, ramMb: 1024, performanceType: 'normal', generation: 's6' },
  { id: 's6.medium.2', vcpus: 1, ramMb: 2048, performanceType: 'normal', generation: 's6' },
  { id: 's6.large.2', vcpus: 2, ramMb: 4096, performanceType: 'normal', generation: 's6' },
  { id: 's6.xlarge.2', vcpus: 4, ramMb: 8192, performanceType: 'normal', generation: 's6' },
  { id: 'c7.large.2', vcpus: 2, ramMb: 4096, performanceType: 'computingv3', generation: 'c7' },
  { id: 'c7.xlarge.2', vcpus: 4, ramMb: 8192, performanceType: 'computingv3', generation: 'c7' },
  { id: 'c7.2xlarge.4', vcpus: 8, ramMb: 32768, performanceType: 'computingv3', generation: 'c7' },
  { id: 'm7.large.8', vcpus: 2, ramMb: 16384, performanceType: 'highmem', generation: 'm7' },
  {
    id: 'kc1.large.2',
    vcpus: 2,
    ramMb: 4096,
    performanceType: 'normal',
    generation: 'kc1',
    architecture: 'arm',
  },
  // Listed like every flavor, but servers asked of it fail to build: the deterministic way to see a FAIL job.
  {
    id: 'c7.16xlarge.4',
    vcpus: 64,
    ramMb: 262144,
    performanceType: 'computingv3',
    generation: 'c7',
    operationStatus: 'sellout',
  },
];

type ImageSeed = Pick<
  ImageRecord,
  'name' | 'platform' | 'osType' | 'osVersion' | 'minDisk' | 'minRam' | 'sizeBytes' | 'architecture'
>;

const GOLD_IMAGES: readonly ImageSeed[] = [
  {
    name: 'CentOS 7.9 64bit',
    platform: 'CentOS',
    osType: 'Linux',
    osVersion: 'CentOS 7.9 64bit',
    minDisk: 40,
    minRam: 0,
    sizeBytes: 2_147_483_648,
    architecture: 'x86',
  },
  {
    name: 'Ubuntu 22.04 server 64bit',
    platform: 'Ubuntu',
    osType: 'Linux',
    osVersion: 'Ubuntu 22.04 server 64bit',
    minDisk: 40,
    minRam: 0,
    sizeBytes: 2_684_354_560,
    architecture: 'x86',
  },
  {
    name: 'Huawei Cloud EulerOS 2.0 Standard 64 bit',
    platform: 'EulerOS',
    osType: 'Linux',
    osVersion: 'Huawei Cloud EulerOS 2.0 64bit',
    minDisk: 40,
    minRam: 0,
    sizeBytes: 2_415_919_104,
    architecture: 'x86',
  },
  {
    name: 'Debian 12.0.0 64bit',
    platform: 'Debian',
    osType: 'Linux',
    osVersion: 'Debian GNU/Linux 12.0.0 64bit',
    minDisk: 40,
    minRam: 0,
    sizeBytes: 2_147_483_648,
    architecture: 'x86',
  },
  {
    name: 'Windows Server 2019 Datacenter 64bit English',
    platform: 'Windows',
    osType: 'Windows',
    osVersion: 'Windows Server 2019 Datacenter 64bit English',
    minDisk: 40,
    minRam: 2048,
    sizeBytes: 12_884_901_888,
    architecture: 'x86',
  },
  {
    name: 'Ubuntu 22.04 server 64bit for ARM',
    platform: 'Ubuntu',
    osType: 'Linux',
    osVersion: 'Ubuntu 22.04 server 64bit',
    minDisk: 40,
    minRam: 0,
    sizeBytes: 2_684_354_560,
    architecture: 'arm',
  },
];

const PRIVATE_IMAGE: ImageSeed = {
  name: 'yunkit-web-golden',
  platform: 'CentOS',
  osType: 'Linux',
  osVersion: 'CentOS 7.9 64bit',
  minDisk: 40,
  minRam: 0,
  sizeBytes: 3_221_225_472,
  architecture: 'x86',
};

const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(ctx: EmulatorContext, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[ctx.random.int(alphabet.length)];
  return out;
}

/** Huawei access keys are 20 upper-case alphanumerics, secret keys 40 alphanumerics. */
export function newAccessKey(ctx: EmulatorContext): { accessKey: string; secretKey: string } {
  return { accessKey: randomString(ctx, ALNUM_UPPER, 20), secretKey: randomString(ctx, ALNUM, 40) };
}

function optionString(ctx: EmulatorContext, name: string): string | undefined {
  const value = ctx.options.providerOptions?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function imageRecord(ctx: EmulatorContext, seed: ImageSeed, now: string, projectId?: string): ImageRecord {
  return {
    id: ctx.random.uuid(),
    ...(projectId ? { projectId } : {}),
    ...seed,
    imageType: projectId ? 'private' : 'gold',
    osBit: '64',
    status: 'active',
    description: '',
    createdAt: now,
    updatedAt: now,
  };
}

export function seedHuawei(ctx: EmulatorContext): void {
  const now = ctx.clock.now();
  const stamp = isoSeconds(now);
  const keys = newAccessKey(ctx);
  const defaultRegion = optionString(ctx, 'region') ?? DEFAULT_REGION;
  const account: AccountRecord = {
    id: 'account',
    domainId: ctx.random.hex(32),
    domainName: optionString(ctx, 'domainName') ?? 'yunkit-emulator',
    userId: ctx.random.hex(32),
    userName: optionString(ctx, 'userName') ?? 'yunkit-admin',
    password: optionString(ctx, 'password') ?? `Yk-${randomString(ctx, ALNUM, 16)}`,
    accessKey: optionString(ctx, 'accessKey') ?? keys.accessKey,
    secretKey: optionString(ctx, 'secretKey') ?? keys.secretKey,
    defaultRegion,
  };
  collections.account(ctx).set('account', account);

  const regionSeeds = REGIONS.some((r) => r.id === defaultRegion)
    ? REGIONS
    : [...REGIONS, { id: defaultRegion, description: defaultRegion }];
  for (const region of regionSeeds) {
    const record: RegionRecord = { ...region, azs: ['a', 'b', 'c'].map((suffix) => `${region.id}${suffix}`) };
    collections.regions(ctx).set(region.id, record);
    const projectId =
      region.id === defaultRegion
        ? (optionString(ctx, 'projectId') ?? ctx.random.hex(32))
        : ctx.random.hex(32);
    const project: ProjectRecord = {
      id: projectId,
      name: region.id,
      region: region.id,
      domainId: account.domainId,
      description: '',
    };
    collections.projects(ctx).set(projectId, project);
    seedProjectNetwork(ctx, project, record, now);
  }

  for (const flavor of FLAVORS) {
    collections.flavors(ctx).set(flavor.id, {
      ...flavor,
      operationStatus: flavor.operationStatus ?? 'normal',
      architecture: flavor.architecture ?? 'x86',
      maxBandwidthMbps: Math.min(40, flavor.vcpus * 2) * 1000,
      maxPps: flavor.vcpus * 150_000,
    });
  }
  for (const image of GOLD_IMAGES) {
    const record = imageRecord(ctx, image, stamp);
    collections.images(ctx).set(record.id, record);
  }
  const defaultProject = collections.projects(ctx).find((p) => p.region === defaultRegion);
  if (defaultProject) {
    const record = imageRecord(ctx, PRIVATE_IMAGE, stamp, defaultProject.id);
    collections.images(ctx).set(record.id, record);
  }
}

/** Every real account starts with a `default` security group per region; a default VPC makes a first server one call. */
function seedProjectNetwork(
  ctx: EmulatorContext,
  project: ProjectRecord,
  region: RegionRecord,
  now: number,
): void {
  const vpcId = ctx.random.uuid();
  collections.vpcs(ctx).set(vpcId, {
    id: vpcId,
    projectId: project.id,
    name: 'vpc-default',
    cidr: '192.168.0.0/16',
    description: '',
    status: 'OK',
    enterpriseProjectId: '0',
    routes: [],
    createdAt: isoSeconds(now),
    updatedAt: isoSeconds(now),
  });
  const subnetId = ctx.random.uuid();
  collections.subnets(ctx).set(subnetId, {
    id: subnetId,
    projectId: project.id,
    vpcId,
    name: 'subnet-default',
    description: '',
    cidr: '192.168.0.0/24',
    gatewayIp: '192.168.0.1',
    dhcpEnable: true,
    primaryDns: '100.125.1.250',
    secondaryDns: '100.125.21.250',
    dnsList: ['100.125.1.250', '100.125.21.250'],
    az: region.azs[0] ?? '',
    status: 'ACTIVE',
    neutronSubnetId: ctx.random.uuid(),
    createdAt: isoSeconds(now),
    updatedAt: isoSeconds(now),
  });
  const groupId = ctx.random.uuid();
  collections.securityGroups(ctx).set(groupId, {
    id: groupId,
    projectId: project.id,
    name: 'default',
    description: 'Default security group',
    vpcId: null,
    enterpriseProjectId: '0',
    createdAt: isoSeconds(now),
  });
  createDefaultSecurityGroupRules(ctx, project.id, groupId);
}
