/**
 * Subnets. List, get and create use `/v1/{project_id}/subnets`; update and delete need the VPC:
 * `/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}` (VPC v1's own layout).
 */
import type { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { WaitOptions } from '../../core/wait.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import { checkLimit, requireObject, requireString } from '../validate.js';
import { validateCidr, validateIpv4 } from './cidr.js';
import { waitForStatus } from './ready.js';
import type { CreateSubnetBody, ListSubnetsQuery, Subnet, UpdateSubnetBody } from './types.js';
import { VPC_PAGE_SIZE } from './vpcs.js';

export class Subnets {
  constructor(private readonly ctx: HuaweiContext) {}

  async list(query: ListSubnetsQuery = {}, options?: HuaweiCallOptions): Promise<{ subnets: Subnet[] }> {
    checkLimit(query.limit, 'limit', 2000);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ subnets?: Subnet[] }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/subnets`,
      query: { ...query },
      options,
    });
    return { ...data, subnets: data.subnets ?? [] };
  }

  listAll(query: ListSubnetsQuery = {}, options?: HuaweiCallOptions): Paginator<Subnet, string> {
    checkLimit(query.limit, 'limit', 2000);
    return markerPaginator(
      query.limit ?? VPC_PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.subnets,
    );
  }

  /** Polls until the subnet is ACTIVE; TaskFailedError if it turns ERROR. */
  waitUntilReady(subnetId: string, options: WaitOptions = {}): Promise<Subnet> {
    return waitForStatus((o) => this.get(subnetId, o), subnetId, 'subnet', 'ACTIVE', options);
  }

  async get(subnetId: string, options?: HuaweiCallOptions): Promise<Subnet> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ subnet: Subnet }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/subnets/${subnetId}`,
      options,
    });
    return data.subnet;
  }

  /** CreateSubnet, unwrapped from `{ subnet }`. */
  async create(body: CreateSubnetBody, options?: HuaweiCallOptions): Promise<Subnet> {
    const subnet = requireObject(requireObject(body, 'body').subnet, 'subnet');
    requireString(subnet.name, 'subnet.name');
    validateCidr(subnet.cidr, 'subnet.cidr');
    requireString(subnet.vpc_id, 'subnet.vpc_id');
    validateIpv4(subnet.gateway_ip, 'subnet.gateway_ip');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ subnet: Subnet }>({
      service: 'vpc',
      method: 'POST',
      path: path`/v1/${projectId}/subnets`,
      body,
      options,
    });
    return data.subnet;
  }

  /** UpdateSubnet: `PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}`. Returns `{ subnet: { id, status } }`. */
  async update(
    vpcId: string,
    subnetId: string,
    body: UpdateSubnetBody,
    options?: HuaweiCallOptions,
  ): Promise<Partial<Subnet> & { id: string }> {
    const subnet = requireObject(requireObject(body, 'body').subnet, 'subnet');
    requireString(subnet.name, 'subnet.name');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ subnet: Partial<Subnet> & { id: string } }>({
      service: 'vpc',
      method: 'PUT',
      path: path`/v1/${projectId}/vpcs/${vpcId}/subnets/${subnetId}`,
      body,
      options,
    });
    return data.subnet;
  }

  /** DeleteSubnet: `DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}`. */
  async delete(vpcId: string, subnetId: string, options?: HuaweiCallOptions): Promise<void> {
    const projectId = await this.ctx.projectId();
    await this.ctx.request({
      service: 'vpc',
      method: 'DELETE',
      path: path`/v1/${projectId}/vpcs/${vpcId}/subnets/${subnetId}`,
      options,
    });
  }
}
