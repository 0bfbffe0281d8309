/** IMS wire shapes (`/v2/cloudimages`: no project id in the path). */

export interface ListImagesQuery {
  __imagetype?: 'gold' | 'private' | 'shared' | 'market' | (string & {});
  __os_type?: 'Linux' | 'Windows' | 'Other' | (string & {});
  __platform?: string;
  __isregistered?: boolean;
  name?: string;
  id?: string;
  status?: 'queued' | 'saving' | 'deleted' | 'killed' | 'active' | (string & {});
  visibility?: 'private' | 'public' | 'shared' | (string & {});
  /** Page size; Huawei's default 500. */
  limit?: number;
  marker?: string;
  sort_key?: string;
  sort_dir?: 'asc' | 'desc';
  min_disk?: number;
  min_ram?: number;
  flavor_id?: string;
  tag?: string;
  virtual_env_type?: string;
  enterprise_project_id?: string;
  architecture?: 'x86' | 'arm' | (string & {});
  created_at?: string;
  updated_at?: string;
  owner?: string;
  protected?: boolean;
  member_status?: string;
  disk_format?: string;
  container_format?: string;
  /** Any `__support_*` filter, passed through as written. */
  [filter: `__support_${string}`]: string | undefined;
}

export interface ImageInfo {
  id: string;
  name: string;
  status: 'queued' | 'saving' | 'deleted' | 'killed' | 'active' | (string & {});
  visibility?: 'private' | 'public' | 'shared' | (string & {});
  __imagetype?: 'gold' | 'private' | 'shared' | 'market' | (string & {});
  __os_type?: string;
  __os_version?: string;
  __platform?: string;
  __os_bit?: string;
  min_disk?: number;
  min_ram?: number;
  size?: number | null;
  disk_format?: string;
  container_format?: string;
  created_at?: string;
  updated_at?: string;
  owner?: string;
  protected?: boolean;
  tags?: string[];
  virtual_env_type?: string;
  self?: string;
  file?: string;
  schema?: string;
  checksum?: string;
  [key: string]: unknown;
}

export interface ListImagesResponse {
  images: ImageInfo[];
}
