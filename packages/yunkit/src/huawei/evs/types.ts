/** EVS wire shapes (`/v2/{project_id}/cloudvolumes`, `/v2.1/...`). */

import type { VolumeType } from '../ecs/types.js';

export type { VolumeType };

export interface ListVolumesQuery {
  marker?: string;
  name?: string;
  /** Page size; Huawei's default 1000. */
  limit?: number;
  sort_key?: string;
  /** A record offset (unlike ECS, where `offset` is a page number). */
  offset?: number;
  sort_dir?: 'asc' | 'desc';
  status?: string;
  metadata?: string;
  availability_zone?: string;
  multiattach?: boolean;
  service_type?: string;
  dedicated_storage_id?: string;
  dedicated_storage_name?: string;
  volume_type_id?: string;
  id?: string;
  ids?: string;
  enterprise_project_id?: string;
  server_id?: string;
  not_metadata?: string;
}

export interface VolumeAttachmentInfo {
  attached_at?: string;
  attachment_id?: string;
  device?: string;
  host_name?: string;
  id?: string;
  server_id: string;
  volume_id?: string;
  [key: string]: unknown;
}

export type VolumeStatus =
  | 'creating'
  | 'available'
  | 'in-use'
  | 'attaching'
  | 'detaching'
  | 'extending'
  | 'deleting'
  | 'error'
  | 'error_deleting'
  | 'error_extending'
  | (string & {});

export interface VolumeDetail {
  id: string;
  name: string;
  status: VolumeStatus;
  size: number;
  volume_type: VolumeType;
  availability_zone: string;
  /** "true"/"false" strings on the wire. */
  bootable?: string;
  shareable?: string | boolean;
  multiattach?: boolean;
  encrypted?: boolean;
  description?: string;
  created_at?: string;
  updated_at?: string;
  metadata?: Record<string, string>;
  volume_image_metadata?: Record<string, unknown>;
  tags?: Record<string, string>;
  attachments?: VolumeAttachmentInfo[];
  links?: unknown[];
  service_type?: string;
  wwn?: string;
  enterprise_project_id?: string;
  serial_number?: string;
  [key: string]: unknown;
}

export interface ListVolumesResponse {
  count: number;
  volumes: VolumeDetail[];
  volumes_links?: Array<{ href: string; rel: string }>;
}

export interface CreateVolumeBody {
  volume: {
    availability_zone: string;
    volume_type: VolumeType;
    size?: number;
    name?: string;
    description?: string;
    count?: number;
    imageRef?: string;
    snapshot_id?: string;
    backup_id?: string;
    multiattach?: boolean;
    metadata?: Record<string, string>;
    tags?: Record<string, string>;
    iops?: number;
    throughput?: number;
    enterprise_project_id?: string;
    [key: string]: unknown;
  };
  bssParam?: {
    chargingMode?: 'prePaid' | 'postPaid';
    periodType?: 'month' | 'year';
    periodNum?: number;
    isAutoPay?: string;
    isAutoRenew?: string;
  };
  server_id?: string;
  'OS-SCH-HNT:scheduler_hints'?: { dedicated_storage_id?: string };
}

export interface CreateVolumeResponse {
  job_id: string;
  order_id?: string;
  volume_ids: string[];
}

export interface UpdateVolumeBody {
  volume: {
    name?: string;
    description?: string;
    metadata?: Record<string, string>;
    display_name?: string;
    display_description?: string;
  };
}

export interface ResizeVolumeBody {
  'os-extend': { new_size: number };
  bssParam?: { isAutoPay?: string };
}

export interface VolumeJobResponse {
  job_id?: string;
  order_id?: string;
}
