import type { EmulatorContext, EmulatorRequest, Router, TaskRecord } from '../engine/index.js';
import { projectOf } from './auth.js';
import { bindPublicIp, createPublicIp, findPublicIp, unbindPublicIp } from './eips.js';
import { fail } from './errors.js';
import { regionAzs } from './flavors.js';
import { withClientToken } from './idempotency.js';
import { type SubJobStart, startJob, startSingleJob } from './jobs.js';
import { ecsPage, parseLimit } from './pagination.js';
import { createPort } from './ports.js';
import { securityGroupIdsFrom } from './security-groups.js';
import {
  account,
  collections,
  type ImageRecord,
  inEnterpriseProject,
  isoMicros,
  isoSeconds,
  type ProjectRecord,
  type ServerRecord,
  type VolumeRecord,
} from './state.js';
import { checkRequestedIp, findSubnet, freeIpCount } from './subnets.js';
import {
  isObject,
  type Json,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringMap,
  readBody,
  requiredString,
} from './validate.js';
import { newVolume, VOLUME_TYPES } from './volumes.js';

/**
 * ECS servers (reference §2.1): creation, deletion and power changes run as jobs with one sub-job
 * per server; resize and volume attach/detach as single jobs. Codes other than Ecs.0114 and
 * Ecs.0005 are [I] (see docs/emulator-huawei.md).
 */

const ECS_INVALID = 'Ecs.0005';
const SERVER_NOT_FOUND = 'Ecs.0114';
const SERVER_STATE = 'Ecs.0103';
const IMAGE_INVALID = 'Ecs.0023';
const FLAVOR_INVALID = 'Ecs.0021';
const NETWORK_INVALID = 'Ecs.0019';
const VOLUME_INVALID = 'Ecs.0601';
const SOLD_OUT = 'Ecs.0013';

const TASK = {
  create: 'huawei.server.create',
  delete: 'huawei.server.delete',
  start: 'huawei.server.start',
  stop: 'huawei.server.stop',
  reboot: 'huawei.server.reboot',
  resize: 'huawei.server.resize',
  attach: 'huawei.server.attachVolume',
  detach: 'huawei.server.detachVolume',
} as const;

const POWER = { nostate: 0, running: 1, shutdown: 4 } as const;

// ---------- rendering ----------

function serverVolumes(
  ctx: EmulatorContext,
  serverId: string,
): Array<{ volume: VolumeRecord; device: string; bootIndex: number | null; deleteOnTermination: boolean }> {
  const out: Array<{
    volume: VolumeRecord;
    device: string;
    bootIndex: number | null;
    deleteOnTermination: boolean;
  }> = [];
  for (const volume of collections.volumes(ctx).list()) {
    for (const attachment of volume.attachments) {
      if (attachment.serverId === serverId) {
        out.push({
          volume,
          device: attachment.device,
          bootIndex: attachment.bootIndex,
          deleteOnTermination: attachment.deleteOnTermination,
        });
      }
    }
  }
  return out.sort((a, b) => a.device.localeCompare(b.device));
}

export function renderServer(ctx: EmulatorContext, server: ServerRecord): Record<string, unknown> {
  const flavor = collections.flavors(ctx).get(server.flavorId);
  const image = collections.images(ctx).get(server.imageId);
  const ports = server.portIds.map((id) => collections.ports(ctx).get(id)).filter((p) => p !== undefined);
  const publicips = collections.publicips(ctx).list();
  const addresses: Array<Record<string, unknown>> = [];
  const interfaces: Array<Record<string, unknown>> = [];
  for (const port of ports) {
    addresses.push({
      version: '4',
      addr: port.ipAddress,
      'OS-EXT-IPS:type': 'fixed',
      'OS-EXT-IPS-MAC:mac_addr': port.macAddress,
      'OS-EXT-IPS:port_id': port.id,
      primary: port.primary,
    });
    const eip = publicips.find((e) => e.portId === port.id);
    if (eip) {
      addresses.push({
        version: '4',
        addr: eip.publicIpAddress,
        'OS-EXT-IPS:type': 'floating',
        'OS-EXT-IPS-MAC:mac_addr': port.macAddress,
        'OS-EXT-IPS:port_id': port.id,
        primary: port.primary,
      });
    }
    const subnet = collections.subnets(ctx).get(port.subnetId);
    interfaces.push({
      port_id: port.id,
      primary: port.primary,
      ip_addresses: [port.ipAddress],
      ipv6_addresses: [],
      subnet_id: subnet?.neutronSubnetId ?? '',
      association: eip ? { public_ip_address: eip.publicIpAddress } : null,
    });
  }
  const groups = server.securityGroupIds.map((id) => ({
    id,
    name: collections.securityGroups(ctx).get(id)?.name ?? '',
  }));
  const volumes = serverVolumes(ctx, server.id);
  return {
    id: server.id,
    name: server.name,
    description: server.description,
    status: server.status,
    created: server.createdAt,
    updated: server.updatedAt,
    auto_terminate_time: '',
    hostId: server.hostId,
    'OS-EXT-SRV-ATTR:host': server.hostId.slice(0, 16),
    addresses: ports.length > 0 ? { [server.vpcId]: addresses } : {},
    key_name: server.keyName,
    image: { id: server.imageId },
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:power_state': server.powerState,
    'OS-EXT-SRV-ATTR:instance_name': server.instanceName,
    'OS-EXT-SRV-ATTR:hypervisor_hostname': `nova${server.hostId.slice(0, 8)}`,
    flavor: {
      id: server.flavorId,
      name: server.flavorId,
      disk: '0',
      vcpus: String(flavor?.vcpus ?? 0),
      ram: String(flavor?.ramMb ?? 0),
      gpus: [],
      asic_accelerators: [],
    },
    security_groups: groups,
    'OS-EXT-AZ:availability_zone': server.az,
    user_id: account(ctx).userId,
    tenant_id: server.projectId,
    'OS-DCF:diskConfig': 'MANUAL',
    accessIPv4: '',
    accessIPv6: '',
    fault:
      server.status === 'ERROR' ? { code: 500, message: 'server error', created: server.updatedAt } : null,
    progress: server.status === 'ACTIVE' || server.status === 'SHUTOFF' ? 100 : 0,
    config_drive: '',
    metadata: {
      charging_mode: '0',
      vpc_id: server.vpcId,
      image_name: image?.name ?? '',
      os_type: image?.osType ?? 'Linux',
      os_bit: image?.osBit ?? '64',
      'metering.image_id': server.imageId,
      'metering.imagetype': image?.imageType ?? 'gold',
      'metering.resourcespeccode': `${server.flavorId}.${(image?.osType ?? 'linux').toLowerCase()}`,
      'metering.resourcetype': '1',
      ...server.metadata,
    },
    'OS-SRV-USG:launched_at': server.launchedAt ?? '',
    'OS-SRV-USG:terminated_at': '',
    'os-extended-volumes:volumes_attached': volumes.map((v) => ({
      id: v.volume.id,
      delete_on_termination: String(v.deleteOnTermination),
      bootIndex: v.bootIndex === null ? null : String(v.bootIndex),
      device: v.device,
    })),
    host_status: 'UP',
    'OS-EXT-SRV-ATTR:hostname': server.hostname,
    'OS-EXT-SRV-ATTR:reservation_id': server.reservationId,
    'OS-EXT-SRV-ATTR:launch_index': server.launchIndex,
    'OS-EXT-SRV-ATTR:kernel_id': '',
    'OS-EXT-SRV-ATTR:ramdisk_id': '',
    'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
    'OS-EXT-SRV-ATTR:user_data': server.userData,
    locked: false,
    tags: server.tags,
    'os:scheduler_hints': {},
    enterprise_project_id: server.enterpriseProjectId,
    sys_tags: [{ key: '_sys_enterprise_project_id', value: server.enterpriseProjectId }],
    cpu_options: {},
    hypervisor: { hypervisor_type: 'kvm', csd_hypervisor: '' },
    network_interfaces: interfaces,
  };
}

export function findServer(ctx: EmulatorContext, projectId: string, id: string): ServerRecord {
  const server = collections.servers(ctx).get(id);
  if (!server || server.projectId !== projectId)
    fail(404, SERVER_NOT_FOUND, `Instance[${id}] could not be found.`);
  return server;
}

// ---------- list ----------

function listServers(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const q = req.query;
  const name = q.get('name');
  const status = q.get('status');
  const flavor = q.get('flavor');
  const ip = q.get('ip');
  const ipEq = q.get('ip_eq');
  const reservationId = q.get('reservation_id');
  const enterpriseProjectId = q.get('enterprise_project_id');
  const commaList = (key: string) =>
    q
      .get(key)
      ?.split(',')
      .filter((s) => s !== '');
  const serverIds = commaList('server_id');
  const tags = commaList('tags');
  const notTags = commaList('not-tags');
  const ipsOf = (server: ServerRecord) =>
    server.portIds
      .map((id) => collections.ports(ctx).get(id)?.ipAddress)
      .filter((a): a is string => a !== undefined);
  const matching = collections
    .servers(ctx)
    .filter((s) => {
      if (s.projectId !== project.id) return false;
      if (name && !s.name.includes(name)) return false;
      if (status && s.status !== status) return false;
      if (flavor && s.flavorId !== flavor) return false;
      if (ip && !ipsOf(s).some((a) => a.includes(ip))) return false;
      if (ipEq && !ipsOf(s).includes(ipEq)) return false;
      if (reservationId && s.reservationId !== reservationId) return false;
      if (!inEnterpriseProject(s, enterpriseProjectId)) return false;
      if (serverIds && !serverIds.includes(s.id)) return false;
      if (tags && !tags.every((t) => s.tags.includes(t))) return false;
      if (notTags?.some((t) => s.tags.includes(t))) return false;
      return true;
    })
    // Newest first, as ECS lists them.
    .reverse();
  const limit = parseLimit(q.get('limit'), { default: 25, max: 1000 }, { code: ECS_INVALID });
  const page = ecsPage(matching, q, limit, { code: ECS_INVALID });
  return { body: { count: matching.length, servers: page.map((s) => renderServer(ctx, s)) } };
}

// ---------- create ----------

interface DataVolumeSpec {
  volumeType: string;
  size: number;
  multiattach: boolean;
}

interface CreateSpec {
  names: string[];
  image: ImageRecord;
  flavorId: string;
  soldOut: boolean;
  vpcId: string;
  nics: Array<{ subnetId: string; ipAddress?: string }>;
  rootVolume: { volumeType: string; size: number };
  dataVolumes: DataVolumeSpec[];
  securityGroupIds: string[];
  az: string;
  keyName: string | null;
  userData: string | null;
  metadata: Record<string, string>;
  tags: string[];
  description: string;
  enterpriseProjectId: string;
  publicip:
    | { id: string }
    | { type: string; size: number; shareType: 'PER' | 'WHOLE'; chargeMode: 'bandwidth' | 'traffic' }
    | undefined;
  deleteEipOnTermination: boolean;
  prePaid: boolean;
}

const NAME_PATTERN = /^[\p{L}\p{N}_.-]{1,64}$/u;

function parseCreate(ctx: EmulatorContext, project: ProjectRecord, server: Json): CreateSpec {
  const baseName = requiredString(server, 'name', ECS_INVALID);
  if (!NAME_PATTERN.test(baseName)) {
    fail(400, ECS_INVALID, "Invalid parameter: 'name' must be 1-64 letters, digits, '_', '-' or '.'.");
  }
  const imageRef = requiredString(server, 'imageRef', ECS_INVALID);
  const image = collections.images(ctx).get(imageRef);
  if (!image || (image.projectId && image.projectId !== project.id) || image.status !== 'active') {
    fail(400, IMAGE_INVALID, `Image ${imageRef} does not exist or is not active.`);
  }
  const flavorRef = requiredString(server, 'flavorRef', ECS_INVALID);
  const flavor = collections.flavors(ctx).get(flavorRef);
  if (!flavor) fail(400, FLAVOR_INVALID, `Flavor ${flavorRef} does not exist.`);
  if (image.minRam > flavor.ramMb) {
    fail(
      400,
      FLAVOR_INVALID,
      `Flavor ${flavorRef} has less memory than image ${image.id} needs (${image.minRam} MB).`,
    );
  }
  if (image.architecture !== flavor.architecture) {
    fail(
      400,
      FLAVOR_INVALID,
      `Image ${image.id} (${image.architecture}) does not run on flavor ${flavorRef} (${flavor.architecture}).`,
    );
  }
  const vpcId = requiredString(server, 'vpcid', ECS_INVALID);
  const vpc = collections.vpcs(ctx).get(vpcId);
  if (!vpc || vpc.projectId !== project.id) fail(400, NETWORK_INVALID, `VPC ${vpcId} does not exist.`);
  const rawNics = optionalArray(server, 'nics', ECS_INVALID);
  if (!rawNics || rawNics.length === 0 || rawNics.length > 12) {
    fail(400, ECS_INVALID, "Invalid parameter: 'nics' must list 1 to 12 NICs.");
  }
  const nics = rawNics.map((nic) => {
    if (!isObject(nic)) fail(400, ECS_INVALID, 'Each NIC must be an object with subnet_id.');
    const subnetId = requiredString(nic, 'subnet_id', ECS_INVALID);
    const subnet = collections.subnets(ctx).get(subnetId);
    if (!subnet || subnet.projectId !== project.id || subnet.vpcId !== vpc.id) {
      fail(400, NETWORK_INVALID, `Subnet ${subnetId} does not exist in VPC ${vpc.id}.`);
    }
    const ipAddress = optionalString(nic, 'ip_address', ECS_INVALID);
    return ipAddress ? { subnetId, ipAddress } : { subnetId };
  });
  const root = server.root_volume;
  if (!isObject(root)) fail(400, ECS_INVALID, "Invalid parameter: 'root_volume' is required.");
  const rootType = requiredString(root, 'volumetype', ECS_INVALID);
  if (!VOLUME_TYPES.has(rootType)) fail(400, VOLUME_INVALID, `Invalid root volume type ${rootType}.`);
  const rootSize = optionalInteger(root, 'size', ECS_INVALID, { min: 1, max: 1024 }) ?? image.minDisk;
  if (rootSize < image.minDisk) {
    fail(
      400,
      VOLUME_INVALID,
      `Root volume size ${rootSize} is smaller than the image's min_disk ${image.minDisk}.`,
    );
  }
  const dataVolumes = (optionalArray(server, 'data_volumes', ECS_INVALID) ?? []).map((raw) => {
    if (!isObject(raw)) fail(400, ECS_INVALID, 'Each data volume must be an object.');
    const volumeType = requiredString(raw, 'volumetype', ECS_INVALID);
    if (!VOLUME_TYPES.has(volumeType)) fail(400, VOLUME_INVALID, `Invalid data volume type ${volumeType}.`);
    const size = optionalInteger(raw, 'size', ECS_INVALID, { min: 10, max: 32768 });
    if (size === undefined) fail(400, ECS_INVALID, "Invalid parameter: data volume 'size' is required.");
    const multiattach = optionalBoolean(raw, 'multiattach', ECS_INVALID) ?? raw.shareable === true;
    return { volumeType, size, multiattach };
  });
  if (dataVolumes.length > 23) fail(400, ECS_INVALID, 'At most 23 data volumes can be attached at creation.');
  const azs = regionAzs(ctx, project);
  const az =
    optionalString(server, 'availability_zone', ECS_INVALID) ?? azs[ctx.random.int(azs.length)] ?? '';
  if (!azs.includes(az)) fail(400, 'Ecs.0022', `Availability zone ${az} does not exist.`);
  const count = optionalInteger(server, 'count', ECS_INVALID, { min: 1, max: 500 }) ?? 1;
  // Addresses are checked before anything is created, so a refusal never leaves half a batch behind.
  const needed = new Map<string, number>();
  for (const nic of nics) {
    const subnet = findSubnet(ctx, project.id, nic.subnetId);
    if (nic.ipAddress !== undefined) {
      if (count > 1) fail(400, ECS_INVALID, 'A fixed ip_address cannot be used with count > 1.');
      checkRequestedIp(ctx, subnet, nic.ipAddress);
    }
    needed.set(subnet.id, (needed.get(subnet.id) ?? 0) + count);
  }
  for (const [subnetId, wanted] of needed) {
    const subnet = findSubnet(ctx, project.id, subnetId);
    if (freeIpCount(ctx, subnet) < wanted)
      fail(409, 'Ecs.0039', `Subnet ${subnetId} has fewer than ${wanted} free IP addresses.`);
  }
  const autoRename = optionalBoolean(server, 'isAutoRename', ECS_INVALID) ?? true;
  const names = Array.from({ length: count }, (_, i) =>
    count > 1 && autoRename ? `${baseName}-${String(i + 1).padStart(4, '0')}` : baseName,
  );
  const userData = optionalString(server, 'user_data', ECS_INVALID) ?? null;
  if (userData !== null && !/^[A-Za-z0-9+/]*={0,2}$/.test(userData)) {
    fail(400, ECS_INVALID, "Invalid parameter: 'user_data' must be base64.");
  }
  const serverTags = optionalArray(server, 'server_tags', ECS_INVALID) ?? [];
  const tags = serverTags.map((tag) => {
    if (!isObject(tag) || typeof tag.key !== 'string' || tag.key === '')
      fail(400, ECS_INVALID, 'server_tags need a key.');
    return `${tag.key}=${typeof tag.value === 'string' ? tag.value : ''}`;
  });
  const extend = isObject(server.extendparam) ? server.extendparam : {};
  const chargingMode = extend.chargingMode;
  const prePaid = chargingMode === 'prePaid' || chargingMode === 1 || chargingMode === '1';
  let publicip: CreateSpec['publicip'];
  let deleteEipOnTermination = false;
  if (isObject(server.publicip)) {
    const pip = server.publicip;
    deleteEipOnTermination = optionalBoolean(pip, 'delete_on_termination', ECS_INVALID) ?? false;
    const pipId = optionalString(pip, 'id', ECS_INVALID);
    if (pipId) {
      if (count > 1) fail(400, ECS_INVALID, 'An existing publicip cannot be bound to more than one server.');
      const eip = findPublicIp(ctx, project.id, pipId);
      if (eip.portId) fail(409, 'Ecs.0036', `Publicip ${pipId} is already bound.`);
      publicip = { id: pipId };
    } else if (isObject(pip.eip)) {
      const eip = pip.eip;
      const type = requiredString(eip, 'iptype', ECS_INVALID);
      const bandwidth = isObject(eip.bandwidth) ? eip.bandwidth : undefined;
      if (!bandwidth) fail(400, ECS_INVALID, "Invalid parameter: 'publicip.eip.bandwidth' is required.");
      const shareType = requiredString(bandwidth, 'sharetype', ECS_INVALID);
      if (shareType !== 'PER' && shareType !== 'WHOLE')
        fail(400, ECS_INVALID, "Invalid parameter: 'sharetype'.");
      const size = optionalInteger(bandwidth, 'size', ECS_INVALID, { min: 1, max: 2000 }) ?? 1;
      const chargeMode = optionalString(bandwidth, 'chargemode', ECS_INVALID) ?? 'bandwidth';
      publicip = { type, size, shareType, chargeMode: chargeMode === 'traffic' ? 'traffic' : 'bandwidth' };
    } else {
      fail(400, ECS_INVALID, "Invalid parameter: 'publicip' needs an id or an eip.");
    }
  }
  return {
    names,
    image,
    flavorId: flavor.id,
    soldOut: flavor.operationStatus === 'sellout',
    vpcId: vpc.id,
    nics,
    rootVolume: { volumeType: rootType, size: rootSize },
    dataVolumes,
    securityGroupIds: securityGroupIdsFrom(
      ctx,
      project.id,
      optionalArray(server, 'security_groups', ECS_INVALID),
      ECS_INVALID,
    ),
    az,
    keyName: optionalString(server, 'key_name', ECS_INVALID) ?? null,
    userData,
    metadata: optionalStringMap(server, 'metadata', ECS_INVALID) ?? {},
    tags,
    description: optionalString(server, 'description', ECS_INVALID) ?? '',
    enterpriseProjectId:
      (isObject(server.extendparam) && typeof extend.enterprise_project_id === 'string'
        ? extend.enterprise_project_id
        : undefined) ?? '0',
    publicip,
    deleteEipOnTermination,
    prePaid,
  };
}

function hostnameFrom(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'ecs' : cleaned.slice(0, 63);
}

function attachAt(
  ctx: EmulatorContext,
  volume: VolumeRecord,
  serverId: string,
  device: string,
  bootIndex: number | null,
  deleteOnTermination: boolean,
): void {
  volume.attachments.push({
    attachmentId: ctx.random.uuid(),
    serverId,
    device,
    attachedAt: isoMicros(ctx.clock.now()),
    bootIndex,
    deleteOnTermination,
  });
}

function createServers(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  return withClientToken(
    req,
    ctx,
    { projectId: project.id, operation: 'createServers', invalidCode: ECS_INVALID, conflictCode: 'Ecs.0040' },
    () => {
      const root = readBody(req, ECS_INVALID);
      const body = root.server;
      if (!isObject(body)) fail(400, ECS_INVALID, 'request body is illegal.');
      const spec = parseCreate(ctx, project, body);
      if (root.dry_run === true) return { status: 202, body: {} };
      const now = ctx.clock.now();
      const reservationId = `r-${ctx.random.hex(8)}`;
      const subJobs: SubJobStart[] = [];
      const serverIds: string[] = [];
      spec.names.forEach((name, index) => {
        const id = ctx.random.uuid();
        const serverNumber = ctx.store.nextId('huawei.server');
        const portIds = spec.nics.map((nic, nicIndex) => {
          const subnet = findSubnet(ctx, project.id, nic.subnetId);
          return createPort(ctx, {
            projectId: project.id,
            subnet,
            serverId: id,
            az: spec.az,
            securityGroupIds: spec.securityGroupIds,
            ...(nic.ipAddress ? { ipAddress: nic.ipAddress } : {}),
            primary: nicIndex === 0,
          }).id;
        });
        const server: ServerRecord = {
          id,
          projectId: project.id,
          name,
          description: spec.description,
          hostname: hostnameFrom(name),
          status: 'BUILD',
          taskState: 'scheduling',
          vmState: 'building',
          powerState: POWER.nostate,
          flavorId: spec.flavorId,
          imageId: spec.image.id,
          az: spec.az,
          vpcId: spec.vpcId,
          keyName: spec.keyName,
          securityGroupIds: spec.securityGroupIds,
          portIds,
          metadata: spec.metadata,
          tags: spec.tags,
          userData: spec.userData,
          enterpriseProjectId: spec.enterpriseProjectId,
          reservationId,
          instanceName: `instance-${serverNumber.toString(16).padStart(8, '0')}`,
          hostId: ctx.random.hex(56),
          launchIndex: index,
          createdAt: isoSeconds(now),
          updatedAt: isoSeconds(now),
          launchedAt: null,
        };
        collections.servers(ctx).set(id, server);
        const createdVolumeIds: string[] = [];
        const rootVolume = newVolume(ctx, {
          projectId: project.id,
          name: `${name}-volume-0000`,
          size: spec.rootVolume.size,
          volumeType: spec.rootVolume.volumeType,
          az: spec.az,
          status: 'creating',
          bootable: true,
          imageId: spec.image.id,
        });
        attachAt(ctx, rootVolume, id, '/dev/vda', 0, true);
        createdVolumeIds.push(rootVolume.id);
        spec.dataVolumes.forEach((dv, i) => {
          const volume = newVolume(ctx, {
            projectId: project.id,
            name: `${name}-volume-${String(i + 1).padStart(4, '0')}`,
            size: dv.size,
            volumeType: dv.volumeType,
            az: spec.az,
            status: 'creating',
            bootable: false,
            multiattach: dv.multiattach,
          });
          attachAt(ctx, volume, id, `/dev/vd${String.fromCharCode(98 + i)}`, null, true);
          createdVolumeIds.push(volume.id);
        });
        let publicipId: string | undefined;
        let createdEip = false;
        if (spec.publicip && 'id' in spec.publicip) {
          publicipId = spec.publicip.id;
        } else if (spec.publicip) {
          publicipId = createPublicIp(ctx, {
            projectId: project.id,
            type: spec.publicip.type,
            bandwidthName: `bandwidth-${name}`,
            bandwidthSize: spec.publicip.size,
            shareType: spec.publicip.shareType,
            chargeMode: spec.publicip.chargeMode,
          }).id;
          createdEip = true;
        }
        serverIds.push(id);
        subJobs.push({
          kind: TASK.create,
          jobType: 'createSingleServer',
          entities: { server_id: id },
          data: {
            serverId: id,
            volumeIds: createdVolumeIds,
            publicipId: publicipId ?? null,
            createdEip,
            deleteEipOnTermination: spec.deleteEipOnTermination,
          },
          ...(spec.soldOut
            ? {
                fail: {
                  reason: `Insufficient resources for flavor ${spec.flavorId} in ${spec.az}: the flavor is sold out.`,
                  errorCode: SOLD_OUT,
                },
              }
            : {}),
        });
      });
      const job = startJob(ctx, { projectId: project.id, jobType: 'createServer', subJobs });
      return {
        body: {
          job_id: job.id,
          serverIds,
          ...(spec.prePaid ? { order_id: `CS${ctx.random.hex(16).toUpperCase()}` } : {}),
        },
      };
    },
  );
}

/** Undoes what a failed create left: the real cloud rolls the server and its resources back. */
function rollBackCreate(ctx: EmulatorContext, task: TaskRecord): void {
  const server = collections.servers(ctx).get(String(task.data.serverId));
  const volumeIds = Array.isArray(task.data.volumeIds) ? (task.data.volumeIds as string[]) : [];
  for (const volumeId of volumeIds) collections.volumes(ctx).delete(volumeId);
  const publicipId = typeof task.data.publicipId === 'string' ? task.data.publicipId : undefined;
  if (publicipId) {
    const eip = collections.publicips(ctx).get(publicipId);
    if (eip && task.data.createdEip === true) collections.publicips(ctx).delete(eip.id);
    else if (eip && server?.portIds.includes(eip.portId ?? '')) unbindPublicIp(eip);
  }
  if (server) {
    for (const portId of server.portIds) collections.ports(ctx).delete(portId);
    collections.servers(ctx).delete(server.id);
  }
}

function completeCreate(ctx: EmulatorContext, task: TaskRecord): void {
  const server = collections.servers(ctx).get(String(task.data.serverId));
  if (!server) throw new Error('the server was deleted while it was being created');
  const volumeIds = Array.isArray(task.data.volumeIds) ? (task.data.volumeIds as string[]) : [];
  const publicipId = typeof task.data.publicipId === 'string' ? task.data.publicipId : undefined;
  if (publicipId) {
    const eip = collections.publicips(ctx).get(publicipId);
    const primary = server.portIds[0];
    if (!eip || !primary) throw new Error(`publicip ${publicipId} no longer exists`);
    if (eip.portId && eip.portId !== primary)
      throw new Error(`publicip ${publicipId} was bound elsewhere meanwhile`);
    bindPublicIp(ctx, eip, primary);
    server.publicipDeleteOnTermination = task.data.deleteEipOnTermination === true;
  }
  for (const volumeId of volumeIds) collections.volumes(ctx).update(volumeId, { status: 'in-use' });
  for (const portId of server.portIds) collections.ports(ctx).update(portId, { status: 'ACTIVE' });
  const now = ctx.clock.now();
  Object.assign(server, {
    status: 'ACTIVE',
    taskState: null,
    vmState: 'active',
    powerState: POWER.running,
    launchedAt: isoMicros(now),
    updatedAt: isoSeconds(now),
  });
}

// ---------- delete ----------

function parseServerList(ctx: EmulatorContext, projectId: string, raw: unknown): ServerRecord[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 1000) {
    fail(400, ECS_INVALID, "Invalid parameter: 'servers' must list 1 to 1000 servers.");
  }
  const seen = new Set<string>();
  return raw.map((entry) => {
    if (!isObject(entry) || typeof entry.id !== 'string')
      fail(400, ECS_INVALID, 'Each server must be {"id": ...}.');
    if (seen.has(entry.id)) fail(400, ECS_INVALID, `Server ${entry.id} is listed twice.`);
    seen.add(entry.id);
    return findServer(ctx, projectId, entry.id);
  });
}

function requireIdle(server: ServerRecord, operation: string): void {
  if (server.taskState !== null || server.status === 'BUILD') {
    fail(
      409,
      SERVER_STATE,
      `Instance[${server.id}] is busy (${server.taskState ?? server.status}); cannot ${operation} now.`,
    );
  }
}

function deleteServers(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, ECS_INVALID);
  const servers = parseServerList(ctx, project.id, body.servers);
  const deletePublicip = optionalBoolean(body, 'delete_publicip', ECS_INVALID) ?? false;
  const deleteVolume = optionalBoolean(body, 'delete_volume', ECS_INVALID) ?? false;
  for (const server of servers) {
    if (server.status === 'BUILD') fail(409, SERVER_STATE, `Instance[${server.id}] is still being created.`);
    if (server.taskState === 'deleting')
      fail(409, SERVER_STATE, `Instance[${server.id}] is already being deleted.`);
  }
  const job = startJob(ctx, {
    projectId: project.id,
    jobType: 'deleteServer',
    subJobs: servers.map((server) => ({
      kind: TASK.delete,
      jobType: 'deleteSingleServer',
      entities: { server_id: server.id },
      data: { serverId: server.id, deletePublicip, deleteVolume },
    })),
  });
  for (const server of servers) server.taskState = 'deleting';
  return { body: { job_id: job.id } };
}

function completeDelete(ctx: EmulatorContext, task: TaskRecord): void {
  const server = collections.servers(ctx).get(String(task.data.serverId));
  if (!server) return;
  for (const portId of server.portIds) {
    const eip = collections.publicips(ctx).find((e) => e.portId === portId);
    if (eip) {
      if (task.data.deletePublicip === true || server.publicipDeleteOnTermination === true) {
        collections.publicips(ctx).delete(eip.id);
      } else unbindPublicIp(eip);
    }
    collections.ports(ctx).delete(portId);
  }
  for (const { volume, bootIndex, deleteOnTermination } of serverVolumes(ctx, server.id)) {
    // The system disk always goes with the server; data disks only when asked.
    if (bootIndex === 0 || (task.data.deleteVolume === true && deleteOnTermination)) {
      volume.attachments = volume.attachments.filter((a) => a.serverId !== server.id);
      if (volume.attachments.length === 0) collections.volumes(ctx).delete(volume.id);
    } else {
      volume.attachments = volume.attachments.filter((a) => a.serverId !== server.id);
      if (volume.attachments.length === 0) volume.status = 'available';
    }
  }
  collections.servers(ctx).delete(server.id);
}

// ---------- power actions ----------

type PowerAction = 'start' | 'stop' | 'reboot';

function serverAction(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, ECS_INVALID);
  const keys = ['os-start', 'os-stop', 'reboot'].filter((k) => k in body);
  if (keys.length !== 1)
    fail(400, ECS_INVALID, 'request body must contain exactly one of os-start, os-stop, reboot.');
  const key = keys[0]!;
  const action: PowerAction = key === 'os-start' ? 'start' : key === 'os-stop' ? 'stop' : 'reboot';
  const inner = body[key];
  if (!isObject(inner)) fail(400, ECS_INVALID, `'${key}' must be an object.`);
  const servers = parseServerList(ctx, project.id, inner.servers);
  let type = 'SOFT';
  if (action !== 'start') {
    const raw = optionalString(inner, 'type', ECS_INVALID);
    if (action === 'reboot' && raw === undefined)
      fail(400, ECS_INVALID, "Invalid parameter: 'reboot.type' is required.");
    type = raw ?? 'SOFT';
    if (type !== 'SOFT' && type !== 'HARD')
      fail(400, ECS_INVALID, "Invalid parameter: 'type' must be SOFT or HARD.");
  }
  for (const server of servers) {
    requireIdle(server, action);
    if (server.status === 'ERROR') fail(409, SERVER_STATE, `Instance[${server.id}] is in ERROR state.`);
    if (action === 'reboot' && server.status !== 'ACTIVE') {
      fail(
        409,
        SERVER_STATE,
        `Instance[${server.id}] is ${server.status}; only a running server can be rebooted.`,
      );
    }
  }
  const job = startJob(ctx, {
    projectId: project.id,
    jobType: `${action}Server`,
    subJobs: servers.map((server) => ({
      kind: TASK[action],
      jobType: `${action}SingleServer`,
      entities: { server_id: server.id },
      data: { serverId: server.id, type, previousStatus: server.status },
    })),
  });
  const now = isoSeconds(ctx.clock.now());
  for (const server of servers) {
    // Starting a running server or stopping a stopped one is a no-op job, as on the console.
    if (action === 'start' && server.status === 'SHUTOFF') server.taskState = 'powering-on';
    if (action === 'stop' && server.status === 'ACTIVE') server.taskState = 'powering-off';
    if (action === 'reboot') {
      server.status = type === 'HARD' ? 'HARD_REBOOT' : 'REBOOT';
      server.taskState = type === 'HARD' ? 'rebooting_hard' : 'rebooting';
    }
    server.updatedAt = now;
  }
  return { body: { job_id: job.id } };
}

function settle(ctx: EmulatorContext, task: TaskRecord, running: boolean | undefined): void {
  const server = collections.servers(ctx).get(String(task.data.serverId));
  if (!server) throw new Error('the server was deleted during the operation');
  const now = ctx.clock.now();
  const on = running ?? String(task.data.previousStatus) === 'ACTIVE';
  Object.assign(server, {
    status: on ? 'ACTIVE' : 'SHUTOFF',
    vmState: on ? 'active' : 'stopped',
    powerState: on ? POWER.running : POWER.shutdown,
    taskState: null,
    updatedAt: isoSeconds(now),
  });
}

// ---------- resize ----------

function resizeServer(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const server = findServer(ctx, project.id, req.params.server_id ?? '');
  const body = readBody(req, ECS_INVALID, 'resize');
  const flavorRef = requiredString(body, 'flavorRef', ECS_INVALID);
  const flavor = collections.flavors(ctx).get(flavorRef);
  if (!flavor) fail(400, FLAVOR_INVALID, `Flavor ${flavorRef} does not exist.`);
  if (flavor.id === server.flavorId)
    fail(400, FLAVOR_INVALID, `Instance[${server.id}] already has flavor ${flavorRef}.`);
  const image = collections.images(ctx).get(server.imageId);
  if (image && image.architecture !== flavor.architecture) {
    fail(
      400,
      FLAVOR_INVALID,
      `Flavor ${flavorRef} (${flavor.architecture}) does not fit the server's image (${image.architecture}).`,
    );
  }
  requireIdle(server, 'resize');
  if (server.status !== 'ACTIVE' && server.status !== 'SHUTOFF') {
    fail(
      409,
      SERVER_STATE,
      `Instance[${server.id}] is ${server.status}; it must be ACTIVE or SHUTOFF to be resized.`,
    );
  }
  const job = startSingleJob(ctx, project.id, {
    kind: TASK.resize,
    jobType: 'resizeServer',
    entities: { server_id: server.id },
    data: { serverId: server.id, flavorId: flavor.id, previousStatus: server.status },
    ...(flavor.operationStatus === 'sellout'
      ? {
          fail: {
            reason: `Insufficient resources for flavor ${flavor.id}: the flavor is sold out.`,
            errorCode: SOLD_OUT,
          },
        }
      : {}),
  });
  server.status = 'RESIZE';
  server.taskState = 'resize_prep';
  server.updatedAt = isoSeconds(ctx.clock.now());
  const extend = isObject(body.extendparam) ? body.extendparam : undefined;
  return {
    body: {
      job_id: job.id,
      ...(extend?.isAutoPay !== undefined ? { order_id: `CS${ctx.random.hex(16).toUpperCase()}` } : {}),
    },
  };
}

// ---------- update ----------

function updateServer(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const server = findServer(ctx, project.id, req.params.server_id ?? '');
  const body = readBody(req, ECS_INVALID, 'server');
  const name = optionalString(body, 'name', ECS_INVALID);
  if (name !== undefined) {
    if (!NAME_PATTERN.test(name))
      fail(400, ECS_INVALID, "Invalid parameter: 'name' must be 1-64 letters, digits, '_', '-' or '.'.");
    server.name = name;
  }
  const description = optionalString(body, 'description', ECS_INVALID);
  if (description !== undefined) {
    if (description.length > 85)
      fail(400, ECS_INVALID, "Invalid parameter: 'description' must be at most 85 characters.");
    server.description = description;
  }
  const hostname = optionalString(body, 'hostname', ECS_INVALID);
  if (hostname !== undefined) {
    if (!/^[a-z0-9][a-z0-9.-]{0,63}$/i.test(hostname))
      fail(400, ECS_INVALID, "Invalid parameter: 'hostname'.");
    server.hostname = hostname;
  }
  const userData = optionalString(body, 'user_data', ECS_INVALID);
  if (userData !== undefined) server.userData = userData;
  server.updatedAt = isoSeconds(ctx.clock.now());
  return { body: { server: renderServer(ctx, server) } };
}

// ---------- volumes ----------

function nextDevice(ctx: EmulatorContext, serverId: string): string {
  const used = new Set(serverVolumes(ctx, serverId).map((v) => v.device));
  for (let c = 98; c <= 122; c++) {
    const device = `/dev/vd${String.fromCharCode(c)}`;
    if (!used.has(device)) return device;
  }
  fail(409, VOLUME_INVALID, `Instance[${serverId}] has no free device name.`);
}

function attachVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const server = findServer(ctx, project.id, req.params.server_id ?? '');
  const root = readBody(req, ECS_INVALID);
  const body = root.volumeAttachment;
  if (!isObject(body)) fail(400, ECS_INVALID, "Invalid request body: 'volumeAttachment' is required.");
  const volumeId = requiredString(body, 'volumeId', ECS_INVALID);
  const volume = collections.volumes(ctx).get(volumeId);
  if (!volume || volume.projectId !== project.id)
    fail(404, VOLUME_INVALID, `Volume ${volumeId} could not be found.`);
  requireIdle(server, 'attach a volume');
  if (server.status !== 'ACTIVE' && server.status !== 'SHUTOFF') {
    fail(
      409,
      SERVER_STATE,
      `Instance[${server.id}] is ${server.status}; volumes attach to ACTIVE or SHUTOFF servers.`,
    );
  }
  if (volume.attachments.some((a) => a.serverId === server.id)) {
    fail(409, VOLUME_INVALID, `Volume ${volume.id} is already attached to Instance[${server.id}].`);
  }
  const shareableInUse = volume.multiattach && volume.status === 'in-use';
  if (volume.status !== 'available' && !shareableInUse) {
    fail(
      409,
      VOLUME_INVALID,
      `Volume ${volume.id} is ${volume.status}; it must be available to be attached.`,
    );
  }
  if (volume.az !== server.az) {
    fail(400, VOLUME_INVALID, `Volume ${volume.id} is in ${volume.az} but the server is in ${server.az}.`);
  }
  const requested = optionalString(body, 'device', ECS_INVALID);
  if (requested !== undefined) {
    if (!/^\/dev\/(vd|sd|xvd)[a-z]$/.test(requested)) fail(400, ECS_INVALID, `Invalid device ${requested}.`);
    if (serverVolumes(ctx, server.id).some((v) => v.device === requested)) {
      fail(409, VOLUME_INVALID, `Device ${requested} is already in use on Instance[${server.id}].`);
    }
  }
  if (root.dry_run === true) return { status: 202, body: {} };
  const device = requested ?? nextDevice(ctx, server.id);
  const job = startSingleJob(ctx, project.id, {
    kind: TASK.attach,
    jobType: 'attachVolume',
    entities: { server_id: server.id, volume_id: volume.id },
    data: { serverId: server.id, volumeId: volume.id, device, previousStatus: volume.status },
  });
  volume.status = 'attaching';
  return { body: { job_id: job.id } };
}

function detachVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const server = findServer(ctx, project.id, req.params.server_id ?? '');
  const volumeId = req.params.volume_id ?? '';
  const deleteFlag = req.query.get('delete_flag') ?? '0';
  if (deleteFlag !== '0' && deleteFlag !== '1') fail(400, ECS_INVALID, 'delete_flag must be 0 or 1.');
  const volume = collections.volumes(ctx).get(volumeId);
  const attachment = volume?.attachments.find((a) => a.serverId === server.id);
  if (!volume || volume.projectId !== project.id || !attachment) {
    fail(404, VOLUME_INVALID, `Volume ${volumeId} is not attached to Instance[${server.id}].`);
  }
  if (deleteFlag === '0') requireIdle(server, 'detach a volume');
  if (attachment.bootIndex === 0 && server.status !== 'SHUTOFF') {
    fail(
      409,
      SERVER_STATE,
      `The system disk of Instance[${server.id}] can be detached only when the server is SHUTOFF.`,
    );
  }
  if (volume.status === 'detaching' || volume.status === 'attaching') {
    fail(409, VOLUME_INVALID, `Volume ${volume.id} is ${volume.status}.`);
  }
  const job = startSingleJob(ctx, project.id, {
    kind: TASK.detach,
    jobType: 'detachVolume',
    entities: { server_id: server.id, volume_id: volume.id },
    data: { serverId: server.id, volumeId: volume.id, previousStatus: volume.status },
  });
  volume.status = 'detaching';
  return { body: { job_id: job.id } };
}

function listAttachments(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const server = findServer(ctx, project.id, req.params.server_id ?? '');
  return {
    body: {
      volumeAttachments: serverVolumes(ctx, server.id).map((v) => ({
        device: v.device,
        id: v.volume.id,
        serverId: server.id,
        volumeId: v.volume.id,
        bootIndex: v.bootIndex === null ? null : String(v.bootIndex),
        pciAddress: '',
      })),
    },
  };
}

// ---------- registration ----------

function defineTasks(ctx: EmulatorContext): void {
  ctx.tasks.define(TASK.create, {
    onSuccess: (task, c) => completeCreate(c, task),
    onFailure: (task, c) => rollBackCreate(c, task),
  });
  ctx.tasks.define(TASK.delete, {
    onSuccess: (task, c) => completeDelete(c, task),
    onFailure(task, c) {
      const server = collections.servers(c).get(String(task.data.serverId));
      if (server) server.taskState = null;
    },
  });
  ctx.tasks.define(TASK.start, {
    onSuccess: (task, c) => settle(c, task, true),
    onFailure: (task, c) => settle(c, task, undefined),
  });
  ctx.tasks.define(TASK.stop, {
    onSuccess: (task, c) => settle(c, task, false),
    onFailure: (task, c) => settle(c, task, undefined),
  });
  ctx.tasks.define(TASK.reboot, {
    onSuccess: (task, c) => settle(c, task, true),
    onFailure: (task, c) => settle(c, task, undefined),
  });
  ctx.tasks.define(TASK.resize, {
    onSuccess(task, c) {
      const server = collections.servers(c).get(String(task.data.serverId));
      if (!server) throw new Error('the server was deleted while it was being resized');
      server.flavorId = String(task.data.flavorId);
      settle(c, task, undefined);
    },
    onFailure: (task, c) => {
      if (collections.servers(c).has(String(task.data.serverId))) settle(c, task, undefined);
    },
  });
  ctx.tasks.define(TASK.attach, {
    onSuccess(task, c) {
      const volume = collections.volumes(c).get(String(task.data.volumeId));
      const server = collections.servers(c).get(String(task.data.serverId));
      if (!volume || !server) throw new Error('the server or the volume was deleted during the attach');
      attachAt(c, volume, server.id, String(task.data.device), null, false);
      volume.status = 'in-use';
    },
    onFailure(task, c) {
      collections.volumes(c).update(String(task.data.volumeId), { status: String(task.data.previousStatus) });
    },
  });
  ctx.tasks.define(TASK.detach, {
    onSuccess(task, c) {
      const volume = collections.volumes(c).get(String(task.data.volumeId));
      if (!volume) return;
      volume.attachments = volume.attachments.filter((a) => a.serverId !== String(task.data.serverId));
      volume.status = volume.attachments.length > 0 ? 'in-use' : 'available';
    },
    onFailure(task, c) {
      collections.volumes(c).update(String(task.data.volumeId), { status: String(task.data.previousStatus) });
    },
  });
}

export function registerServerRoutes(router: Router, ctx: EmulatorContext): void {
  defineTasks(ctx);
  router.add('GET', '/v1/:project_id/cloudservers/detail', listServers);
  router.add('POST', '/v1/:project_id/cloudservers', createServers);
  router.add('POST', '/v1.1/:project_id/cloudservers', createServers);
  router.add('POST', '/v1/:project_id/cloudservers/delete', deleteServers);
  router.add('POST', '/v1/:project_id/cloudservers/action', serverAction);
  router.add('GET', '/v1/:project_id/cloudservers/:server_id', (req, c) => {
    const project = projectOf(req, c);
    return { body: { server: renderServer(c, findServer(c, project.id, req.params.server_id ?? '')) } };
  });
  router.add('PUT', '/v1/:project_id/cloudservers/:server_id', updateServer);
  router.add('POST', '/v1.1/:project_id/cloudservers/:server_id/resize', resizeServer);
  router.add('POST', '/v1/:project_id/cloudservers/:server_id/resize', resizeServer);
  router.add('POST', '/v1/:project_id/cloudservers/:server_id/attachvolume', attachVolume);
  router.add('DELETE', '/v1/:project_id/cloudservers/:server_id/detachvolume/:volume_id', detachVolume);
  router.add('GET', '/v1/:project_id/cloudservers/:server_id/os-volume_attachments', listAttachments);
}
