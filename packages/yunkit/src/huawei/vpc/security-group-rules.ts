/** Security group rules: `/v1/{project_id}/security-group-rules`. */
import { ValidationError } from '../../core/errors.js';
import type { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import { checkLimit, oneOf, optionalInteger, requireObject, requireString } from '../validate.js';
import { validateCidr } from './cidr.js';
import type { CreateSecurityGroupRuleBody, ListSecurityGroupRulesQuery, SecurityGroupRule } from './types.js';
import { VPC_PAGE_SIZE } from './vpcs.js';

export class SecurityGroupRules {
  constructor(private readonly ctx: HuaweiContext) {}

  async list(
    query: ListSecurityGroupRulesQuery = {},
    options?: HuaweiCallOptions,
  ): Promise<{ security_group_rules: SecurityGroupRule[] }> {
    checkLimit(query.limit, 'limit', 2000);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ security_group_rules?: SecurityGroupRule[] }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/security-group-rules`,
      query: { ...query },
      options,
    });
    return { ...data, security_group_rules: data.security_group_rules ?? [] };
  }

  listAll(
    query: ListSecurityGroupRulesQuery = {},
    options?: HuaweiCallOptions,
  ): Paginator<SecurityGroupRule, string> {
    checkLimit(query.limit, 'limit', 2000);
    return markerPaginator(
      query.limit ?? VPC_PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.security_group_rules,
    );
  }

  async get(ruleId: string, options?: HuaweiCallOptions): Promise<SecurityGroupRule> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ security_group_rule: SecurityGroupRule }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/security-group-rules/${ruleId}`,
      options,
    });
    return data.security_group_rule;
  }

  async create(body: CreateSecurityGroupRuleBody, options?: HuaweiCallOptions): Promise<SecurityGroupRule> {
    const rule = requireObject(requireObject(body, 'body').security_group_rule, 'security_group_rule');
    requireString(rule.security_group_id, 'security_group_rule.security_group_id');
    oneOf(rule.direction, ['ingress', 'egress'] as const, 'security_group_rule.direction');
    if (rule.ethertype !== undefined)
      oneOf(rule.ethertype, ['IPv4', 'IPv6'] as const, 'security_group_rule.ethertype');
    optionalInteger(rule.port_range_min, 'security_group_rule.port_range_min', 1, 65535);
    optionalInteger(rule.port_range_max, 'security_group_rule.port_range_max', 1, 65535);
    if (
      typeof rule.port_range_min === 'number' &&
      typeof rule.port_range_max === 'number' &&
      rule.port_range_min > rule.port_range_max
    ) {
      throw new ValidationError(
        'security_group_rule.port_range_min must not exceed port_range_max',
        'security_group_rule.port_range_min',
      );
    }
    if (rule.remote_ip_prefix !== undefined && rule.ethertype !== 'IPv6') {
      validateCidr(rule.remote_ip_prefix, 'security_group_rule.remote_ip_prefix');
    }
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ security_group_rule: SecurityGroupRule }>({
      service: 'vpc',
      method: 'POST',
      path: path`/v1/${projectId}/security-group-rules`,
      body,
      options,
    });
    return data.security_group_rule;
  }

  async delete(ruleId: string, options?: HuaweiCallOptions): Promise<void> {
    const projectId = await this.ctx.projectId();
    await this.ctx.request({
      service: 'vpc',
      method: 'DELETE',
      path: path`/v1/${projectId}/security-group-rules/${ruleId}`,
      options,
    });
  }
}
