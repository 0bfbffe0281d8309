/**
 * ECS wire shapes (`/v1/{project_id}/cloudservers`, `/v1.1/...`), field names exactly as Huawei
 * sends them so the vendor's API reference reads alongside. Unknown extra fields pass through.
 */

export type ServerStatus =
  | 'ACTIVE'
  | 'BUILD'
  | 'DELETED'
  | 'ERROR'
  | 'HARD_REBOOT'
  | 'MIGRATING'
  | 'REBOOT'
  | 'RESIZE'
  | 'REVERT_RESIZE'
  | 'SHELVED'
  | 'SHELVED_OFFLOADED'
  | 'SHUTOFF'
  | 'UNKNOWN'
  | 'VERIFY_RESIZE';

export interface ListServersQuery {
  enterprise_project_id?: string;
  flavor?: string;
  ip?: string;
  ip_eq?: string;
  /** Page size; Huawei's default 25, max 1000. */
  limit?: number;
  name?: string;
  'not-tags'?: string;
  /** A 1-based page number (not a record offset); 0 means 1. */
  offset?: number;
  reservation_id?: string;
  status?: ServerStatus | (string & {});
  tags?: string;
  server_id?: string;
  marker?: string;
}

export interface ServerAddress {
  version: string;
  addr: string;
  primary?: boolean;
  'OS-EXT-IPS:type'?: 'fixed' | 'floating' | (string & {});
  'OS-EXT-IPS-MAC:mac_addr'?: string;
  'OS-EXT-IPS:port_id'?: string;
  [key: string]: unknown;
}

export interface ServerFlavor {
  id: string;
  name?: string;
  /** Strings on the wire. */
  disk?: string;
  vcpus?: string;
  ram?: string;
  gpus?: unknown[];
  asic_accelerators?: unknown[];
}

export interface ServerDetail {
  id: string;
  name: string;
  status: ServerStatus | (string & {});
  created?: string;
  updated?: string;
  description?: string;
  locked?: boolean;
  tags?: string[];
  metadata?: Record<string, string>;
  progress?: number;
  fault?: { code?: number; message?: string; details?: string; created?: string } | null;
  hostId?: string;
  tenant_id?: string;
  user_id?: string;
  key_name?: string | null;
  enterprise_project_id?: string;
  auto_terminate_time?: string;
  security_groups?: Array<{ id?: string; name: string }>;
  'OS-EXT-AZ:availability_zone'?: string;
  flavor?: ServerFlavor;
  image?: { id: string };
  addresses?: Record<string, ServerAddress[]>;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-STS:vm_state'?: string;
  'OS-EXT-STS:power_state'?: number;
  'OS-SRV-USG:launched_at'?: string;
  'OS-SRV-USG:terminated_at'?: string;
  'OS-EXT-SRV-ATTR:host'?: string;
  'OS-EXT-SRV-ATTR:instance_name'?: string;
  'OS-EXT-SRV-ATTR:hypervisor_hostname'?: string;
  'OS-EXT-SRV-ATTR:hostname'?: string;
  'OS-EXT-SRV-ATTR:reservation_id'?: string;
  'OS-EXT-SRV-ATTR:launch_index'?: number;
  'OS-EXT-SRV-ATTR:root_device_name'?: string;
  'OS-EXT-SRV-ATTR:user_data'?: string;
  'os-extended-volumes:volumes_attached'?: Array<{
    id: string;
    delete_on_termination?: string;
    bootIndex?: string;
    device?: string;
  }>;
  'OS-DCF:diskConfig'?: string;
  accessIPv4?: string;
  accessIPv6?: string;
  config_drive?: string;
  host_status?: string;
  sys_tags?: Array<{ key: string; value: string }>;
  network_interfaces?: Array<{
    port_id: string;
    primary?: boolean;
    ip_addresses?: unknown[];
    ipv6_addresses?: unknown[];
    subnet_id?: string;
    association?: { public_ip_address?: string };
  }>;
  [key: string]: unknown;
}

export interface ListServersResponse {
  count: number;
  servers: ServerDetail[];
}

export type VolumeType =
  | 'SATA'
  | 'SAS'
  | 'SSD'
  | 'GPSSD'
  | 'co-p1'
  | 'uh-l1'
  | 'ESSD'
  | 'GPSSD2'
  | 'ESSD2'
  | (string & {});

export interface ServerNic {
  subnet_id: string;
  ip_address?: string;
  ipv6_enable?: boolean;
  port_id?: string;
  [key: string]: unknown;
}

export interface ServerRootVolume {
  volumetype: VolumeType;
  size?: number;
  [key: string]: unknown;
}

export interface ServerDataVolume {
  volumetype: VolumeType;
  size: number;
  shareable?: boolean;
  multiattach?: boolean;
  [key: string]: unknown;
}

export interface ServerPublicIp {
  id?: string;
  eip?: {
    iptype: string;
    bandwidth: { size?: number; sharetype: 'PER' | 'WHOLE'; chargemode?: string; id?: string };
    [key: string]: unknown;
  };
  delete_on_termination?: boolean;
}

export interface CreateServerSpec {
  imageRef: string;
  flavorRef: string;
  name: string;
  vpcid: string;
  nics: ServerNic[];
  root_volume: ServerRootVolume;
  data_volumes?: ServerDataVolume[];
  security_groups?: Array<{ id: string }>;
  availability_zone?: string;
  key_name?: string;
  adminPass?: string;
  /** Base64. */
  user_data?: string;
  count?: number;
  isAutoRename?: boolean;
  publicip?: ServerPublicIp;
  extendparam?: {
    chargingMode?: 'prePaid' | 'postPaid' | (string & {});
    periodType?: 'month' | 'year';
    periodNum?: number;
    isAutoPay?: string | boolean;
    isAutoRenew?: string | boolean;
    enterprise_project_id?: string;
    marketType?: string;
    spotPrice?: string;
    [key: string]: unknown;
  };
  metadata?: Record<string, string>;
  server_tags?: Array<{ key: string; value: string }>;
  description?: string;
  'os:scheduler_hints'?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CreateServersBody {
  dry_run?: boolean;
  server: CreateServerSpec;
}

export interface CreateServersResponse {
  job_id: string;
  order_id?: string;
  serverIds: string[];
}

export interface JobResponse {
  job_id: string;
}

export interface DeleteServersOptions {
  delete_publicip?: boolean;
  delete_volume?: boolean;
}

export type RebootType = 'SOFT' | 'HARD';

export interface UpdateServerBody {
  server: {
    name?: string;
    description?: string;
    hostname?: string;
    user_data?: string;
    [key: string]: unknown;
  };
}

export interface ResizeServerBody {
  resize: {
    flavorRef: string;
    dedicated_host_id?: string;
    extendparam?: { isAutoPay?: string };
    mode?: string;
    [key: string]: unknown;
  };
  dry_run?: boolean;
}

export interface ResizeServerResponse {
  job_id?: string;
  order_id?: string;
}

export interface AttachServerVolumeBody {
  volumeAttachment: {
    volumeId: string;
    device?: string;
    volume_type?: string;
    count?: number;
    'hw:passthrough'?: string;
    [key: string]: unknown;
  };
  dry_run?: boolean;
}

export interface VolumeAttachment {
  id: string;
  serverId: string;
  volumeId: string;
  device?: string;
  pciAddress?: string;
  size?: string;
  bootIndex?: string;
  bus?: string;
  [key: string]: unknown;
}

export interface ListVolumeAttachmentsResponse {
  volumeAttachments: VolumeAttachment[];
}

export interface ListFlavorsQuery {
  availability_zone?: string;
  flavor_id?: string;
  limit?: number;
  marker?: string;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: string;
  ram: number;
  disk?: string;
  swap?: string;
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  'OS-FLV-DISABLED:disabled'?: boolean;
  rxtx_factor?: number;
  'os-flavor-access:is_public'?: boolean;
  os_extra_specs?: Record<string, string>;
  links?: unknown[];
  [key: string]: unknown;
}

export interface ListFlavorsResponse {
  flavors: Flavor[];
}

export type JobStatus = 'SUCCESS' | 'RUNNING' | 'FAIL' | 'INIT';

export interface SubJob {
  job_id: string;
  job_type?: string;
  status: JobStatus | (string & {});
  begin_time?: string;
  end_time?: string;
  error_code?: string;
  fail_reason?: string;
  entities?: { server_id?: string; nic_id?: string; errorcode_message?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Job {
  job_id: string;
  job_type?: string;
  begin_time?: string;
  end_time?: string;
  status: JobStatus | (string & {});
  error_code?: string;
  fail_reason?: string;
  code?: string;
  message?: string;
  entities?: {
    server_id?: string;
    nic_id?: string;
    volume_id?: string;
    sub_jobs_total?: number;
    sub_jobs?: SubJob[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
