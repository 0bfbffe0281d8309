/** EIP v1 wire shapes (`/v1/{project_id}/publicips`, `/bandwidths`). */

export interface ListPublicipsQuery {
  marker?: string;
  limit?: number;
  ip_version?: 4 | 6;
  enterprise_project_id?: string;
  port_id?: string | string[];
  public_ip_address?: string | string[];
  private_ip_address?: string | string[];
  id?: string | string[];
  allow_share_bandwidth_type_any?: string[];
}

export type PublicipStatus =
  | 'FREEZED'
  | 'BIND_ERROR'
  | 'BINDING'
  | 'PENDING_DELETE'
  | 'PENDING_CREATE'
  | 'NOTIFYING'
  | 'NOTIFY_DELETE'
  | 'PENDING_UPDATE'
  | 'DOWN'
  | 'ACTIVE'
  | 'ELB'
  | 'ERROR'
  | 'VPN'
  | (string & {});

export interface Publicip {
  id: string;
  status: PublicipStatus;
  type: string;
  public_ip_address?: string;
  public_ipv6_address?: string;
  ip_version?: number;
  port_id?: string | null;
  private_ip_address?: string | null;
  bandwidth_id?: string;
  bandwidth_name?: string;
  bandwidth_share_type?: 'PER' | 'WHOLE' | (string & {});
  bandwidth_size?: number;
  create_time?: string;
  tenant_id?: string;
  enterprise_project_id?: string;
  profile?: { order_id?: string; product_id?: string; region_id?: string; user_id?: string };
  tags?: string[];
  alias?: string | null;
  public_border_group?: string;
  allow_share_bandwidth_types?: string[];
  [key: string]: unknown;
}

export interface CreatePublicipBody {
  publicip: {
    /** e.g. "5_bgp". */
    type: string;
    ip_version?: 4 | 6;
    ip_address?: string;
    alias?: string;
    port_id?: string;
  };
  bandwidth: {
    name?: string;
    size?: number;
    share_type: 'PER' | 'WHOLE';
    charge_mode?: 'bandwidth' | 'traffic';
    id?: string;
  };
  enterprise_project_id?: string;
}

export interface UpdatePublicipBody {
  publicip: {
    port_id?: string | null;
    ip_version?: 4 | 6;
    alias?: string;
    [key: string]: unknown;
  };
}

export interface Bandwidth {
  id: string;
  name?: string;
  size: number;
  share_type?: 'PER' | 'WHOLE' | (string & {});
  charge_mode?: string;
  bandwidth_type?: string;
  publicip_info?: Array<{ publicip_id: string; publicip_address?: string; ip_version?: number }>;
  tenant_id?: string;
  status?: string;
  [key: string]: unknown;
}

export interface UpdateBandwidthBody {
  bandwidth: { name?: string; size?: number; charge_mode?: 'bandwidth' | 'traffic' };
}
