/** VPCs and their subnets. */
import { ValidationError } from '../core/errors.js';
import type { CallOptions, Paginator } from '../core/index.js';
import { path } from '../core/index.js';
import { type SangforApi, taskIdOf } from './api.js';
import type {
  SangforCreatedResource,
  SangforListAllOptions,
  SangforPage,
  SangforSubnet,
  SangforSubnetCreateRequest,
  SangforSubnetFilters,
  SangforVpc,
  SangforVpcCreateRequest,
  SangforVpcFilters,
  SangforVpcUpdateRequest,
} from './types.js';
import {
  optionalFlag,
  optionalText,
  requireCidr,
  requireId,
  requireIp,
  requireIpInCidr,
  requireName,
  requireObject,
} from './validate.js';

const VPC_ID_FILTERS = ['az_id', 'project_id'] as const;
const SUBNET_ID_FILTERS = ['vpc_id', 'az_id'] as const;

export class SangforNetworks {
  readonly #api: SangforApi;

  constructor(api: SangforApi) {
    this.#api = api;
  }

  // ------------------------------------------------------------------------------------------ VPCs

  /** Every VPC, lazily (`for await`); `.toArray()` for an array. Plain-array and paged answers both work. */
  listVpcs(
    filters?: SangforVpcFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Paginator<SangforVpc, number> {
    return this.#api.paginate<SangforVpc>(
      this.#api.path('vpcs', 'list', '/vpcs'),
      filters,
      VPC_ID_FILTERS,
      options,
    );
  }

  async listVpcsPage(params?: SangforVpcFilters, options?: CallOptions): Promise<SangforPage<SangforVpc>> {
    return this.#api.listPage<SangforVpc>(
      this.#api.path('vpcs', 'list', '/vpcs'),
      params,
      VPC_ID_FILTERS,
      options,
    );
  }

  /** Creates a VPC. SCP answers with its `id`, a `task_id`, or both, depending on the release. */
  async createVpc(request: SangforVpcCreateRequest, options?: CallOptions): Promise<SangforCreatedResource> {
    requireObject('request', request);
    requireId('az_id', request.az_id);
    requireName('name', request.name);
    optionalText('description', request.description, 255);
    optionalFlag('shared', request.shared);
    const data = await this.#api.post<SangforCreatedResource | undefined>(
      this.#api.path('vpcs', 'list', '/vpcs'),
      { description: '', shared: 0, ...request },
      options,
    );
    return createdResource(data);
  }

  async getVpc(vpcId: string, options?: CallOptions): Promise<SangforVpc> {
    requireId('vpc_id', vpcId);
    return this.#api.get<SangforVpc>(this.#api.path('vpcs', 'item', path`/vpcs/${vpcId}`), options);
  }

  /** Renames or re-describes a VPC; returns the task id if SCP runs it as a task. */
  async updateVpc(
    vpcId: string,
    changes: SangforVpcUpdateRequest,
    options?: CallOptions,
  ): Promise<string | undefined> {
    requireId('vpc_id', vpcId);
    requireObject('changes', changes);
    if (changes.name !== undefined) requireName('name', changes.name);
    optionalText('description', changes.description, 255);
    if (Object.keys(changes).length === 0)
      throw new ValidationError('changes must name at least one field', 'changes');
    const data = await this.#api.put<unknown>(
      this.#api.path('vpcs', 'item', path`/vpcs/${vpcId}`),
      changes,
      options,
    );
    return taskIdOf(data);
  }

  async deleteVpc(vpcId: string, options?: CallOptions): Promise<string | undefined> {
    requireId('vpc_id', vpcId);
    return taskIdOf(
      await this.#api.delete<unknown>(this.#api.path('vpcs', 'item', path`/vpcs/${vpcId}`), options),
    );
  }

  async findVpcByName(
    name: string,
    filters?: SangforVpcFilters,
    options?: CallOptions,
  ): Promise<SangforVpc | undefined> {
    requireName('name', name);
    for await (const vpc of this.listVpcs(filters, options)) if (vpc.name === name) return vpc;
    return undefined;
  }

  // --------------------------------------------------------------------------------------- Subnets

  /** Every subnet (of a VPC with `{ vpc_id }`), lazily. */
  listSubnets(
    filters?: SangforSubnetFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Paginator<SangforSubnet, number> {
    return this.#api.paginate<SangforSubnet>(
      this.#api.path('subnets', 'list', '/subnets'),
      filters,
      SUBNET_ID_FILTERS,
      options,
    );
  }

  async listSubnetsPage(
    params?: SangforSubnetFilters,
    options?: CallOptions,
  ): Promise<SangforPage<SangforSubnet>> {
    return this.#api.listPage<SangforSubnet>(
      this.#api.path('subnets', 'list', '/subnets'),
      params,
      SUBNET_ID_FILTERS,
      options,
    );
  }

  /** Creates a subnet; `cidr` must parse and `gateway_ip` must lie inside it. */
  async createSubnet(
    request: SangforSubnetCreateRequest,
    options?: CallOptions,
  ): Promise<SangforCreatedResource> {
    requireObject('request', request);
    requireId('vpc_id', request.vpc_id);
    requireId('az_id', request.az_id);
    requireName('name', request.name);
    const cidr = requireCidr('cidr', request.cidr);
    if (request.gateway_ip !== undefined) requireIpInCidr('gateway_ip', request.gateway_ip, cidr);
    optionalText('description', request.description, 255);
    if (request.dns_nameservers !== undefined) {
      if (!Array.isArray(request.dns_nameservers)) {
        throw new ValidationError('dns_nameservers must be an array of IP addresses', 'dns_nameservers');
      }
      for (const [i, ip] of request.dns_nameservers.entries()) requireIp(`dns_nameservers[${i}]`, ip);
    }
    const data = await this.#api.post<SangforCreatedResource | undefined>(
      this.#api.path('subnets', 'list', '/subnets'),
      { description: '', ...request },
      options,
    );
    return createdResource(data);
  }

  async getSubnet(subnetId: string, options?: CallOptions): Promise<SangforSubnet> {
    requireId('subnet_id', subnetId);
    return this.#api.get<SangforSubnet>(
      this.#api.path('subnets', 'item', path`/subnets/${subnetId}`),
      options,
    );
  }

  async deleteSubnet(subnetId: string, options?: CallOptions): Promise<string | undefined> {
    requireId('subnet_id', subnetId);
    return taskIdOf(
      await this.#api.delete<unknown>(this.#api.path('subnets', 'item', path`/subnets/${subnetId}`), options),
    );
  }

  async findSubnetByName(
    name: string,
    filters?: SangforSubnetFilters,
    options?: CallOptions,
  ): Promise<SangforSubnet | undefined> {
    requireName('name', name);
    for await (const subnet of this.listSubnets(filters, options)) if (subnet.name === name) return subnet;
    return undefined;
  }
}

/** `{id}`, `{task_id}` or both; a lone `uuids[0]` is read as the id. */
function createdResource(data: SangforCreatedResource | undefined): SangforCreatedResource {
  if (data === undefined || data === null || typeof data !== 'object') return {};
  const result: SangforCreatedResource = { ...data };
  if (typeof result.id !== 'string') {
    const uuids = (data as { uuids?: unknown }).uuids;
    if (Array.isArray(uuids) && typeof uuids[0] === 'string') result.id = uuids[0];
    else delete result.id;
  }
  const taskId = taskIdOf(data);
  if (taskId === undefined) delete result.task_id;
  else result.task_id = taskId;
  return result;
}
