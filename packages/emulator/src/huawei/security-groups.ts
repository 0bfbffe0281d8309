import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { markerPage, parseLimit } from './pagination.js';
import {
  collections,
  inEnterpriseProject,
  isoSeconds,
  type SecurityGroupRecord,
  type SecurityGroupRuleRecord,
} from './state.js';
import {
  isObject,
  optionalInteger,
  optionalString,
  readBody,
  requiredString,
  validName,
} from './validate.js';

/** VPC v1 security groups and rules (reference §2.2; shapes are [I], from the VPC API docs). */

const INVALID = 'VPC.0601';
const GROUP_NOT_FOUND = 'VPC.0602';
const RULE_INVALID = 'VPC.0604';
const RULE_NOT_FOUND = 'VPC.0605';

function newRule(
  ctx: EmulatorContext,
  projectId: string,
  groupId: string,
  fields: Partial<SecurityGroupRuleRecord> & Pick<SecurityGroupRuleRecord, 'direction' | 'ethertype'>,
): SecurityGroupRuleRecord {
  const id = ctx.random.uuid();
  return collections.securityGroupRules(ctx).set(id, {
    id,
    projectId,
    securityGroupId: groupId,
    description: '',
    protocol: null,
    portRangeMin: null,
    portRangeMax: null,
    remoteIpPrefix: null,
    remoteGroupId: null,
    createdAt: isoSeconds(ctx.clock.now()),
    ...fields,
  });
}

/** What a new group gets on the real cloud: all egress allowed, ingress only from members of the group. */
export function createDefaultSecurityGroupRules(
  ctx: EmulatorContext,
  projectId: string,
  groupId: string,
): void {
  for (const ethertype of ['IPv4', 'IPv6'] as const) {
    newRule(ctx, projectId, groupId, { direction: 'egress', ethertype });
    newRule(ctx, projectId, groupId, { direction: 'ingress', ethertype, remoteGroupId: groupId });
  }
}

export function renderRule(rule: SecurityGroupRuleRecord): Record<string, unknown> {
  return {
    id: rule.id,
    description: rule.description,
    security_group_id: rule.securityGroupId,
    direction: rule.direction,
    ethertype: rule.ethertype,
    protocol: rule.protocol,
    port_range_min: rule.portRangeMin,
    port_range_max: rule.portRangeMax,
    remote_ip_prefix: rule.remoteIpPrefix,
    remote_group_id: rule.remoteGroupId,
    remote_address_group_id: null,
    tenant_id: rule.projectId,
  };
}

function renderGroup(ctx: EmulatorContext, group: SecurityGroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    vpc_id: group.vpcId ?? '',
    enterprise_project_id: group.enterpriseProjectId,
    security_group_rules: collections
      .securityGroupRules(ctx)
      .filter((rule) => rule.securityGroupId === group.id)
      .map(renderRule),
  };
}

export function findSecurityGroup(ctx: EmulatorContext, projectId: string, id: string): SecurityGroupRecord {
  const group = collections.securityGroups(ctx).get(id);
  if (!group || group.projectId !== projectId)
    fail(404, GROUP_NOT_FOUND, `Security group ${id} does not exist.`);
  return group;
}

function listGroups(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const vpcId = req.query.get('vpc_id');
  const enterpriseProjectId = req.query.get('enterprise_project_id');
  const all = collections
    .securityGroups(ctx)
    .filter(
      (g) =>
        g.projectId === project.id &&
        (!vpcId || g.vpcId === vpcId) &&
        inEnterpriseProject(g, enterpriseProjectId),
    );
  const limit = parseLimit(req.query.get('limit'), { default: 2000, max: 2000 }, { code: INVALID });
  const { page } = markerPage(all, req.query.get('marker'), limit, { code: INVALID });
  return { body: { security_groups: page.map((g) => renderGroup(ctx, g)) } };
}

function createGroup(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, INVALID, 'security_group');
  const name = validName(requiredString(body, 'name', INVALID), 'name', INVALID);
  const vpcId = optionalString(body, 'vpc_id', INVALID);
  if (vpcId) {
    const vpc = collections.vpcs(ctx).get(vpcId);
    if (!vpc || vpc.projectId !== project.id) fail(404, 'VPC.0003', 'VPC does not exist.');
  }
  const id = ctx.random.uuid();
  const group = collections.securityGroups(ctx).set(id, {
    id,
    projectId: project.id,
    name,
    description: optionalString(body, 'description', INVALID) ?? '',
    vpcId: vpcId ?? null,
    enterpriseProjectId: optionalString(body, 'enterprise_project_id', INVALID) ?? '0',
    createdAt: isoSeconds(ctx.clock.now()),
  });
  createDefaultSecurityGroupRules(ctx, project.id, id);
  return { body: { security_group: renderGroup(ctx, group) } };
}

function deleteGroup(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const group = findSecurityGroup(ctx, project.id, req.params.security_group_id ?? '');
  if (group.name === 'default') fail(409, 'VPC.0606', 'The default security group cannot be deleted.');
  const inUse = collections.ports(ctx).find((port) => port.securityGroupIds.includes(group.id));
  if (inUse) fail(409, 'VPC.0607', `Security group ${group.id} is in use by port ${inUse.id}.`);
  for (const rule of collections.securityGroupRules(ctx).filter((r) => r.securityGroupId === group.id)) {
    collections.securityGroupRules(ctx).delete(rule.id);
  }
  collections.securityGroups(ctx).delete(group.id);
  return { status: 204 };
}

const PROTOCOLS = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

function createRule(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, RULE_INVALID, 'security_group_rule');
  const group = findSecurityGroup(ctx, project.id, requiredString(body, 'security_group_id', RULE_INVALID));
  const direction = requiredString(body, 'direction', RULE_INVALID);
  if (direction !== 'ingress' && direction !== 'egress') {
    fail(400, RULE_INVALID, "Invalid parameter: 'direction' must be ingress or egress.");
  }
  const ethertype = optionalString(body, 'ethertype', RULE_INVALID) ?? 'IPv4';
  if (ethertype !== 'IPv4' && ethertype !== 'IPv6') {
    fail(400, RULE_INVALID, "Invalid parameter: 'ethertype' must be IPv4 or IPv6.");
  }
  const protocol = optionalString(body, 'protocol', RULE_INVALID)?.toLowerCase() ?? null;
  if (protocol !== null && !PROTOCOLS.has(protocol) && !/^\d{1,3}$/.test(protocol)) {
    fail(
      400,
      RULE_INVALID,
      "Invalid parameter: 'protocol' must be tcp, udp, icmp, icmpv6 or an IP protocol number.",
    );
  }
  const portRangeMin = optionalInteger(body, 'port_range_min', RULE_INVALID, { min: 0, max: 65535 }) ?? null;
  const portRangeMax = optionalInteger(body, 'port_range_max', RULE_INVALID, { min: 0, max: 65535 }) ?? null;
  if (portRangeMin !== null && portRangeMax !== null && portRangeMin > portRangeMax) {
    fail(400, RULE_INVALID, 'port_range_min must not be greater than port_range_max.');
  }
  if (
    (portRangeMin !== null || portRangeMax !== null) &&
    (protocol === null || !['tcp', 'udp'].includes(protocol))
  ) {
    fail(400, RULE_INVALID, 'A port range needs protocol tcp or udp.');
  }
  const remoteIpPrefix = optionalString(body, 'remote_ip_prefix', RULE_INVALID) ?? null;
  const remoteGroupId = optionalString(body, 'remote_group_id', RULE_INVALID) ?? null;
  if (remoteIpPrefix !== null && remoteGroupId !== null) {
    fail(400, RULE_INVALID, 'remote_ip_prefix and remote_group_id are mutually exclusive.');
  }
  if (remoteGroupId !== null) findSecurityGroup(ctx, project.id, remoteGroupId);
  const duplicate = collections
    .securityGroupRules(ctx)
    .find(
      (r) =>
        r.securityGroupId === group.id &&
        r.direction === direction &&
        r.ethertype === ethertype &&
        r.protocol === protocol &&
        r.portRangeMin === portRangeMin &&
        r.portRangeMax === portRangeMax &&
        r.remoteIpPrefix === remoteIpPrefix &&
        r.remoteGroupId === remoteGroupId,
    );
  if (duplicate) fail(409, 'VPC.0608', `Security group rule already exists: ${duplicate.id}.`);
  const rule = newRule(ctx, project.id, group.id, {
    direction,
    ethertype,
    protocol,
    portRangeMin,
    portRangeMax,
    remoteIpPrefix,
    remoteGroupId,
    description: optionalString(body, 'description', RULE_INVALID) ?? '',
  });
  return { body: { security_group_rule: renderRule(rule) } };
}

function findRule(ctx: EmulatorContext, projectId: string, id: string): SecurityGroupRuleRecord {
  const rule = collections.securityGroupRules(ctx).get(id);
  if (!rule || rule.projectId !== projectId)
    fail(404, RULE_NOT_FOUND, `Security group rule ${id} does not exist.`);
  return rule;
}

export function registerSecurityGroupRoutes(router: Router): void {
  router.add('GET', '/v1/:project_id/security-groups', listGroups);
  router.add('POST', '/v1/:project_id/security-groups', createGroup);
  router.add('GET', '/v1/:project_id/security-groups/:security_group_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    return {
      body: {
        security_group: renderGroup(
          ctx,
          findSecurityGroup(ctx, project.id, req.params.security_group_id ?? ''),
        ),
      },
    };
  });
  router.add('DELETE', '/v1/:project_id/security-groups/:security_group_id', deleteGroup);
  router.add('GET', '/v1/:project_id/security-group-rules', (req, ctx) => {
    const project = projectOf(req, ctx);
    const groupId = req.query.get('security_group_id');
    const all = collections
      .securityGroupRules(ctx)
      .filter((r) => r.projectId === project.id && (!groupId || r.securityGroupId === groupId));
    const limit = parseLimit(req.query.get('limit'), { default: 2000, max: 2000 }, { code: RULE_INVALID });
    const { page } = markerPage(all, req.query.get('marker'), limit, { code: RULE_INVALID });
    return { body: { security_group_rules: page.map(renderRule) } };
  });
  router.add('POST', '/v1/:project_id/security-group-rules', createRule);
  router.add('GET', '/v1/:project_id/security-group-rules/:rule_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    return { body: { security_group_rule: renderRule(findRule(ctx, project.id, req.params.rule_id ?? '')) } };
  });
  router.add('DELETE', '/v1/:project_id/security-group-rules/:rule_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    const rule = findRule(ctx, project.id, req.params.rule_id ?? '');
    collections.securityGroupRules(ctx).delete(rule.id);
    return { status: 204 };
  });
}

/** Security-group ids from an ECS `security_groups: [{id}]` list, each checked to exist in the project. */
export function securityGroupIdsFrom(
  ctx: EmulatorContext,
  projectId: string,
  raw: unknown[] | undefined,
  code: string,
): string[] {
  if (!raw || raw.length === 0) {
    const fallback = collections
      .securityGroups(ctx)
      .find((g) => g.projectId === projectId && g.name === 'default');
    return fallback ? [fallback.id] : [];
  }
  return raw.map((entry) => {
    if (!isObject(entry) || typeof entry.id !== 'string')
      fail(400, code, 'security_groups entries need an id.');
    const group = collections.securityGroups(ctx).get(entry.id);
    if (!group || group.projectId !== projectId)
      fail(400, code, `Security group ${entry.id} does not exist.`);
    return group.id;
  });
}
