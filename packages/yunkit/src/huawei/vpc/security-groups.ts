/** Security groups: `/v1/{project_id}/security-groups`. */
import type { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import { checkLimit, requireObject, requireString } from '../validate.js';
import type { CreateSecurityGroupBody, ListSecurityGroupsQuery, SecurityGroup } from './types.js';
import { VPC_PAGE_SIZE } from './vpcs.js';

export class SecurityGroups {
  constructor(private readonly ctx: HuaweiContext) {}

  async list(
    query: ListSecurityGroupsQuery = {},
    options?: HuaweiCallOptions,
  ): Promise<{ security_groups: SecurityGroup[] }> {
    checkLimit(query.limit, 'limit', 2000);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ security_groups?: SecurityGroup[] }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/security-groups`,
      query: { ...query },
      options,
    });
    return { ...data, security_groups: data.security_groups ?? [] };
  }

  listAll(
    query: ListSecurityGroupsQuery = {},
    options?: HuaweiCallOptions,
  ): Paginator<SecurityGroup, string> {
    checkLimit(query.limit, 'limit', 2000);
    return markerPaginator(
      query.limit ?? VPC_PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.security_groups,
    );
  }

  async get(securityGroupId: string, options?: HuaweiCallOptions): Promise<SecurityGroup> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ security_group: SecurityGroup }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/security-groups/${securityGroupId}`,
      options,
    });
    return data.security_group;
  }

  /** CreateSecurityGroup, unwrapped; Huawei adds default egress rules to a new group. */
  async create(body: CreateSecurityGroupBody, options?: HuaweiCallOptions): Promise<SecurityGroup> {
    const group = requireObject(requireObject(body, 'body').security_group, 'security_group');
    requireString(group.name, 'security_group.name');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ security_group: SecurityGroup }>({
      service: 'vpc',
      method: 'POST',
      path: path`/v1/${projectId}/security-groups`,
      body,
      options,
    });
    return data.security_group;
  }

  async delete(securityGroupId: string, options?: HuaweiCallOptions): Promise<void> {
    const projectId = await this.ctx.projectId();
    await this.ctx.request({
      service: 'vpc',
      method: 'DELETE',
      path: path`/v1/${projectId}/security-groups/${securityGroupId}`,
      options,
    });
  }
}
