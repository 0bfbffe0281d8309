/**
 * What the Sangfor emulator keeps in the engine's store. Records hold the facts; the wire objects (with names,
 * usage figures and SCP's many derived fields) are rendered from them on every read, so the state file stays small
 * and a renamed AZ shows up everywhere at once.
 */
import type { Collection, EmulatorContext } from '../engine/index.js';

export interface AzRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  type: 'hci' | 'vmware';
  status: 'normal' | 'offline';
  tag: string;
  version: string;
  cluster_id: string;
  /** What the pool may hand out to VMs (virtual resources). */
  capacity: { vcpus: number; memory_mb: number; storage_mb: number };
  created_at: number;
}

export interface ClusterRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  type: 'hci';
  status: 'normal';
  az_id: string;
}

export interface HostInterfaceRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  function: 'mgmt' | 'vxlan' | 'business' | 'vs' | 'tercom';
  ip: string;
  netmask: string;
  mac: string;
  speed_mbps: number;
  status: 'up' | 'down';
}

export interface HostRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  ip: string;
  status: 'running' | 'offline';
  type: 'hci';
  cluster_id: string;
  az_id: string;
  cpu: { total_mhz: number; core_count: number; socket_count: number; model: string };
  memory_mb: number;
  storage_mb: number;
  interfaces: HostInterfaceRecord[];
}

export interface StorageTagRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
}

export interface StorageRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  type: 'vs' | 'iscsi' | 'fc' | 'nfs';
  status: 'normal' | 'offline';
  storage_tag_id: string;
  az_id: string;
  total_mb: number;
}

export interface ImageRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  disk_format: 'ISO' | 'aCloud';
  image_type: 'public' | 'private';
  az_id: string;
  os_type: string;
  os_name: string;
  arch: 'x86_64' | 'aarch64';
  size_mb: number;
  /** Size of the system disk a VM derived from this image gets (aCloud images). */
  disk_size_mb: number;
  status: 'active' | 'error';
  project_id: string;
  created_at: number;
}

export interface ProjectRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  user_id: string;
  user_name: string;
  enabled: 0 | 1;
  role_type: 'admin' | 'tenant';
  az_ids: string[];
  mail: string;
  phone: string;
  created_at: number;
}

export type ResourceStatus = 'creating' | 'active' | 'deleting';

export interface VpcRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  az_id: string;
  project_id: string;
  status: ResourceStatus;
  shared: 0 | 1;
  created_at: number;
}

export interface SubnetRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  az_id: string;
  vpc_id: string;
  project_id: string;
  cidr: string;
  gateway_ip: string;
  dns_nameservers: string[];
  status: ResourceStatus;
  created_at: number;
}

export interface ServerDiskRecord {
  [key: string]: unknown;
  /** Device slot, e.g. `ide0`. */
  id: string;
  type: 'derive_disk' | 'new_disk' | 'volume';
  size_mb: number;
  storage_id: string;
  preallocate: 0 | 1;
  /** Set for data volumes attached from the volumes API. */
  volume_id?: string;
}

export interface ServerNicRecord {
  [key: string]: unknown;
  vif_id: string;
  port_id: string;
  vpc_id: string;
  subnet_id: string;
  ip_address: string;
  mac_address: string;
  model: string;
  connect: 0 | 1;
}

export type ServerStatus =
  | 'creating'
  | 'running'
  | 'stopped'
  | 'suspended'
  | 'starting'
  | 'stopping'
  | 'rebooting'
  | 'suspending'
  | 'resuming'
  | 'updating'
  | 'deleting'
  | 'error';

export interface ServerRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  status: ServerStatus;
  power_state: 'on' | 'off';
  az_id: string;
  host_id: string;
  project_id: string;
  image_id: string;
  storage_tag_id: string;
  cores: number;
  sockets: number;
  memory_mb: number;
  disks: ServerDiskRecord[];
  networks: ServerNicRecord[];
  floatingip_id: string;
  /** Last time the VM was powered on / off (uptime and shutdown_duration derive from it). */
  power_changed_at: number;
  created_at: number;
}

export type VolumeStatus =
  | 'creating'
  | 'available'
  | 'attaching'
  | 'in-use'
  | 'detaching'
  | 'resizing'
  | 'deleting';

export interface VolumeRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  status: VolumeStatus;
  size_mb: number;
  az_id: string;
  storage_tag_id: string;
  storage_id: string;
  project_id: string;
  preallocate: 0 | 1;
  /** The VM it is attached to ('' when free); while attaching, the VM it is going to. */
  server_id: string;
  /** Device slot on that VM, e.g. `ide1`. */
  device_id: string;
  created_at: number;
}

export interface FloatingIpPoolRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  az_id: string;
  /** `a.b.c.0/24`-style network; addresses `first`..`last` (last octet) are handed out. */
  cidr: string;
  first: number;
  last: number;
  line_type: string;
}

export interface EipRecord {
  [key: string]: unknown;
  id: string;
  name: string;
  description: string;
  ip: string;
  pool_id: string;
  az_id: string;
  project_id: string;
  bandwidth_mb: number;
  status: 'active' | 'inactive' | 'binding' | 'unbinding';
  server_id: string;
  port_id: string;
  created_at: number;
}

export interface TokenRecord {
  [key: string]: unknown;
  id: string;
  username: string;
  user_id: string;
  project_id: string;
  issued_at: number;
  expires_at: number;
}

/** The first answer given to an `X-Client-Token`; a repeat gets it again. */
export interface IdempotencyRecord {
  [key: string]: unknown;
  id: string;
  method: string;
  path: string;
  status: number;
  body: string;
  created_at: number;
}

export interface Db {
  azs: Collection<AzRecord>;
  clusters: Collection<ClusterRecord>;
  hosts: Collection<HostRecord>;
  storageTags: Collection<StorageTagRecord>;
  storages: Collection<StorageRecord>;
  images: Collection<ImageRecord>;
  projects: Collection<ProjectRecord>;
  vpcs: Collection<VpcRecord>;
  subnets: Collection<SubnetRecord>;
  servers: Collection<ServerRecord>;
  volumes: Collection<VolumeRecord>;
  floatingIpPools: Collection<FloatingIpPoolRecord>;
  eips: Collection<EipRecord>;
  tokens: Collection<TokenRecord>;
  idempotency: Collection<IdempotencyRecord>;
}

export function db(ctx: EmulatorContext): Db {
  const s = ctx.store;
  return {
    azs: s.collection<AzRecord>('azs'),
    clusters: s.collection<ClusterRecord>('clusters'),
    hosts: s.collection<HostRecord>('hosts'),
    storageTags: s.collection<StorageTagRecord>('storage_tags'),
    storages: s.collection<StorageRecord>('storages'),
    images: s.collection<ImageRecord>('images'),
    projects: s.collection<ProjectRecord>('projects'),
    vpcs: s.collection<VpcRecord>('vpcs'),
    subnets: s.collection<SubnetRecord>('subnets'),
    servers: s.collection<ServerRecord>('servers'),
    volumes: s.collection<VolumeRecord>('volumes'),
    floatingIpPools: s.collection<FloatingIpPoolRecord>('floatingippools'),
    eips: s.collection<EipRecord>('eips'),
    tokens: s.collection<TokenRecord>('tokens'),
    idempotency: s.collection<IdempotencyRecord>('idempotency'),
  };
}
