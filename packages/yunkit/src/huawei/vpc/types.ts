/** VPC v1 wire shapes (`/v1/{project_id}/vpcs`, `/subnets`, `/security-groups`, `/ports`). */

export interface MarkerQuery {
  /** Page size. */
  limit?: number;
  /** Id of the last item of the previous page. */
  marker?: string;
}

export interface ListVpcsQuery extends MarkerQuery {
  id?: string;
  enterprise_project_id?: string;
}

export interface Route {
  destination: string;
  nexthop: string;
}

export interface Vpc {
  id: string;
  name: string;
  cidr: string;
  description?: string;
  routes?: Route[];
  status: 'CREATING' | 'OK' | 'ERROR' | (string & {});
  enterprise_project_id?: string;
  tenant_id?: string;
  created_at?: string;
  updated_at?: string;
  [key: string]: unknown;
}

export interface CreateVpcBody {
  vpc: {
    cidr?: string;
    name?: string;
    description?: string;
    enterprise_project_id?: string;
    tags?: string[];
    [key: string]: unknown;
  };
}

export interface UpdateVpcBody {
  vpc: {
    name?: string;
    description?: string;
    cidr?: string;
    routes?: Route[];
    enable_shared_snat?: boolean;
    [key: string]: unknown;
  };
}

export interface ListSubnetsQuery extends MarkerQuery {
  vpc_id?: string;
}

export interface Subnet {
  id: string;
  name: string;
  description?: string;
  cidr: string;
  gateway_ip: string;
  ipv6_enable?: boolean;
  cidr_v6?: string;
  gateway_ip_v6?: string;
  dhcp_enable?: boolean;
  primary_dns?: string;
  secondary_dns?: string;
  dnsList?: string[];
  availability_zone?: string;
  vpc_id: string;
  status: 'ACTIVE' | 'UNKNOWN' | 'ERROR' | (string & {});
  neutron_network_id?: string;
  neutron_subnet_id?: string;
  neutron_subnet_id_v6?: string;
  extra_dhcp_opts?: Array<{ opt_name: string; opt_value?: string }>;
  scope?: string;
  tenant_id?: string;
  created_at?: string;
  updated_at?: string;
  [key: string]: unknown;
}

export interface CreateSubnetBody {
  subnet: {
    name: string;
    cidr: string;
    vpc_id: string;
    gateway_ip: string;
    description?: string;
    ipv6_enable?: boolean;
    dhcp_enable?: boolean;
    primary_dns?: string;
    secondary_dns?: string;
    dnsList?: string[];
    availability_zone?: string;
    extra_dhcp_opts?: Array<{ opt_name: string; opt_value?: string }>;
    tags?: string[];
    [key: string]: unknown;
  };
}

export interface UpdateSubnetBody {
  subnet: {
    name: string;
    description?: string;
    ipv6_enable?: boolean;
    dhcp_enable?: boolean;
    primary_dns?: string;
    secondary_dns?: string;
    dnsList?: string[];
    extra_dhcp_opts?: Array<{ opt_name: string; opt_value?: string }>;
    [key: string]: unknown;
  };
}

export interface ListSecurityGroupsQuery extends MarkerQuery {
  vpc_id?: string;
  enterprise_project_id?: string;
}

export interface SecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress' | (string & {});
  ethertype?: 'IPv4' | 'IPv6' | (string & {});
  protocol?: string | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
  remote_address_group_id?: string | null;
  description?: string;
  tenant_id?: string;
  [key: string]: unknown;
}

export interface SecurityGroup {
  id: string;
  name: string;
  description?: string;
  vpc_id?: string;
  enterprise_project_id?: string;
  security_group_rules?: SecurityGroupRule[];
  [key: string]: unknown;
}

export interface CreateSecurityGroupBody {
  security_group: {
    name: string;
    vpc_id?: string;
    enterprise_project_id?: string;
    description?: string;
    [key: string]: unknown;
  };
}

export interface ListSecurityGroupRulesQuery extends MarkerQuery {
  security_group_id?: string;
}

export interface CreateSecurityGroupRuleBody {
  security_group_rule: {
    security_group_id: string;
    direction: 'ingress' | 'egress';
    ethertype?: 'IPv4' | 'IPv6';
    protocol?: string;
    port_range_min?: number;
    port_range_max?: number;
    remote_ip_prefix?: string;
    remote_group_id?: string;
    description?: string;
    [key: string]: unknown;
  };
}

export interface ListPortsQuery extends MarkerQuery {
  id?: string;
  name?: string;
  admin_state_up?: boolean;
  network_id?: string;
  mac_address?: string;
  device_id?: string;
  device_owner?: string;
  status?: string;
  fixed_ips?: string | string[];
  enterprise_project_id?: string;
}

export interface Port {
  id: string;
  name?: string;
  network_id: string;
  admin_state_up?: boolean;
  mac_address?: string;
  fixed_ips?: Array<{ subnet_id: string; ip_address: string }>;
  device_id?: string;
  device_owner?: string;
  tenant_id?: string;
  status?: 'ACTIVE' | 'BUILD' | 'DOWN' | (string & {});
  security_groups?: string[];
  [key: string]: unknown;
}
