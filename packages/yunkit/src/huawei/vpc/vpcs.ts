/** VPCs: `/v1/{project_id}/vpcs`. */
import type { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { WaitOptions } from '../../core/wait.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import { checkLimit, optionalString, requireObject } from '../validate.js';
import { validateCidr } from './cidr.js';
import { waitForStatus } from './ready.js';
import type { CreateVpcBody, ListVpcsQuery, UpdateVpcBody, Vpc } from './types.js';

export const VPC_PAGE_SIZE = 100;

export class Vpcs {
  constructor(private readonly ctx: HuaweiContext) {}

  /** ListVpcs: one page (`{ vpcs }`), paged by `marker` + `limit`. */
  async list(query: ListVpcsQuery = {}, options?: HuaweiCallOptions): Promise<{ vpcs: Vpc[] }> {
    checkLimit(query.limit, 'limit', 2000);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ vpcs?: Vpc[] }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/vpcs`,
      query: { ...query },
      options,
    });
    return { ...data, vpcs: data.vpcs ?? [] };
  }

  listAll(query: ListVpcsQuery = {}, options?: HuaweiCallOptions): Paginator<Vpc, string> {
    checkLimit(query.limit, 'limit', 2000);
    return markerPaginator(
      query.limit ?? VPC_PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.vpcs,
    );
  }

  /** Polls until the vpc is OK; TaskFailedError if it turns ERROR. */
  waitUntilReady(vpcId: string, options: WaitOptions = {}): Promise<Vpc> {
    return waitForStatus((o) => this.get(vpcId, o), vpcId, 'vpc', 'OK', options);
  }

  async get(vpcId: string, options?: HuaweiCallOptions): Promise<Vpc> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ vpc: Vpc }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/vpcs/${vpcId}`,
      options,
    });
    return data.vpc;
  }

  /** CreateVpc, unwrapped from `{ vpc }`. The VPC starts in CREATING and turns OK shortly after. */
  async create(body: CreateVpcBody, options?: HuaweiCallOptions): Promise<Vpc> {
    const vpc = requireObject(requireObject(body, 'body').vpc, 'vpc');
    if (vpc.cidr !== undefined) validateCidr(vpc.cidr, 'vpc.cidr');
    optionalString(vpc.name, 'vpc.name');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ vpc: Vpc }>({
      service: 'vpc',
      method: 'POST',
      path: path`/v1/${projectId}/vpcs`,
      body,
      options,
    });
    return data.vpc;
  }

  async update(vpcId: string, body: UpdateVpcBody, options?: HuaweiCallOptions): Promise<Vpc> {
    const vpc = requireObject(requireObject(body, 'body').vpc, 'vpc');
    if (vpc.cidr !== undefined) validateCidr(vpc.cidr, 'vpc.cidr');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ vpc: Vpc }>({
      service: 'vpc',
      method: 'PUT',
      path: path`/v1/${projectId}/vpcs/${vpcId}`,
      body,
      options,
    });
    return data.vpc;
  }

  async delete(vpcId: string, options?: HuaweiCallOptions): Promise<void> {
    const projectId = await this.ctx.projectId();
    await this.ctx.request({
      service: 'vpc',
      method: 'DELETE',
      path: path`/v1/${projectId}/vpcs/${vpcId}`,
      options,
    });
  }
}
