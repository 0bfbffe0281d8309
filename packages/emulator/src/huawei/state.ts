import type { EmulatorContext } from '../engine/index.js';

/**
 * The records the Huawei emulator keeps in the engine's store. Field names are internal
 * (camelCase); each resource file renders its cloud's wire shape from them.
 */

export type AccountRecord = {
  id: 'account';
  domainId: string;
  domainName: string;
  userId: string;
  userName: string;
  password: string;
  accessKey: string;
  secretKey: string;
  defaultRegion: string;
};

export type RegionRecord = {
  id: string;
  description: string;
  azs: string[];
};

export type ProjectRecord = {
  id: string;
  name: string;
  region: string;
  domainId: string;
  description: string;
};

export type FlavorRecord = {
  id: string;
  vcpus: number;
  ramMb: number;
  performanceType: string;
  generation: string;
  /** 'normal' or 'sellout': a sold-out flavor is listed but its servers fail to build. */
  operationStatus: 'normal' | 'sellout';
  maxBandwidthMbps: number;
  maxPps: number;
  architecture: 'x86' | 'arm';
};

export type ImageRecord = {
  id: string;
  /** Undefined for gold (public) images. */
  projectId?: string;
  name: string;
  imageType: 'gold' | 'private' | 'shared';
  platform: string;
  osType: 'Linux' | 'Windows';
  osVersion: string;
  osBit: '32' | '64';
  minDisk: number;
  minRam: number;
  sizeBytes: number;
  status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted';
  description: string;
  createdAt: string;
  updatedAt: string;
  architecture: 'x86' | 'arm';
  sourceServerId?: string;
};

export type ServerRecord = {
  id: string;
  projectId: string;
  name: string;
  description: string;
  hostname: string;
  status: string;
  taskState: string | null;
  vmState: string;
  powerState: number;
  flavorId: string;
  imageId: string;
  az: string;
  vpcId: string;
  keyName: string | null;
  securityGroupIds: string[];
  portIds: string[];
  metadata: Record<string, string>;
  tags: string[];
  userData: string | null;
  enterpriseProjectId: string;
  reservationId: string;
  instanceName: string;
  hostId: string;
  launchIndex: number;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  /** From `publicip.delete_on_termination` at creation. */
  publicipDeleteOnTermination?: boolean;
};

export type VolumeAttachmentRecord = {
  attachmentId: string;
  serverId: string;
  device: string;
  attachedAt: string;
  bootIndex: number | null;
  deleteOnTermination: boolean;
};

export type VolumeRecord = {
  id: string;
  projectId: string;
  name: string;
  description: string;
  size: number;
  volumeType: string;
  az: string;
  status: string;
  bootable: boolean;
  multiattach: boolean;
  imageId: string | null;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  attachments: VolumeAttachmentRecord[];
  enterpriseProjectId: string;
  createdAt: string;
  updatedAt: string;
  wwn: string;
};

export type VpcRecord = {
  id: string;
  projectId: string;
  name: string;
  cidr: string;
  description: string;
  status: 'CREATING' | 'OK' | 'ERROR';
  enterpriseProjectId: string;
  routes: Array<{ destination: string; nexthop: string }>;
  createdAt: string;
  updatedAt: string;
};

export type SubnetRecord = {
  id: string;
  projectId: string;
  vpcId: string;
  name: string;
  description: string;
  cidr: string;
  gatewayIp: string;
  dhcpEnable: boolean;
  primaryDns: string;
  secondaryDns: string;
  dnsList: string[];
  az: string;
  status: 'ACTIVE' | 'UNKNOWN' | 'ERROR';
  neutronSubnetId: string;
  createdAt: string;
  updatedAt: string;
};

export type SecurityGroupRuleRecord = {
  id: string;
  projectId: string;
  securityGroupId: string;
  description: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  portRangeMin: number | null;
  portRangeMax: number | null;
  remoteIpPrefix: string | null;
  remoteGroupId: string | null;
  createdAt: string;
};

export type SecurityGroupRecord = {
  id: string;
  projectId: string;
  name: string;
  description: string;
  vpcId: string | null;
  enterpriseProjectId: string;
  createdAt: string;
};

export type PortRecord = {
  id: string;
  projectId: string;
  name: string;
  /** The VPC v1 subnet id (Neutron network id). */
  subnetId: string;
  vpcId: string;
  ipAddress: string;
  macAddress: string;
  deviceId: string;
  deviceOwner: string;
  securityGroupIds: string[];
  status: 'ACTIVE' | 'DOWN' | 'BUILD';
  az: string;
  primary: boolean;
  createdAt: string;
};

export type PublicIpRecord = {
  id: string;
  projectId: string;
  type: string;
  publicIpAddress: string;
  ipVersion: number;
  portId: string | null;
  alias: string;
  status: string;
  bandwidthId: string;
  bandwidthName: string;
  bandwidthShareType: 'PER' | 'WHOLE';
  bandwidthSize: number;
  bandwidthChargeMode: 'bandwidth' | 'traffic';
  enterpriseProjectId: string;
  createdAt: string;
};

export type SubJobRecord = {
  id: string;
  jobType: string;
  entities: Record<string, unknown>;
};

export type JobRecord = {
  id: string;
  projectId: string;
  jobType: string;
  beginTime: string;
  /** Entities shown at the top level (server_id, volume_id, image_id ...). */
  entities: Record<string, unknown>;
  /** Each sub-job is one engine task (same id). A job without sub-jobs is itself one task. */
  subJobs: SubJobRecord[];
  /** The job is its only task: no `sub_jobs` in the response. */
  single: boolean;
};

export type TokenRecord = {
  /** The token value: it is what the client sends, so it is the key. */
  id: string;
  userId: string;
  projectId: string | null;
  domainScoped: boolean;
  methods: string[];
  issuedAt: number;
  expiresAt: number;
};

export type TemporaryCredentialRecord = {
  id: string;
  secret: string;
  securityToken: string;
  expiresAt: number;
};

export type IdempotencyRecord = {
  id: string;
  bodyHash: string;
  status: number;
  response: Record<string, unknown>;
};

export const collections = {
  account: (ctx: EmulatorContext) => ctx.store.collection<AccountRecord>('account'),
  regions: (ctx: EmulatorContext) => ctx.store.collection<RegionRecord>('regions'),
  projects: (ctx: EmulatorContext) => ctx.store.collection<ProjectRecord>('projects'),
  flavors: (ctx: EmulatorContext) => ctx.store.collection<FlavorRecord>('flavors'),
  images: (ctx: EmulatorContext) => ctx.store.collection<ImageRecord>('images'),
  servers: (ctx: EmulatorContext) => ctx.store.collection<ServerRecord>('servers'),
  volumes: (ctx: EmulatorContext) => ctx.store.collection<VolumeRecord>('volumes'),
  vpcs: (ctx: EmulatorContext) => ctx.store.collection<VpcRecord>('vpcs'),
  subnets: (ctx: EmulatorContext) => ctx.store.collection<SubnetRecord>('subnets'),
  securityGroups: (ctx: EmulatorContext) => ctx.store.collection<SecurityGroupRecord>('securityGroups'),
  securityGroupRules: (ctx: EmulatorContext) =>
    ctx.store.collection<SecurityGroupRuleRecord>('securityGroupRules'),
  ports: (ctx: EmulatorContext) => ctx.store.collection<PortRecord>('ports'),
  publicips: (ctx: EmulatorContext) => ctx.store.collection<PublicIpRecord>('publicips'),
  jobs: (ctx: EmulatorContext) => ctx.store.collection<JobRecord>('jobs'),
  tokens: (ctx: EmulatorContext) => ctx.store.collection<TokenRecord>('tokens'),
  temporaryCredentials: (ctx: EmulatorContext) =>
    ctx.store.collection<TemporaryCredentialRecord>('temporaryCredentials'),
  idempotency: (ctx: EmulatorContext) => ctx.store.collection<IdempotencyRecord>('idempotency'),
};

export function account(ctx: EmulatorContext): AccountRecord {
  const record = collections.account(ctx).get('account');
  if (!record) throw new Error('huawei emulator: account missing from the store (seed did not run)');
  return record;
}

/** `enterprise_project_id` as a list filter: absent or `all_granted_eps` matches every record. */
export function inEnterpriseProject(record: { enterpriseProjectId: string }, filter: string | null): boolean {
  return !filter || filter === 'all_granted_eps' || record.enterpriseProjectId === filter;
}

/** ISO 8601 with seconds and 'Z', the form ECS uses for `created`/`updated`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2024-01-15T08:30:00.000000`, the microsecond form EVS and VPC use. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}

/** `2024-01-15 08:30:00`, the form EIP's create_time uses. */
export function spaceSeparated(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `2024-01-15T08:30:00.000Z`, Keystone's expires_at form. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

export function macAddress(ctx: EmulatorContext): string {
  const hex = ctx.random.hex(6);
  return `fa:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}
