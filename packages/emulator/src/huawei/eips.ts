import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { markerPage, parseLimit } from './pagination.js';
import { findPort } from './ports.js';
import { collections, inEnterpriseProject, type PublicIpRecord, spaceSeparated } from './state.js';
import { isObject, optionalInteger, optionalString, readBody, requiredString } from './validate.js';

/**
 * EIP v1 (reference §2.4) plus the v3 associate/disassociate actions. An EIP is bound to at most one
 * port and a port carries at most one EIP; rebinding needs an unbind first, as on the console.
 */

const EIP_INVALID = 'VPC.0301';
const EIP_NOT_FOUND = 'VPC.0504';
const EIP_BOUND = 'VPC.0506';
const EIP_V3_INVALID = 'EIP.7902';

export function renderPublicIp(ctx: EmulatorContext, eip: PublicIpRecord): Record<string, unknown> {
  const port = eip.portId ? collections.ports(ctx).get(eip.portId) : undefined;
  return {
    id: eip.id,
    status: eip.status,
    type: eip.type,
    public_ip_address: eip.publicIpAddress,
    public_ipv6_address: '',
    ip_version: eip.ipVersion,
    port_id: eip.portId ?? '',
    private_ip_address: port?.ipAddress ?? '',
    bandwidth_id: eip.bandwidthId,
    bandwidth_name: eip.bandwidthName,
    bandwidth_share_type: eip.bandwidthShareType,
    bandwidth_size: eip.bandwidthSize,
    create_time: eip.createdAt,
    tenant_id: eip.projectId,
    enterprise_project_id: eip.enterpriseProjectId,
    profile: { order_id: '', product_id: '', region_id: '', user_id: '' },
    tags: [],
    alias: eip.alias,
    public_border_group: 'center',
    allow_share_bandwidth_types: [],
  };
}

function renderPublicIpV3(ctx: EmulatorContext, eip: PublicIpRecord): Record<string, unknown> {
  const port = eip.portId ? collections.ports(ctx).get(eip.portId) : undefined;
  return {
    id: eip.id,
    project_id: eip.projectId,
    ip_version: eip.ipVersion,
    public_ip_address: eip.publicIpAddress,
    public_ipv6_address: null,
    status: eip.status,
    description: '',
    public_border_group: 'center',
    tags: [],
    type: 'EIP',
    vnic: port
      ? {
          private_ip_address: port.ipAddress,
          device_id: port.deviceId,
          device_owner: port.deviceOwner,
          vpc_id: port.vpcId,
          port_id: port.id,
          mac: port.macAddress,
          vtep: null,
          vni: null,
          instance_id: port.deviceId,
          instance_type: 'ecs',
          port_profile: null,
        }
      : null,
    bandwidth: {
      id: eip.bandwidthId,
      size: eip.bandwidthSize,
      share_type: eip.bandwidthShareType,
      charge_mode: eip.bandwidthChargeMode,
      name: eip.bandwidthName,
      billing_info: '',
    },
    enterprise_project_id: eip.enterpriseProjectId,
    billing_info: null,
    lock_status: null,
    associate_instance_type: port ? 'PORT' : null,
    associate_instance_id: port?.id ?? null,
    publicip_pool_id: null,
    publicip_pool_name: eip.type,
    alias: eip.alias || null,
    created_at: eip.createdAt,
    updated_at: eip.createdAt,
  };
}

export function findPublicIp(ctx: EmulatorContext, projectId: string, id: string): PublicIpRecord {
  const eip = collections.publicips(ctx).get(id);
  if (!eip || eip.projectId !== projectId) fail(404, EIP_NOT_FOUND, 'Floating IP could not be found.');
  return eip;
}

function nextPublicAddress(ctx: EmulatorContext): string {
  const n = ctx.store.nextId('huawei.publicip');
  return `121.36.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
}

export function createPublicIp(
  ctx: EmulatorContext,
  init: {
    projectId: string;
    type: string;
    bandwidthName: string;
    bandwidthSize: number;
    shareType: 'PER' | 'WHOLE';
    chargeMode: 'bandwidth' | 'traffic';
    bandwidthId?: string;
    alias?: string;
    enterpriseProjectId?: string;
  },
): PublicIpRecord {
  const id = ctx.random.uuid();
  return collections.publicips(ctx).set(id, {
    id,
    projectId: init.projectId,
    type: init.type,
    publicIpAddress: nextPublicAddress(ctx),
    ipVersion: 4,
    portId: null,
    alias: init.alias ?? '',
    status: 'DOWN',
    bandwidthId: init.bandwidthId ?? ctx.random.uuid(),
    bandwidthName: init.bandwidthName,
    bandwidthShareType: init.shareType,
    bandwidthSize: init.bandwidthSize,
    bandwidthChargeMode: init.chargeMode,
    enterpriseProjectId: init.enterpriseProjectId ?? '0',
    createdAt: spaceSeparated(ctx.clock.now()),
  });
}

/** Binds; refuses an EIP bound elsewhere and a port that already has an EIP. */
export function bindPublicIp(
  ctx: EmulatorContext,
  eip: PublicIpRecord,
  portId: string,
  code = EIP_BOUND,
): void {
  const port = findPort(ctx, eip.projectId, portId, EIP_INVALID);
  if (eip.portId === port.id) return;
  if (eip.portId) {
    fail(409, code, `Publicip ${eip.id} is already bound to port ${eip.portId}; unbind it first.`);
  }
  const other = collections.publicips(ctx).find((e) => e.portId === port.id);
  if (other) fail(409, code, `Port ${port.id} already has publicip ${other.id} bound.`);
  eip.portId = port.id;
  eip.status = 'ACTIVE';
}

export function unbindPublicIp(eip: PublicIpRecord): void {
  eip.portId = null;
  eip.status = 'DOWN';
}

function createFromBody(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, EIP_INVALID);
  const publicip = body.publicip;
  const bandwidth = body.bandwidth;
  if (!isObject(publicip)) fail(400, EIP_INVALID, "Invalid request body: 'publicip' is required.");
  if (!isObject(bandwidth)) fail(400, EIP_INVALID, "Invalid request body: 'bandwidth' is required.");
  const type = requiredString(publicip, 'type', EIP_INVALID);
  if (!/^5_[a-z]+$/.test(type)) fail(400, EIP_INVALID, `Invalid publicip type ${type}.`);
  const ipVersion = optionalInteger(publicip, 'ip_version', EIP_INVALID, { min: 4, max: 6 }) ?? 4;
  if (ipVersion !== 4) fail(400, EIP_INVALID, 'Only ip_version 4 is supported by the emulator.');
  const shareType = requiredString(bandwidth, 'share_type', EIP_INVALID);
  if (shareType !== 'PER' && shareType !== 'WHOLE') {
    fail(400, EIP_INVALID, "Invalid parameter: 'share_type' must be PER or WHOLE.");
  }
  const bandwidthId = optionalString(bandwidth, 'id', EIP_INVALID);
  if (shareType === 'WHOLE' && !bandwidthId)
    fail(400, EIP_INVALID, 'A shared (WHOLE) bandwidth needs its id.');
  const size = optionalInteger(bandwidth, 'size', EIP_INVALID, { min: 1, max: 2000 });
  if (shareType === 'PER' && size === undefined)
    fail(400, EIP_INVALID, "Invalid parameter: 'size' is required.");
  const chargeMode = optionalString(bandwidth, 'charge_mode', EIP_INVALID) ?? 'bandwidth';
  if (chargeMode !== 'bandwidth' && chargeMode !== 'traffic') {
    fail(400, EIP_INVALID, "Invalid parameter: 'charge_mode' must be bandwidth or traffic.");
  }
  const alias = optionalString(publicip, 'alias', EIP_INVALID);
  const enterpriseProjectId = optionalString(body, 'enterprise_project_id', EIP_INVALID);
  const eip = createPublicIp(ctx, {
    projectId: project.id,
    type,
    bandwidthName: optionalString(bandwidth, 'name', EIP_INVALID) ?? `bandwidth-${ctx.random.hex(4)}`,
    bandwidthSize: size ?? 5,
    shareType,
    chargeMode,
    ...(bandwidthId ? { bandwidthId } : {}),
    ...(alias ? { alias } : {}),
    ...(enterpriseProjectId ? { enterpriseProjectId } : {}),
  });
  const portId = optionalString(publicip, 'port_id', EIP_INVALID);
  if (portId) bindPublicIp(ctx, eip, portId);
  const rendered = renderPublicIp(ctx, eip);
  return {
    body: {
      publicip: {
        id: rendered.id,
        status: rendered.status,
        type: rendered.type,
        public_ip_address: rendered.public_ip_address,
        public_ipv6_address: rendered.public_ipv6_address,
        ip_version: rendered.ip_version,
        bandwidth_size: rendered.bandwidth_size,
        tenant_id: rendered.tenant_id,
        create_time: rendered.create_time,
        enterprise_project_id: rendered.enterprise_project_id,
        alias: rendered.alias,
      },
    },
  };
}

function updatePublicIp(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const eip = findPublicIp(ctx, project.id, req.params.publicip_id ?? '');
  const body = readBody(req, EIP_INVALID, 'publicip');
  // Unbinding is written `port_id: null`, `port_id: ""` (Huawei's own API guide) or an empty `publicip`.
  if ('port_id' in body || Object.keys(body).length === 0) {
    const portId = body.port_id;
    if (portId === null || portId === '' || portId === undefined) unbindPublicIp(eip);
    else if (typeof portId === 'string') bindPublicIp(ctx, eip, portId);
    else fail(400, EIP_INVALID, "Invalid parameter: 'port_id' must be a string or null.");
  }
  const alias = optionalString(body, 'alias', EIP_INVALID);
  if (alias !== undefined) eip.alias = alias;
  return { body: { publicip: renderPublicIp(ctx, eip) } };
}

function listPublicIps(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const q = req.query;
  const ids = q.getAll('id');
  const ipVersion = q.get('ip_version');
  const portIds = q.getAll('port_id');
  const publicAddresses = q.getAll('public_ip_address');
  const privateAddresses = q.getAll('private_ip_address');
  const enterpriseProjectId = q.get('enterprise_project_id');
  const all = collections.publicips(ctx).filter((e) => {
    if (e.projectId !== project.id) return false;
    if (ids.length > 0 && !ids.includes(e.id)) return false;
    if (ipVersion && String(e.ipVersion) !== ipVersion) return false;
    if (portIds.length > 0 && !portIds.includes(e.portId ?? '')) return false;
    if (publicAddresses.length > 0 && !publicAddresses.includes(e.publicIpAddress)) return false;
    if (privateAddresses.length > 0) {
      const port = e.portId ? collections.ports(ctx).get(e.portId) : undefined;
      if (!port || !privateAddresses.includes(port.ipAddress)) return false;
    }
    return inEnterpriseProject(e, enterpriseProjectId);
  });
  const limit = parseLimit(q.get('limit'), { default: 2000, max: 2000 }, { code: EIP_INVALID });
  const { page } = markerPage(all, q.get('marker'), limit, { code: EIP_INVALID });
  return { body: { publicips: page.map((e) => renderPublicIp(ctx, e)) } };
}

function associateV3(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const eip = findPublicIp(ctx, project.id, req.params.publicip_id ?? '');
  const body = readBody(req, EIP_V3_INVALID, 'publicip');
  const type = optionalString(body, 'associate_instance_type', EIP_V3_INVALID) ?? 'PORT';
  if (type !== 'PORT')
    fail(400, EIP_V3_INVALID, 'The emulator associates EIPs with ports only (associate_instance_type PORT).');
  bindPublicIp(ctx, eip, requiredString(body, 'associate_instance_id', EIP_V3_INVALID), 'EIP.7905');
  return { body: { publicip: renderPublicIpV3(ctx, eip), request_id: req.requestId } };
}

function disassociateV3(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const eip = findPublicIp(ctx, project.id, req.params.publicip_id ?? '');
  if (!eip.portId) fail(409, 'EIP.7906', `Publicip ${eip.id} is not associated with any instance.`);
  unbindPublicIp(eip);
  return { body: { publicip: renderPublicIpV3(ctx, eip), request_id: req.requestId } };
}

const BANDWIDTH_NOT_FOUND = 'VPC.0501';

/** Dedicated (PER) bandwidths live with their EIP; the bandwidth API reads and resizes them there. */
function renderBandwidth(eips: PublicIpRecord[]): Record<string, unknown> {
  const first = eips[0]!;
  return {
    id: first.bandwidthId,
    name: first.bandwidthName,
    size: first.bandwidthSize,
    share_type: first.bandwidthShareType,
    publicip_info: eips.map((e) => ({
      publicip_id: e.id,
      publicip_address: e.publicIpAddress,
      publicip_type: e.type,
      ip_version: e.ipVersion,
    })),
    tenant_id: first.projectId,
    bandwidth_type: 'bgp',
    charge_mode: first.bandwidthChargeMode,
    billing_info: '',
    enterprise_project_id: first.enterpriseProjectId,
    status: 'NORMAL',
    created_at: first.createdAt.replace(' ', 'T'),
    updated_at: first.createdAt.replace(' ', 'T'),
  };
}

function bandwidthEips(ctx: EmulatorContext, projectId: string, bandwidthId: string): PublicIpRecord[] {
  const eips = collections
    .publicips(ctx)
    .filter((e) => e.projectId === projectId && e.bandwidthId === bandwidthId);
  if (eips.length === 0) fail(404, BANDWIDTH_NOT_FOUND, `Bandwidth ${bandwidthId} does not exist.`);
  return eips;
}

function updateBandwidth(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const eips = bandwidthEips(ctx, project.id, req.params.bandwidth_id ?? '');
  const body = readBody(req, EIP_INVALID, 'bandwidth');
  const size = optionalInteger(body, 'size', EIP_INVALID, { min: 1, max: 2000 });
  const name = optionalString(body, 'name', EIP_INVALID);
  if (size === undefined && name === undefined)
    fail(400, EIP_INVALID, 'Give the bandwidth a new size or name.');
  if (name !== undefined && (name.length === 0 || name.length > 64)) {
    fail(400, EIP_INVALID, 'name must be 1-64 characters.');
  }
  for (const eip of eips) {
    if (size !== undefined) eip.bandwidthSize = size;
    if (name !== undefined) eip.bandwidthName = name;
  }
  return { body: { bandwidth: renderBandwidth(eips) } };
}

export function registerEipRoutes(router: Router): void {
  router.add('GET', '/v1/:project_id/bandwidths', (req, ctx) => {
    const project = projectOf(req, ctx);
    const groups = new Map<string, PublicIpRecord[]>();
    for (const eip of collections.publicips(ctx).filter((e) => e.projectId === project.id)) {
      groups.set(eip.bandwidthId, [...(groups.get(eip.bandwidthId) ?? []), eip]);
    }
    const all = [...groups.entries()].map(([id, eips]) => ({ id, eips }));
    const limit = parseLimit(req.query.get('limit'), { default: 2000, max: 2000 }, { code: EIP_INVALID });
    const { page } = markerPage(all, req.query.get('marker'), limit, { code: EIP_INVALID });
    return { body: { bandwidths: page.map((entry) => renderBandwidth(entry.eips)) } };
  });
  router.add('GET', '/v1/:project_id/bandwidths/:bandwidth_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    return {
      body: { bandwidth: renderBandwidth(bandwidthEips(ctx, project.id, req.params.bandwidth_id ?? '')) },
    };
  });
  router.add('PUT', '/v1/:project_id/bandwidths/:bandwidth_id', updateBandwidth);
  router.add('GET', '/v1/:project_id/publicips', listPublicIps);
  router.add('POST', '/v1/:project_id/publicips', createFromBody);
  router.add('GET', '/v1/:project_id/publicips/:publicip_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    return {
      body: { publicip: renderPublicIp(ctx, findPublicIp(ctx, project.id, req.params.publicip_id ?? '')) },
    };
  });
  router.add('PUT', '/v1/:project_id/publicips/:publicip_id', updatePublicIp);
  router.add('DELETE', '/v1/:project_id/publicips/:publicip_id', (req, ctx) => {
    const project = projectOf(req, ctx);
    const eip = findPublicIp(ctx, project.id, req.params.publicip_id ?? '');
    if (eip.portId)
      fail(409, EIP_BOUND, `Publicip ${eip.id} is bound to port ${eip.portId}; unbind it first.`);
    collections.publicips(ctx).delete(eip.id);
    return { status: 204 };
  });
  router.add('POST', '/v3/:project_id/eip/publicips/:publicip_id/associate-instance', associateV3);
  router.add('POST', '/v3/:project_id/eip/publicips/:publicip_id/disassociate-instance', disassociateV3);
}
