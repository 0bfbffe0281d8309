import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { markerPage, parseLimit } from './pagination.js';
import { collections, isoSeconds, macAddress, type PortRecord, type SubnetRecord } from './state.js';
import { allocateIp } from './subnets.js';

/** VPC v1 ports: created by ECS for each NIC, read through the VPC API (reference §2.2 listPorts). */

const PORT_INVALID = 'VPC.2500';
const PORT_NOT_FOUND = 'VPC.2502';

export function createPort(
  ctx: EmulatorContext,
  init: {
    projectId: string;
    subnet: SubnetRecord;
    serverId: string;
    az: string;
    securityGroupIds: string[];
    ipAddress?: string;
    primary: boolean;
  },
): PortRecord {
  const id = ctx.random.uuid();
  return collections.ports(ctx).set(id, {
    id,
    projectId: init.projectId,
    name: '',
    subnetId: init.subnet.id,
    vpcId: init.subnet.vpcId,
    ipAddress: allocateIp(ctx, init.subnet, init.ipAddress),
    macAddress: macAddress(ctx),
    deviceId: init.serverId,
    deviceOwner: `compute:${init.az}`,
    securityGroupIds: init.securityGroupIds,
    status: 'BUILD',
    az: init.az,
    primary: init.primary,
    createdAt: isoSeconds(ctx.clock.now()),
  });
}

export function renderPort(ctx: EmulatorContext, port: PortRecord): Record<string, unknown> {
  const subnet = collections.subnets(ctx).get(port.subnetId);
  return {
    id: port.id,
    name: port.name,
    network_id: port.subnetId,
    admin_state_up: true,
    mac_address: port.macAddress,
    fixed_ips: [{ subnet_id: subnet?.neutronSubnetId ?? '', ip_address: port.ipAddress }],
    device_id: port.deviceId,
    device_owner: port.deviceOwner,
    tenant_id: port.projectId,
    status: port.status,
    security_groups: port.securityGroupIds,
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    'binding:vnic_type': 'normal',
    dns_assignment: [],
    dns_name: '',
    instance_id: port.deviceId,
    instance_type: 'ecs',
    port_security_enabled: true,
    zone_id: port.az,
    enable_efi: false,
    ipv6_bandwidth_id: '',
  };
}

function listPorts(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const q = req.query;
  const ipFilter = q.getAll('fixed_ips').map((f) => f.replace(/^ip_address=/, ''));
  const all = collections
    .ports(ctx)
    .filter(
      (p) =>
        p.projectId === project.id &&
        (!q.get('id') || p.id === q.get('id')) &&
        (!q.get('name') || p.name === q.get('name')) &&
        (!q.get('network_id') || p.subnetId === q.get('network_id')) &&
        (!q.get('mac_address') || p.macAddress === q.get('mac_address')) &&
        (!q.get('device_id') || p.deviceId === q.get('device_id')) &&
        (!q.get('device_owner') || p.deviceOwner === q.get('device_owner')) &&
        (!q.get('status') || p.status === q.get('status')) &&
        (ipFilter.length === 0 || ipFilter.includes(p.ipAddress)),
    );
  const limit = parseLimit(q.get('limit'), { default: 2000, max: 2000 }, { code: PORT_INVALID });
  const { page } = markerPage(all, q.get('marker'), limit, { code: PORT_INVALID });
  return { body: { ports: page.map((p) => renderPort(ctx, p)) } };
}

export function findPort(
  ctx: EmulatorContext,
  projectId: string,
  id: string,
  code = PORT_NOT_FOUND,
): PortRecord {
  const port = collections.ports(ctx).get(id);
  if (!port || port.projectId !== projectId) fail(404, code, `Port ${id} does not exist.`);
  return port;
}

export function registerPortRoutes(router: Router): void {
  router.add('GET', '/v1/:project_id/ports', listPorts);
  router.add('GET', '/v1/:project_id/ports/:port_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    return { body: { port: renderPort(ctx, findPort(ctx, project.id, req.params.port_id ?? '')) } };
  });
}
