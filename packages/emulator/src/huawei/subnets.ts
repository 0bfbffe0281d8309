import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { markerPage, parseLimit } from './pagination.js';
import { collections, isoSeconds, type SubnetRecord } from './state.js';
import {
  cidrContains,
  cidrsOverlap,
  ipInCidr,
  ipToNumber,
  numberToIp,
  optionalArray,
  optionalBoolean,
  optionalString,
  parseCidr,
  readBody,
  requiredString,
  validName,
} from './validate.js';
import { findVpc, networkTaskMs, VPC_INVALID } from './vpcs.js';

/** VPC v1 subnets (reference §2.2): note the update/delete paths carry the VPC id. */

const SUBNET_INVALID = 'VPC.0201';
const SUBNET_NOT_FOUND = 'VPC.0202';
const SUBNET_IN_USE = 'VPC.0203';
export const SUBNET_CREATE_TASK = 'huawei.subnet.create';

export function renderSubnet(subnet: SubnetRecord): Record<string, unknown> {
  return {
    id: subnet.id,
    name: subnet.name,
    description: subnet.description,
    cidr: subnet.cidr,
    gateway_ip: subnet.gatewayIp,
    ipv6_enable: false,
    cidr_v6: '',
    gateway_ip_v6: '',
    dhcp_enable: subnet.dhcpEnable,
    primary_dns: subnet.primaryDns,
    secondary_dns: subnet.secondaryDns,
    dnsList: subnet.dnsList,
    availability_zone: subnet.az,
    vpc_id: subnet.vpcId,
    status: subnet.status,
    neutron_network_id: subnet.id,
    neutron_subnet_id: subnet.neutronSubnetId,
    neutron_subnet_id_v6: '',
    extra_dhcp_opts: [],
    scope: 'center',
    tenant_id: subnet.projectId,
    created_at: subnet.createdAt,
    updated_at: subnet.updatedAt,
  };
}

export function findSubnet(ctx: EmulatorContext, projectId: string, id: string): SubnetRecord {
  const subnet = collections.subnets(ctx).get(id);
  if (!subnet || subnet.projectId !== projectId) fail(404, SUBNET_NOT_FOUND, `Subnet ${id} does not exist.`);
  return subnet;
}

function usedAddresses(ctx: EmulatorContext, subnet: SubnetRecord): Set<string> {
  return new Set(
    collections
      .ports(ctx)
      .filter((p) => p.subnetId === subnet.id)
      .map((p) => p.ipAddress),
  );
}

/** Host addresses a port may take: not the network, the gateway or the top three (DHCP, broadcast), as VPC reserves. */
function assignable(subnet: SubnetRecord): string[] {
  const range = parseCidr(subnet.cidr);
  if (!range) throw new Error(`subnet ${subnet.id} has an invalid cidr`);
  const out: string[] = [];
  for (let value = range.base + 1; value < range.base + range.size - 3; value++) {
    const ip = numberToIp(value);
    if (ip !== subnet.gatewayIp) out.push(ip);
  }
  return out;
}

export function freeIpCount(ctx: EmulatorContext, subnet: SubnetRecord): number {
  const used = usedAddresses(ctx, subnet);
  return assignable(subnet).filter((ip) => !used.has(ip)).length;
}

/** Refuses an address outside the subnet, reserved, or taken (ECS codes: ports are made by ECS). */
export function checkRequestedIp(ctx: EmulatorContext, subnet: SubnetRecord, requested: string): void {
  if (ipToNumber(requested) === undefined || !ipInCidr(requested, subnet.cidr)) {
    fail(400, 'Ecs.0005', `ip_address ${requested} is not in subnet ${subnet.cidr}.`);
  }
  if (!assignable(subnet).includes(requested)) {
    fail(400, 'Ecs.0005', `ip_address ${requested} is reserved in subnet ${subnet.cidr}.`);
  }
  if (usedAddresses(ctx, subnet).has(requested))
    fail(409, 'Ecs.0039', `ip_address ${requested} is already in use.`);
}

/** The requested address (checked), else the lowest free one. */
export function allocateIp(ctx: EmulatorContext, subnet: SubnetRecord, requested?: string): string {
  if (requested !== undefined) {
    checkRequestedIp(ctx, subnet, requested);
    return requested;
  }
  const used = usedAddresses(ctx, subnet);
  const free = assignable(subnet).find((ip) => !used.has(ip));
  if (free === undefined) fail(409, 'Ecs.0039', `Subnet ${subnet.id} has no free IP address.`);
  return free;
}

function dnsFields(body: Record<string, unknown>, code: string) {
  const primaryDns = optionalString(body, 'primary_dns', code);
  const secondaryDns = optionalString(body, 'secondary_dns', code);
  const dnsList = optionalArray(body, 'dnsList', code);
  for (const ip of [primaryDns, secondaryDns, ...(dnsList ?? [])]) {
    if (ip !== undefined && (typeof ip !== 'string' || ipToNumber(ip) === undefined)) {
      fail(400, code, `Invalid DNS address ${String(ip)}.`);
    }
  }
  return { primaryDns, secondaryDns, dnsList: dnsList as string[] | undefined };
}

function createSubnet(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, SUBNET_INVALID, 'subnet');
  const name = validName(requiredString(body, 'name', SUBNET_INVALID), 'name', SUBNET_INVALID);
  const vpc = findVpc(ctx, project.id, requiredString(body, 'vpc_id', SUBNET_INVALID));
  const cidr = requiredString(body, 'cidr', SUBNET_INVALID);
  const range = parseCidr(cidr);
  if (!range || range.prefix > 29) fail(400, SUBNET_INVALID, `Invalid cidr ${cidr}.`);
  if (!cidrContains(vpc.cidr, cidr))
    fail(400, SUBNET_INVALID, `Subnet cidr ${cidr} is not within VPC cidr ${vpc.cidr}.`);
  const overlap = collections.subnets(ctx).find((s) => s.vpcId === vpc.id && cidrsOverlap(s.cidr, cidr));
  if (overlap)
    fail(400, SUBNET_INVALID, `Subnet cidr ${cidr} overlaps subnet ${overlap.id} (${overlap.cidr}).`);
  const gatewayIp = requiredString(body, 'gateway_ip', SUBNET_INVALID);
  const gateway = ipToNumber(gatewayIp);
  if (
    gateway === undefined ||
    !ipInCidr(gatewayIp, cidr) ||
    gateway === range.base ||
    gateway === range.base + range.size - 1
  ) {
    fail(400, SUBNET_INVALID, `gateway_ip ${gatewayIp} must be a host address in ${cidr}.`);
  }
  const az = optionalString(body, 'availability_zone', SUBNET_INVALID) ?? '';
  if (az !== '' && !collections.regions(ctx).get(project.region)?.azs.includes(az)) {
    fail(400, 'VPC.0002', `Available zone ${az} does not exist.`);
  }
  const dns = dnsFields(body, SUBNET_INVALID);
  const primaryDns = dns.primaryDns ?? '100.125.1.250';
  const secondaryDns = dns.secondaryDns ?? '100.125.21.250';
  const now = isoSeconds(ctx.clock.now());
  const id = ctx.random.uuid();
  const subnet = collections.subnets(ctx).set(id, {
    id,
    projectId: project.id,
    vpcId: vpc.id,
    name,
    description: optionalString(body, 'description', SUBNET_INVALID) ?? '',
    cidr,
    gatewayIp,
    dhcpEnable: optionalBoolean(body, 'dhcp_enable', SUBNET_INVALID) ?? true,
    primaryDns,
    secondaryDns,
    dnsList: dns.dnsList ?? [primaryDns, secondaryDns],
    az,
    status: 'UNKNOWN',
    neutronSubnetId: ctx.random.uuid(),
    createdAt: now,
    updatedAt: now,
  });
  ctx.tasks.start({ kind: SUBNET_CREATE_TASK, data: { subnetId: id }, durationMs: networkTaskMs(ctx) });
  return { body: { subnet: renderSubnet(subnet) } };
}

function subnetInVpc(req: EmulatorRequest, ctx: EmulatorContext): SubnetRecord {
  const project = projectOf(req, ctx);
  const vpc = findVpc(ctx, project.id, req.params.vpc_id ?? '');
  const subnet = findSubnet(ctx, project.id, req.params.subnet_id ?? '');
  if (subnet.vpcId !== vpc.id) fail(404, SUBNET_NOT_FOUND, `Subnet ${subnet.id} is not in VPC ${vpc.id}.`);
  return subnet;
}

function updateSubnet(req: EmulatorRequest, ctx: EmulatorContext) {
  const subnet = subnetInVpc(req, ctx);
  const body = readBody(req, SUBNET_INVALID, 'subnet');
  const name = optionalString(body, 'name', SUBNET_INVALID);
  if (name !== undefined) subnet.name = validName(name, 'name', SUBNET_INVALID);
  const description = optionalString(body, 'description', SUBNET_INVALID);
  if (description !== undefined) subnet.description = description;
  const dhcpEnable = optionalBoolean(body, 'dhcp_enable', SUBNET_INVALID);
  if (dhcpEnable !== undefined) subnet.dhcpEnable = dhcpEnable;
  const dns = dnsFields(body, SUBNET_INVALID);
  if (dns.primaryDns !== undefined) subnet.primaryDns = dns.primaryDns;
  if (dns.secondaryDns !== undefined) subnet.secondaryDns = dns.secondaryDns;
  if (dns.dnsList !== undefined) subnet.dnsList = dns.dnsList;
  subnet.updatedAt = isoSeconds(ctx.clock.now());
  // The real API answers an update with the id and status only.
  return { body: { subnet: { id: subnet.id, status: subnet.status } } };
}

function deleteSubnet(req: EmulatorRequest, ctx: EmulatorContext) {
  const subnet = subnetInVpc(req, ctx);
  const port = collections.ports(ctx).find((p) => p.subnetId === subnet.id);
  if (port) {
    fail(
      409,
      SUBNET_IN_USE,
      `Subnet ${subnet.id} still has port ${port.id} (${port.ipAddress}); delete the servers using it first.`,
    );
  }
  collections.subnets(ctx).delete(subnet.id);
  return { status: 204 };
}

export function registerSubnetRoutes(router: Router, ctx: EmulatorContext): void {
  ctx.tasks.define(SUBNET_CREATE_TASK, {
    onSuccess(task, c) {
      collections.subnets(c).update(String(task.data.subnetId), { status: 'ACTIVE' });
    },
    onFailure(task, c) {
      collections.subnets(c).update(String(task.data.subnetId), { status: 'ERROR' });
    },
  });
  router.add('GET', '/v1/:project_id/subnets', (req, c) => {
    const project = projectOf(req, c);
    const vpcId = req.query.get('vpc_id');
    const all = collections
      .subnets(c)
      .filter((s) => s.projectId === project.id && (!vpcId || s.vpcId === vpcId));
    const limit = parseLimit(req.query.get('limit'), { default: 2000, max: 2000 }, { code: VPC_INVALID });
    const { page } = markerPage(all, req.query.get('marker'), limit, { code: VPC_INVALID });
    return { body: { subnets: page.map(renderSubnet) } };
  });
  router.add('POST', '/v1/:project_id/subnets', createSubnet);
  router.add('GET', '/v1/:project_id/subnets/:subnet_id', (req, c) => {
    const project = projectOf(req, c);
    return { body: { subnet: renderSubnet(findSubnet(c, project.id, req.params.subnet_id ?? '')) } };
  });
  router.add('PUT', '/v1/:project_id/vpcs/:vpc_id/subnets/:subnet_id', updateSubnet);
  router.add('DELETE', '/v1/:project_id/vpcs/:vpc_id/subnets/:subnet_id', deleteSubnet);
}
