/**
 * SCP's wire vocabulary, typed from the reference (`sangfor-scp.md`). Field names are exactly the
 * ones SCP sends (`az_id`, `memory_mb`, `next_page_num`), so SCP's own documentation reads beside
 * these types. Where public clients disagree on a shape, the type admits every variant seen; fields
 * that only one unconfirmed source names are optional.
 */

/** SCP's JSON envelope around every answer. Older releases send `code`, a newer variant `errcode`. */
export interface SangforEnvelope<T> {
  code?: number | string;
  errcode?: string | number;
  message?: string;
  /** Some releases say `msg` instead of `message`. */
  msg?: string;
  data: T;
}

/** One page as SCP returns it: `page_num` is 0-based and `next_page_num` is `""` on the last page. */
export interface SangforPage<T> {
  total_size: number;
  page_num: number;
  page_size: number;
  /** The next page's number; `""` (sometimes absent or `null`) on the last page. Numbers may arrive as strings. */
  next_page_num: number | string | null;
  data: T[];
}

/** Query parameters every paginated list takes. */
export interface SangforPageParams {
  /** 0-based page number. */
  page_num?: number;
  page_size?: number;
  /** `field1[,field2]` */
  sort?: string;
  order_by?: 'ASC' | 'DESC';
  fields?: string;
}

/** Options for a lazy `listAll()`. */
export interface SangforListAllOptions {
  /** Items fetched per request; default 100. */
  pageSize?: number;
}

/** Most mutations answer with the task to poll. */
export interface SangforTaskRef {
  task_id: string;
}

/** A value SCP sends as 0/1 that the caller may also give as a boolean. */
export type SangforFlag = 0 | 1 | boolean;

// ---------------------------------------------------------------------------------------------
// Auth

export interface SangforPublicKeyData {
  /** The RSA modulus as hex, often uppercase with a trailing newline. */
  public_key: string;
}

export interface SangforKeystoneToken {
  id: string;
  issued_at: string;
  expires: string;
  tenant?: { id: string; description?: string; name: string; enabled: boolean };
  audit_ids?: string[];
}

export interface SangforAuthenticateData {
  access: {
    token: SangforKeystoneToken;
    user?: {
      username?: string;
      name?: string;
      id?: string;
      roles_links?: unknown[];
      roles?: Array<{ name: string }>;
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Servers

/** `power_state` is on/off; `status` varies by release (`running`, `active`, `on` all mean running). */
export type SangforPowerState = 'on' | 'off' | (string & {});
export type SangforServerStatus =
  | 'running'
  | 'stopped'
  | 'suspended'
  | 'error'
  | 'active'
  | 'on'
  | 'off'
  | (string & {});

export interface SangforUsageRatio {
  total_mb?: number;
  used_mb?: number;
  ratio?: number;
}

export interface SangforServerDisk {
  /** Device id, e.g. `ide0`. */
  id: string;
  size_mb: number;
  type?: 'derive_disk' | 'new_disk' | (string & {});
  storage_id?: string;
  storage_name?: string;
  storage_tag_id?: string;
  preallocate?: number;
  /** Present when the disk is a standalone volume attached to the server. */
  volume_id?: string;
  [key: string]: unknown;
}

export interface SangforServerNetwork {
  name?: string;
  vif_id?: string;
  ip_address?: string;
  ipv6_address?: string;
  mac_address?: string;
  vpc_id?: string;
  vpc_name?: string;
  subnet_id?: string;
  subnet_name?: string;
  /** Older releases. */
  ip?: string;
  /** Older releases. */
  mac?: string;
  [key: string]: unknown;
}

export interface SangforServerFloatingIp {
  floatingip_id?: string;
  floating_ip_address?: string;
  bandwidth?: number;
  line_type?: string;
  bind_status?: number | string;
}

export interface SangforServer {
  id: string;
  vm_id?: string;
  name: string;
  description?: string;
  status: SangforServerStatus;
  power_state?: SangforPowerState;
  vmtype?: string;
  type?: string;
  project_id?: string;
  project_name?: string;
  user_id?: string;
  user_name?: string;
  group_id?: string;
  group_name?: string;
  group_name_path?: string;
  az_id: string;
  az_name?: string;
  host_id?: string;
  host_name?: string;
  dh_id?: string;
  dh_name?: string;
  location?: unknown;
  os_name?: string;
  os_type?: string;
  os_installed?: number;
  os_option?: { arch?: string; kernel_name?: string; distribution_name?: string };
  cores: number;
  cores_per_socket?: number;
  sockets?: number;
  memory_mb: number;
  mhz?: number;
  storage_mb?: number;
  cpu_status?: { total_mhz?: number; used_mhz?: number; ratio?: number };
  memory_status?: SangforUsageRatio;
  storage_status?: SangforUsageRatio;
  network_status?: { read_speed_bitps?: number; write_speed_bitps?: number };
  io_status?: {
    read_speed_byteps?: number;
    write_speed_byteps?: number;
    read_iops?: number;
    write_iops?: number;
  };
  has_gpu?: number;
  gpu_status?: {
    graphics_count?: number;
    graphics_mem_total?: number;
    graphics_mem_used?: number;
    graphics_ratio?: number;
  };
  disks?: SangforServerDisk[];
  networks?: SangforServerNetwork[];
  ips?: string[];
  floatingip?: SangforServerFloatingIp | null;
  protection_enable?: number;
  protection_id?: string;
  protection_name?: string;
  protection_type?: string;
  in_protection?: number;
  backup_policy_enable?: number;
  backup_file_count?: number;
  image_id?: string;
  image_name?: string;
  template_id?: string;
  instant_vm?: number;
  encrypted?: number;
  vtool_installed?: number;
  is_stopped?: number;
  uptime?: number;
  shutdown_duration?: number;
  /** `"unlimited"` or a date. */
  expire_time?: string;
  tags?: Array<{ key: string; value: string }>;
  tenant_id?: string;
  created_at?: string;
  [key: string]: unknown;
}

/** Filters of `GET /servers` (SCP's documented list; newer versions add `vm_ids`, `storage_ids`, `ids`). */
export interface SangforServerFilters {
  az_id?: string;
  status?: SangforServerStatus;
  power_state?: SangforPowerState;
  vmtype?: string;
  network_type?: string;
  vpc_id?: string;
  floating_ip_address?: string;
  floatingip_id?: string;
  /** Platform type, e.g. `hci`. */
  type?: string;
  project_id?: string;
  user_id?: string;
  host_id?: string;
  group_id?: string;
  storage_id?: string;
  os_type?: string;
  has_tag?: 0 | 1;
  tag_id?: string;
  in_protection?: 0 | 1;
  protection_id?: string;
  protection_type?: string;
  scale_group_id?: string;
  /** `%Y-%m-%d %H:%M:%S` */
  expire_time?: string;
  has_gpu?: 0 | 1;
  gpu_type?: string;
  /** Comma-separated, or an array the client joins (API version 20190725+). */
  vm_ids?: string | string[];
  storage_ids?: string | string[];
  ids?: string | string[];
  name?: string;
  sort?: string;
  order_by?: 'ASC' | 'DESC';
  fields?: string;
}

export interface SangforServerNetworkSpec {
  /** NIC name on the VM, e.g. `net0`. */
  vif_id: string;
  vpc_id: string;
  subnet_id: string;
  connect?: 0 | 1;
  /** e.g. `virtio`, `e1000`. */
  model?: string;
  ip_address?: string;
  [key: string]: unknown;
}

export interface SangforServerDiskSpec {
  /** e.g. `ide0`. */
  id?: string;
  /** `derive_disk` for aCloud images, `new_disk` for ISO installs. */
  type?: 'derive_disk' | 'new_disk' | (string & {});
  size_mb: number;
  preallocate?: 0 | 1;
  storage_tag_id?: string;
  [key: string]: unknown;
}

/** Body of `POST /servers`. */
export interface SangforServerCreateRequest {
  az_id: string;
  image_id: string;
  storage_tag_id: string;
  /** Total cores. */
  cores: number;
  memory_mb: number;
  name: string;
  /** NICs; a VM may also be created without one. */
  networks?: SangforServerNetworkSpec[];
  /** Default 1. */
  sockets?: number;
  /** How many VMs to create; default 1. */
  count?: number;
  description?: string;
  disks?: SangforServerDiskSpec[];
  /** Sent as 1/0. Default: SCP's own (the client sends nothing). */
  power_on?: SangforFlag;
  /** Default `{ id: 'cluster' }`, as working clients send. */
  location?: { id: string; [key: string]: unknown };
  dh_id?: string;
  group_id?: string;
  storage_id?: string;
  type?: string;
  uuids?: string[];
  cdroms?: unknown[];
  usbs?: unknown[];
  advance_param?: Record<string, unknown>;
  /** RSA-encrypted hex (see `encryptSangforPassword`) where SCP asks for it. */
  password?: string;
  floatingip?: Record<string, unknown>;
  hostname?: string;
  lifespan?: number;
  hostname_index?: number;
  encryption?: number;
  gpu?: unknown;
  keypair?: string;
  project_id?: string;
  user_id?: string;
  [key: string]: unknown;
}

export interface SangforServerCreateResult {
  /** Absent only if SCP ran the creation synchronously. */
  task_id?: string;
  /** The new VMs' ids, in creation order. */
  uuids: string[];
}

/** Body of `PUT /servers/{id}`: partial. */
export interface SangforServerUpdateRequest {
  name?: string;
  description?: string;
  group_id?: string;
  cores?: number;
  sockets?: number;
  memory_mb?: number;
  os_type?: string;
  storage_location?: unknown;
  location?: unknown;
  hard_delete_disks?: unknown;
  data_erase_disks?: unknown;
  disks?: unknown[];
  networks?: unknown[];
  cdroms?: unknown[];
  usbs?: unknown[];
  advance_param?: Record<string, unknown>;
  gpu?: unknown;
  [key: string]: unknown;
}

export interface SangforServerDeleteOptions {
  /** true = delete permanently; false (SCP's default) = move to the recycle bin. */
  force?: boolean;
  /** Also sends `?delete_disk=1|0`, which some releases read instead of `force`. */
  delete_disk?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Tasks

/** `waiting` → `doing` → `finish` | `failure`; also `canceling`, `canceled`. */
export type SangforTaskStatus =
  | 'waiting'
  | 'doing'
  | 'finish'
  | 'failure'
  | 'canceling'
  | 'canceled'
  | (string & {});

export interface SangforTask {
  id?: string;
  task_id?: string;
  status: SangforTaskStatus;
  /** -2 waiting, -1 failure, 0-99 doing, 100 finish. */
  progress?: number;
  /** The failure reason when `status` is `failure`. */
  description?: string;
  action?: string;
  object_type?: string;
  entities?: unknown;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Resource pools (AZs), overview, storage

export interface SangforPhysicalResource {
  name: 'cpu' | 'memory' | 'storage' | (string & {});
  total: number;
  used: number;
  unit?: string;
}

export interface SangforVirtualResource {
  name: string;
  unit?: string;
  total: number;
  allocated: number;
}

export interface SangforResourcePool {
  id: string;
  name: string;
  status?: string;
  /** `hci` | `vmware` */
  type?: string;
  tag?: string;
  version?: string;
  physical_resources?: SangforPhysicalResource[];
  virtual_resources?: SangforVirtualResource[];
  dhs?: unknown[];
  [key: string]: unknown;
}

export interface SangforResourcePoolFilters extends SangforPageParams {
  type?: 'hci' | 'vmware' | (string & {});
  /** `public` (shared) | `private` (dedicated) */
  tag?: string;
}

export interface SangforOverview {
  host: { total: number; online_count: number; [key: string]: unknown };
  server: { total: number; running_count: number; [key: string]: unknown };
  az: { total: number; online_count: number; [key: string]: unknown };
  physical_resources?: SangforPhysicalResource[];
  virtual_resources?: SangforVirtualResource[];
  nfv?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface SangforStorageTag {
  id: string;
  name: string;
  ratio?: number;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Tenants (projects)

export interface SangforTenant {
  id: string;
  name: string;
  description?: string;
  user_name?: string;
  enabled?: number | boolean;
  azs?: unknown[];
  dhs?: unknown[];
  role_type?: string;
  parent_id?: string;
  [key: string]: unknown;
}

export interface SangforTenantFilters extends SangforPageParams {
  keywords?: string;
  az_id?: string;
  az_type?: string;
  dh_id?: string;
  enabled?: 0 | 1;
}

// ---------------------------------------------------------------------------------------------
// Networking

export interface SangforVpc {
  id: string;
  name: string;
  az_id: string;
  project_id?: string;
  status?: string;
  shared?: number;
  description?: string;
  [key: string]: unknown;
}

export interface SangforVpcFilters extends SangforPageParams {
  az_id?: string;
  name?: string;
  status?: string;
  shared?: 0 | 1;
  project_id?: string;
}

export interface SangforVpcCreateRequest {
  az_id: string;
  name: string;
  description?: string;
  shared?: 0 | 1;
  [key: string]: unknown;
}

export interface SangforVpcUpdateRequest {
  name?: string;
  description?: string;
  [key: string]: unknown;
}

/** VPC and subnet creation answer with the new id, a task, or both, depending on the release. */
export interface SangforCreatedResource {
  id?: string;
  task_id?: string;
  [key: string]: unknown;
}

export interface SangforSubnet {
  id: string;
  name: string;
  az_id?: string;
  vpc_id: string;
  project_id?: string;
  status?: string;
  is_visible?: number;
  cidr?: string;
  gateway_ip?: string;
  allocation_pools?: Array<{ start: string; end: string }>;
  dns_nameservers?: string[];
  description?: string;
  [key: string]: unknown;
}

export interface SangforSubnetFilters extends SangforPageParams {
  vpc_id?: string;
  az_id?: string;
  name?: string;
  status?: string;
}

export interface SangforSubnetCreateRequest {
  vpc_id: string;
  az_id: string;
  /** e.g. `192.168.10.0/24` */
  cidr: string;
  name: string;
  description?: string;
  gateway_ip?: string;
  dns_nameservers?: string[];
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Images

export type SangforDiskFormat = 'ISO' | 'aCloud' | (string & {});

export interface SangforImage {
  id: string;
  name: string;
  status?: string;
  disk_format?: SangforDiskFormat;
  image_type?: 'public' | 'private' | (string & {});
  os_type?: string;
  size_mb?: number;
  visibility?: string;
  azs?: unknown[];
  disks?: unknown[];
  [key: string]: unknown;
}

export interface SangforImageFilters extends SangforPageParams {
  disk_format?: SangforDiskFormat;
  image_type?: 'public' | 'private' | (string & {});
  az_id?: string;
  name?: string;
  os_type?: string;
  status?: string;
}

// ---------------------------------------------------------------------------------------------
// Volumes

export interface SangforVolume {
  id: string;
  name: string;
  status?: 'available' | 'in-use' | 'error' | (string & {});
  size_mb: number;
  az_id?: string;
  storage_tag_id?: string;
  server_id?: string | null;
  type?: string;
  description?: string;
  preallocate?: number;
  [key: string]: unknown;
}

/** SCP rejects a `server_id` filter here: find a VM's disks through the VM's `disks` field. */
export interface SangforVolumeFilters extends SangforPageParams {
  az_id?: string;
  status?: string;
  name?: string;
  type?: string;
}

export interface SangforVolumeCreateRequest {
  az_id: string;
  storage_tag_id: string;
  size_mb: number;
  name: string;
  description?: string;
  /** 0 thin, 1 thick. */
  preallocate?: 0 | 1;
  [key: string]: unknown;
}

export interface SangforVolumeCreateResult {
  /**
   * From `volume_id`, `id` or `uuids[0]`; `''` if SCP named none (then find the disk by name once the
   * task has finished).
   */
  volume_id: string;
  /** Absent only if SCP ran the creation synchronously. */
  task_id?: string;
  [key: string]: unknown;
}

export interface SangforAttachVolumeOptions {
  /** Device name on the VM, e.g. `ide1`; SCP picks one when absent. */
  device_id?: string;
}

// ---------------------------------------------------------------------------------------------
// Elastic IPs: `/eips` (S1) or `/floatingips` (S10); both shapes are typed

export interface SangforEip {
  id: string;
  /** `/eips` shape. */
  ip?: string;
  /** `/floatingips` shape. */
  floating_ip?: string;
  floating_ip_address?: string;
  name?: string;
  description?: string;
  status?: 'active' | 'inactive' | 'binding' | (string & {});
  az_id?: string;
  project_id?: string;
  /** `/eips`: Mbps. `/floatingips`: an object of uplink/downlink QoS. */
  bandwidth_mb?: number;
  bandwidth?: number | { qos_uplink?: number; qos_downlink?: number };
  server_id?: string | null;
  port_id?: string | null;
  binding_info?: { az_id?: string; vpc_id?: string; server_id?: string; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export interface SangforEipFilters extends SangforPageParams {
  az_id?: string;
  status?: string;
  server_id?: string;
  ip?: string;
}

export interface SangforEipAllocateRequest {
  az_id: string;
  /** Mbps. */
  bandwidth_mb: number;
  name?: string;
  description?: string;
  /** Ask for a particular address; the pool picks one when absent. */
  ip?: string;
  [key: string]: unknown;
}

export interface SangforEipAllocateResult {
  id: string;
  ip?: string;
  task_id?: string;
  [key: string]: unknown;
}

export interface SangforEipBindRequest {
  server_id: string;
  /** The VM's NIC port; SCP picks the first NIC when absent. */
  port_id?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Hosts

export interface SangforHost {
  id: string;
  name: string;
  ip?: string;
  status?: 'running' | 'offline' | (string & {});
  type?: string;
  cluster_id?: string;
  cluster_name?: string;
  cluster_type?: string;
  az_id?: string;
  cpu?: { total_mhz?: number; used_mhz?: number; core_count?: number; socket_count?: number; ratio?: number };
  memory?: SangforUsageRatio;
  storage?: { total_mb?: number; used_mb?: number; ratio?: number };
  [key: string]: unknown;
}

export interface SangforHostFilters extends SangforPageParams {
  az_id?: string;
  name?: string;
  ip?: string;
  status?: string;
  type?: string;
}

export type SangforInterfaceFunction = 'mgmt' | 'vxlan' | 'business' | 'vs' | 'tercom';

export interface SangforHostInterface {
  id?: string;
  name: string;
  function?: SangforInterfaceFunction | (string & {});
  ip?: string;
  mac?: string;
  status?: string;
  speed?: number;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// System

export interface SangforVersion {
  /** e.g. `SCP6.7.33 B-2022-06-07 19:45:13` */
  build_version: string;
  custom_version?: unknown[];
  [key: string]: unknown;
}

export interface SangforMaintenance {
  maintain_mode: 0 | 1;
  [key: string]: unknown;
}

export interface SangforPlatformInfo {
  manage_mode?: unknown;
  region_info?: unknown;
  dcluster_info?: unknown;
  [key: string]: unknown;
}

export interface SangforLicenseSummary {
  username?: string;
  status?: string | number;
  key_id?: string;
  products?: unknown[];
  [key: string]: unknown;
}
