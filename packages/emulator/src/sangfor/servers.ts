/** Servers ("云主机", reference §9 "Servers"): list/count/get, create, update, delete, power, volumes. */
import type { EmulatorContext, EmulatorRequest, Router, TaskRecord } from '../engine/index.js';
import { callerProject } from './auth.js';
import { capacityShortfall, mustGet, nextFreeIp, ratio } from './inventory.js';
import {
  type Db,
  db,
  type ServerDiskRecord,
  type ServerNicRecord,
  type ServerRecord,
  type ServerStatus,
  type VolumeRecord,
} from './model.js';
import { addRoute, type SangforRuntime } from './runtime.js';
import { SEED } from './seed.js';
import { restorePreviousStatus, startCheckedTask, startTask } from './tasks.js';
import {
  invalid,
  ok,
  optionalFlag,
  optionalInt,
  optionalText,
  optionalUuid,
  paginate,
  queryFilter,
  queryFlag,
  queryIdList,
  requireInt,
  requireName,
  requireObject,
  requireUuid,
  ScpError,
  scpTime,
} from './wire.js';

const GIB = 1024;
const MAX_DISKS = 12;
/** States in which a VM is busy with a task and takes no other. */
const BUSY: ReadonlySet<ServerStatus> = new Set([
  'creating',
  'starting',
  'stopping',
  'rebooting',
  'suspending',
  'resuming',
  'updating',
  'deleting',
]);
const BUSY_MESSAGE = '云主机正在执行其他任务，请稍后再试';

// ---------------------------------------------------------------------------------------------------------------
// Wire shape.

function renderServer(t: Db, s: ServerRecord, now: number) {
  const az = t.azs.get(s.az_id);
  const host = t.hosts.get(s.host_id);
  const project = t.projects.get(s.project_id);
  const image = t.images.get(s.image_id);
  const eip = s.floatingip_id === '' ? undefined : t.eips.get(s.floatingip_id);
  const on = s.power_state === 'on';
  const mhzPerCore = host === undefined ? 2400 : Math.round(host.cpu.total_mhz / host.cpu.core_count);
  const totalMhz = s.cores * mhzPerCore;
  const usedMhz = on ? Math.round(totalMhz * 0.12) : 0;
  const usedMemory = on ? Math.round(s.memory_mb * 0.35) : 0;
  const storageMb = s.disks.reduce((sum, d) => sum + d.size_mb, 0);
  const usedStorage = Math.round(storageMb * 0.2);
  const since = Math.max(0, Math.floor((now - s.power_changed_at) / 1000));
  const networks = s.networks.map((nic) => {
    const vpc = t.vpcs.get(nic.vpc_id);
    const subnet = t.subnets.get(nic.subnet_id);
    return {
      vif_id: nic.vif_id,
      name: nic.vif_id,
      port_id: nic.port_id,
      model: nic.model,
      connect: nic.connect,
      ip_address: nic.ip_address,
      ipv6_address: '',
      mac_address: nic.mac_address,
      vpc_id: nic.vpc_id,
      vpc_name: vpc?.name ?? '',
      subnet_id: nic.subnet_id,
      subnet_name: subnet?.name ?? '',
    };
  });
  return {
    id: s.id,
    vm_id: s.id,
    name: s.name,
    description: s.description,
    status: s.status,
    power_state: s.power_state,
    is_stopped: on ? 0 : 1,
    vmtype: 'vm',
    type: az?.type ?? 'hci',
    project_id: s.project_id,
    project_name: project?.name ?? '',
    tenant_id: s.project_id,
    user_id: project?.user_id ?? '',
    user_name: project?.user_name ?? '',
    group_id: '',
    group_name: '',
    group_name_path: '',
    az_id: s.az_id,
    az_name: az?.name ?? '',
    host_id: s.host_id,
    host_name: host?.name ?? '',
    dh_id: '',
    dh_name: '',
    location: { id: 'cluster', name: t.clusters.get(az?.cluster_id ?? '')?.name ?? '' },
    os_name: image?.os_name ?? '',
    os_type: image?.os_type ?? 'l2664',
    os_installed: image?.disk_format === 'ISO' ? 0 : 1,
    os_option: {
      arch: image?.arch ?? 'x86_64',
      kernel_name: image?.os_type?.startsWith('w') ? 'windows' : 'linux',
      distribution_name: image?.os_name ?? '',
    },
    image_id: s.image_id,
    image_name: image?.name ?? '',
    template_id: '',
    cores: s.cores,
    sockets: s.sockets,
    cores_per_socket: Math.max(1, Math.floor(s.cores / s.sockets)),
    memory_mb: s.memory_mb,
    mhz: totalMhz,
    storage_mb: storageMb,
    cpu_status: { total_mhz: totalMhz, used_mhz: usedMhz, ratio: ratio(usedMhz, totalMhz) },
    memory_status: { total_mb: s.memory_mb, used_mb: usedMemory, ratio: ratio(usedMemory, s.memory_mb) },
    storage_status: { total_mb: storageMb, used_mb: usedStorage, ratio: ratio(usedStorage, storageMb) },
    network_status: { read_speed_bitps: on ? 8192 : 0, write_speed_bitps: on ? 4096 : 0 },
    io_status: {
      read_speed_byteps: on ? 40960 : 0,
      write_speed_byteps: on ? 20480 : 0,
      read_iops: on ? 12 : 0,
      write_iops: on ? 6 : 0,
    },
    has_gpu: 0,
    gpu_status: { graphics_count: 0, graphics_mem_total: 0, graphics_mem_used: 0, graphics_ratio: 0 },
    disks: s.disks.map((d) => {
      const storage = t.storages.get(d.storage_id);
      return {
        id: d.id,
        type: d.type,
        size_mb: d.size_mb,
        preallocate: d.preallocate,
        storage_id: d.storage_id,
        storage_name: storage?.name ?? '',
        storage_tag_id: storage?.storage_tag_id ?? '',
        volume_id: d.volume_id ?? '',
        is_boot: d.id === 'ide0' ? 1 : 0,
      };
    }),
    networks,
    ips: networks.map((n) => n.ip_address).filter((ip) => ip !== ''),
    floatingip:
      eip === undefined
        ? {}
        : {
            floatingip_id: eip.id,
            floating_ip_address: eip.ip,
            bandwidth: eip.bandwidth_mb,
            line_type: t.floatingIpPools.get(eip.pool_id)?.line_type ?? 'BGP',
            bind_status: eip.status === 'active' ? 1 : 0,
          },
    protection_enable: 0,
    protection_id: '',
    protection_name: '',
    protection_type: '',
    in_protection: 0,
    backup_policy_enable: 0,
    backup_file_count: 0,
    instant_vm: 0,
    encrypted: 0,
    vtool_installed: on ? 1 : 0,
    uptime: on ? since : 0,
    shutdown_duration: on ? 0 : since,
    expire_time: 'unlimited',
    tags: [],
    alarm: { alarm: 0 },
    warning: { warning: 0 },
    created_at: scpTime(s.created_at),
  };
}

type RenderedServer = ReturnType<typeof renderServer>;

function listFilter(req: EmulatorRequest): (s: RenderedServer) => boolean {
  const q = req.query;
  const eq: Array<[keyof RenderedServer, string | undefined]> = [
    ['az_id', queryFilter(q, 'az_id')],
    ['status', queryFilter(q, 'status')],
    ['power_state', queryFilter(q, 'power_state')],
    ['host_id', queryFilter(q, 'host_id')],
    ['project_id', queryFilter(q, 'project_id') ?? queryFilter(q, 'tenant_id')],
    ['user_id', queryFilter(q, 'user_id')],
    ['image_id', queryFilter(q, 'image_id')],
    ['os_type', queryFilter(q, 'os_type')],
    ['type', queryFilter(q, 'type')],
    ['vmtype', queryFilter(q, 'vmtype')],
    ['group_id', queryFilter(q, 'group_id')],
  ];
  const vpcId = queryFilter(q, 'vpc_id');
  const subnetId = queryFilter(q, 'subnet_id');
  const storageId = queryFilter(q, 'storage_id');
  const floatingipId = queryFilter(q, 'floatingip_id');
  const floatingAddress = queryFilter(q, 'floating_ip_address');
  const name = queryFilter(q, 'name');
  const keywords = queryFilter(q, 'keywords');
  const hasGpu = queryFlag(q, 'has_gpu');
  const inProtection = queryFlag(q, 'in_protection');
  const ids = [...(queryIdList(q, 'ids') ?? []), ...(queryIdList(q, 'vm_ids') ?? [])];
  const storageIds = queryIdList(q, 'storage_ids');
  return (s) => {
    for (const [field, want] of eq) if (want !== undefined && s[field] !== want) return false;
    if (vpcId !== undefined && !s.networks.some((n) => n.vpc_id === vpcId)) return false;
    if (subnetId !== undefined && !s.networks.some((n) => n.subnet_id === subnetId)) return false;
    if (storageId !== undefined && !s.disks.some((d) => d.storage_id === storageId)) return false;
    if (storageIds !== undefined && !s.disks.some((d) => storageIds.includes(d.storage_id))) return false;
    const fip = s.floatingip as { floatingip_id?: string; floating_ip_address?: string };
    if (floatingipId !== undefined && fip.floatingip_id !== floatingipId) return false;
    if (floatingAddress !== undefined && fip.floating_ip_address !== floatingAddress) return false;
    if (name !== undefined && !s.name.includes(name)) return false;
    if (keywords !== undefined && !(s.name.includes(keywords) || s.ips.some((ip) => ip.includes(keywords)))) {
      return false;
    }
    if (hasGpu !== undefined && s.has_gpu !== hasGpu) return false;
    if (inProtection !== undefined && s.in_protection !== inProtection) return false;
    if (ids.length > 0 && !ids.includes(s.id)) return false;
    return true;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Create.

interface DiskSpec {
  id: string;
  type: 'derive_disk' | 'new_disk';
  size_mb: number;
  preallocate: 0 | 1;
}

interface NicSpec {
  vif_id: string;
  vpc_id: string;
  subnet_id: string;
  model: string;
  connect: 0 | 1;
}

function parseDisks(value: unknown): DiskSpec[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_DISKS)
    throw invalid('disks', `值必须是不超过${MAX_DISKS}项的数组`);
  return value.map((raw, i) => {
    const disk = requireObject(raw, `disks[${i}]`);
    const type = disk['type'] ?? (i === 0 ? 'derive_disk' : 'new_disk');
    if (type !== 'derive_disk' && type !== 'new_disk')
      throw invalid(`disks[${i}].type`, '值必须是derive_disk或new_disk');
    const id = disk['id'] ?? `ide${i}`;
    if (typeof id !== 'string' || !/^(ide|scsi|sata|virtio)\d+$/.test(id)) {
      throw invalid(`disks[${i}].id`, '值必须是磁盘位置，如ide0');
    }
    return {
      id,
      type,
      size_mb: requireInt(disk['size_mb'], `disks[${i}].size_mb`, 1, 64 * 1024 * GIB),
      preallocate: optionalFlag(disk['preallocate'], `disks[${i}].preallocate`) ?? 0,
    };
  });
}

function parseNetworks(value: unknown): NicSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 8) throw invalid('networks', '值必须是不超过8项的数组');
  return value.map((raw, i) => {
    const nic = requireObject(raw, `networks[${i}]`);
    const vifId = nic['vif_id'] ?? `net${i}`;
    if (typeof vifId !== 'string' || vifId === '') throw invalid(`networks[${i}].vif_id`, '值不能为空');
    const model = nic['model'] ?? 'virtio';
    if (typeof model !== 'string' || !['virtio', 'e1000', 'rtl8139'].includes(model)) {
      throw invalid(`networks[${i}].model`, '值必须是virtio、e1000或rtl8139');
    }
    return {
      vif_id: vifId,
      vpc_id: requireUuid(nic['vpc_id'], `networks[${i}].vpc_id`),
      subnet_id: requireUuid(nic['subnet_id'], `networks[${i}].subnet_id`),
      model,
      connect: optionalFlag(nic['connect'], `networks[${i}].connect`) ?? 1,
    };
  });
}

function mac(ctx: EmulatorContext): string {
  const hex = ctx.random.hex(6);
  return `fe:fc:fe:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function createServers(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const body = requireObject(req.json());
  const name = requireName(body['name'], 'name', 100);
  const description = optionalText(body['description'], 'description', 100) ?? '';
  const azId = requireUuid(body['az_id'], 'az_id');
  const az = mustGet(t.azs, azId, '资源池');
  const imageId = requireUuid(body['image_id'], 'image_id');
  const cores = requireInt(body['cores'], 'cores', 1, 128);
  const sockets = optionalInt(body['sockets'], 'sockets', 1, 8) ?? 1;
  if (cores % sockets !== 0) throw invalid('cores', '值必须是sockets的整数倍');
  const memoryMb = requireInt(body['memory_mb'], 'memory_mb', 128, 1024 * GIB);
  const count = optionalInt(body['count'], 'count', 1, 1000) ?? 1;
  const storageTagId = optionalUuid(body['storage_tag_id'], 'storage_tag_id') ?? SEED.storageTags.default;
  const powerOn = optionalFlag(body['power_on'], 'power_on') ?? 1;
  const disks = parseDisks(body['disks']);
  const nics = parseNetworks(body['networks']);
  if (body['location'] !== undefined) requireObject(body['location'], 'location');
  const projectId = optionalUuid(body['project_id'], 'project_id') ?? callerProject(req);
  mustGet(t.projects, projectId, '租户');

  // Everything below is what SCP finds out while running the task: the task gets an id, then fails.
  let failure: string | undefined;
  const image = t.images.get(imageId);
  if (image === undefined) failure = '镜像不存在或已被删除';
  else if (image.status !== 'active') failure = `镜像${image.name}状态异常，无法创建云主机`;
  else if (image.az_id !== az.id) failure = `镜像${image.name}不在资源池${az.name}中`;
  const storage = t.storages.find((s) => s.az_id === az.id && s.storage_tag_id === storageTagId);
  if (failure === undefined && storage === undefined) failure = '资源池中没有该存储标签的存储';
  const diskSpecs: DiskSpec[] = disks ?? [
    {
      id: 'ide0',
      type: image?.disk_format === 'ISO' ? 'new_disk' : 'derive_disk',
      size_mb: image?.disk_size_mb ?? 40 * GIB,
      preallocate: 0,
    },
  ];
  if (
    failure === undefined &&
    image?.disk_format === 'ISO' &&
    diskSpecs.some((d) => d.type === 'derive_disk')
  ) {
    failure = 'ISO镜像只能使用new_disk类型的磁盘';
  }
  for (const nic of nics) {
    if (failure !== undefined) break;
    const vpc = t.vpcs.get(nic.vpc_id);
    const subnet = t.subnets.get(nic.subnet_id);
    if (vpc === undefined || vpc.status === 'deleting') failure = 'VPC不存在';
    else if (subnet === undefined || subnet.status === 'deleting') failure = '子网不存在';
    else if (subnet.vpc_id !== vpc.id) failure = `子网${subnet.name}不属于VPC ${vpc.name}`;
    else if (vpc.az_id !== az.id) failure = `VPC ${vpc.name}不在资源池${az.name}中`;
  }
  const storageMb = diskSpecs.reduce((sum, d) => sum + d.size_mb, 0);
  if (failure === undefined) {
    failure = capacityShortfall(t, az, {
      vcpus: cores * count,
      memory_mb: memoryMb * count,
      storage_mb: storageMb * count,
    });
  }
  const hosts = t.hosts.filter((h) => h.az_id === az.id && h.status === 'running');
  if (failure === undefined && hosts.length === 0) failure = `资源池${az.name}没有可用的主机`;

  const now = ctx.clock.now();
  const uuids: string[] = [];
  const reserved = new Set<string>();
  for (let i = 0; i < count; i++) {
    const id = ctx.random.uuid();
    uuids.push(id);
    const networks: ServerNicRecord[] = [];
    for (const nic of nics) {
      const subnet = t.subnets.get(nic.subnet_id);
      const ip = failure === undefined && subnet !== undefined ? nextFreeIp(t, subnet, reserved) : undefined;
      if (failure === undefined && ip === undefined) failure = `子网${subnet?.name ?? ''}的IP地址不足`;
      if (ip !== undefined) reserved.add(ip);
      networks.push({
        vif_id: nic.vif_id,
        port_id: ctx.random.uuid(),
        vpc_id: nic.vpc_id,
        subnet_id: nic.subnet_id,
        ip_address: ip ?? '',
        mac_address: mac(ctx),
        model: nic.model,
        connect: nic.connect,
      });
    }
    // The least loaded running host, as the scheduler would place it.
    const host = [...hosts].sort(
      (a, b) =>
        t.servers.filter((s) => s.host_id === a.id).length -
        t.servers.filter((s) => s.host_id === b.id).length,
    )[0];
    t.servers.set(id, {
      id,
      name: count > 1 ? `${name}-${i + 1}` : name,
      description,
      status: 'creating',
      power_state: 'off',
      az_id: az.id,
      host_id: host?.id ?? '',
      project_id: projectId,
      image_id: imageId,
      storage_tag_id: storageTagId,
      cores,
      sockets,
      memory_mb: memoryMb,
      disks: diskSpecs.map(
        (d): ServerDiskRecord => ({
          id: d.id,
          type: d.type,
          size_mb: d.size_mb,
          storage_id: storage?.id ?? '',
          preallocate: d.preallocate,
        }),
      ),
      networks,
      floatingip_id: '',
      power_changed_at: now,
      created_at: now,
    });
  }
  const task = startTask(ctx, 'sangfor.server.create', {
    action: 'create_server',
    object_type: 'server',
    object_id: uuids[0]!,
    object_name: name,
    uuids,
    power_on: powerOn,
    fail: failure,
  });
  return ok({ task_id: task.id, uuids });
}

// ---------------------------------------------------------------------------------------------------------------
// Power, update, delete.

type PowerOp = 'start' | 'stop' | 'reboot' | 'suspend' | 'restore';

const TRANSITION: Record<PowerOp, ServerStatus> = {
  start: 'starting',
  stop: 'stopping',
  reboot: 'rebooting',
  suspend: 'suspending',
  restore: 'resuming',
};

const ACTION_NAME: Record<PowerOp, string> = {
  start: 'start_server',
  stop: 'stop_server',
  reboot: 'reboot_server',
  suspend: 'suspend_server',
  restore: 'restore_server',
};

function lockServer(server: ServerRecord): void {
  if (BUSY.has(server.status)) throw new ScpError(409, BUSY_MESSAGE);
}

/** Starts a power task on one VM; an impossible move fails in the task, a pointless one succeeds without change. */
function powerTask(ctx: EmulatorContext, server: ServerRecord, op: PowerOp, force: 0 | 1): TaskRecord {
  lockServer(server);
  let failure: string | undefined;
  let noop = false;
  switch (op) {
    case 'start':
      noop = server.status === 'running';
      break;
    case 'stop':
      noop = server.status === 'stopped';
      break;
    case 'reboot':
      if (server.status !== 'running') failure = '云主机未开机，无法重启';
      break;
    case 'suspend':
      if (server.status === 'suspended') noop = true;
      else if (server.status !== 'running') failure = '云主机未开机，无法挂起';
      break;
    case 'restore':
      if (server.status === 'running') noop = true;
      else if (server.status !== 'suspended') failure = '云主机未处于挂起状态，无法恢复';
      break;
  }
  if (server.status === 'error' && op !== 'stop') failure = '云主机状态异常，请先关机';
  const previous = server.status;
  if (failure === undefined && !noop) server.status = TRANSITION[op];
  return startTask(ctx, 'sangfor.server.power', {
    action: ACTION_NAME[op],
    object_type: 'server',
    object_id: server.id,
    object_name: server.name,
    op,
    force,
    noop: noop || failure !== undefined,
    previous_status: previous,
    fail: failure,
  });
}

function parseForce(req: EmulatorRequest): 0 | 1 {
  if (req.body.length === 0) return 0;
  const body = requireObject(req.json());
  return optionalFlag(body['force'], 'force') ?? 0;
}

function updateServer(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const server = mustGet(t.servers, req.params['id']!, '云主机');
  const body = requireObject(req.json());
  const patch: Record<string, unknown> = {};
  if (body['name'] !== undefined) patch['name'] = requireName(body['name'], 'name', 100);
  if (body['description'] !== undefined && body['description'] !== null) {
    patch['description'] = optionalText(body['description'], 'description', 100);
  }
  if (body['cores'] !== undefined) patch['cores'] = requireInt(body['cores'], 'cores', 1, 128);
  if (body['sockets'] !== undefined) patch['sockets'] = requireInt(body['sockets'], 'sockets', 1, 8);
  if (body['memory_mb'] !== undefined)
    patch['memory_mb'] = requireInt(body['memory_mb'], 'memory_mb', 128, 1024 * GIB);
  if (Object.keys(patch).length === 0) throw invalid('body', '没有要修改的内容');
  const cores = (patch['cores'] as number | undefined) ?? server.cores;
  const sockets = (patch['sockets'] as number | undefined) ?? server.sockets;
  if (cores % sockets !== 0) throw invalid('cores', '值必须是sockets的整数倍');
  lockServer(server);
  let failure: string | undefined;
  const resizing =
    (patch['cores'] !== undefined && patch['cores'] !== server.cores) ||
    (patch['memory_mb'] !== undefined && patch['memory_mb'] !== server.memory_mb) ||
    (patch['sockets'] !== undefined && patch['sockets'] !== server.sockets);
  if (resizing && server.power_state === 'on') failure = '请先关闭云主机再修改CPU或内存配置';
  const az = t.azs.get(server.az_id);
  if (failure === undefined && resizing && az !== undefined) {
    failure = capacityShortfall(t, az, {
      vcpus: Math.max(0, cores - server.cores),
      memory_mb: Math.max(
        0,
        ((patch['memory_mb'] as number | undefined) ?? server.memory_mb) - server.memory_mb,
      ),
      storage_mb: 0,
    });
  }
  const previous = server.status;
  if (failure === undefined) server.status = 'updating';
  const task = startCheckedTask(
    ctx,
    'sangfor.server.update',
    {
      action: 'update_server',
      object_type: 'server',
      object_id: server.id,
      object_name: server.name,
      patch,
      previous_status: previous,
    },
    failure,
  );
  return ok({ task_id: task.id });
}

function deleteServer(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const server = mustGet(t.servers, req.params['id']!, '云主机');
  let force: 0 | 1 = 0;
  if (req.body.length > 0) force = optionalFlag(requireObject(req.json())['force'], 'force') ?? 0;
  const deleteDisk = queryFlag(req.query, 'delete_disk') ?? 0;
  lockServer(server);
  const previous = server.status;
  server.status = 'deleting';
  const task = startTask(ctx, 'sangfor.server.delete', {
    action: 'delete_server',
    object_type: 'server',
    object_id: server.id,
    object_name: server.name,
    force,
    delete_disk: deleteDisk,
    previous_status: previous,
  });
  return ok({ task_id: task.id });
}

// ---------------------------------------------------------------------------------------------------------------
// Volumes on a VM (S1's `POST /servers/{id}/action`, the only path any source shows).

function attachVolumeTask(
  ctx: EmulatorContext,
  server: ServerRecord,
  volume: VolumeRecord,
  deviceId?: string,
) {
  const t = db(ctx);
  let failure: string | undefined;
  if (volume.status === 'in-use' && volume.server_id === server.id) failure = '磁盘已挂载到该云主机';
  else if (volume.server_id !== '' && volume.server_id !== server.id) failure = '磁盘已挂载到其他云主机';
  else if (volume.status !== 'available') failure = '磁盘正在执行其他任务，请稍后再试';
  else if (volume.az_id !== server.az_id) failure = '磁盘与云主机不在同一资源池';
  else if (server.status === 'creating' || server.status === 'deleting')
    failure = '云主机当前状态不允许挂载磁盘';
  else if (server.disks.length >= MAX_DISKS) failure = `云主机最多挂载${MAX_DISKS}块磁盘`;
  const slot = deviceId ?? nextSlot(t, server);
  if (
    failure === undefined &&
    (server.disks.some((d) => d.id === slot) ||
      t.volumes.find((v) => v.server_id === server.id && v.device_id === slot) !== undefined)
  ) {
    failure = `磁盘位置${slot}已被占用`;
  }
  if (failure === undefined) {
    volume.status = 'attaching';
    volume.server_id = server.id;
    volume.device_id = slot;
  }
  return startCheckedTask(
    ctx,
    'sangfor.server.attach_volume',
    {
      action: 'attach_volume',
      object_type: 'server',
      object_id: server.id,
      object_name: server.name,
      volume_id: volume.id,
      device_id: slot,
    },
    failure,
  );
}

function nextSlot(t: Db, server: ServerRecord): string {
  const used = new Set(server.disks.map((d) => d.id));
  for (const v of t.volumes.filter((v) => v.server_id === server.id)) used.add(v.device_id);
  for (let i = 1; ; i++) if (!used.has(`ide${i}`)) return `ide${i}`;
}

function detachVolumeTask(ctx: EmulatorContext, server: ServerRecord, volume: VolumeRecord) {
  let failure: string | undefined;
  if (volume.server_id !== server.id) failure = '磁盘未挂载到该云主机';
  else if (volume.status !== 'in-use') failure = '磁盘正在执行其他任务，请稍后再试';
  else if (server.status === 'deleting') failure = '云主机正在删除';
  if (failure === undefined) volume.status = 'detaching';
  return startCheckedTask(
    ctx,
    'sangfor.server.detach_volume',
    {
      action: 'detach_volume',
      object_type: 'server',
      object_id: server.id,
      object_name: server.name,
      volume_id: volume.id,
    },
    failure,
  );
}

/** S1's single-VM action body: `{"action": "power_on" | ... | "attach_volume", "volume_id"?, "device_id"?}`. */
function serverAction(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const server = mustGet(t.servers, req.params['id']!, '云主机');
  const body = requireObject(req.json());
  const action = body['action'];
  const power: Record<string, [PowerOp, 0 | 1]> = {
    power_on: ['start', 0],
    start: ['start', 0],
    power_off: ['stop', 0],
    stop: ['stop', 0],
    force_power_off: ['stop', 1],
    reboot: ['reboot', 0],
    force_reboot: ['reboot', 1],
    suspend: ['suspend', 0],
    resume: ['restore', 0],
    restore: ['restore', 0],
  };
  if (typeof action === 'string' && power[action] !== undefined) {
    const [op, force] = power[action];
    return ok({ task_id: powerTask(ctx, server, op, force).id });
  }
  if (action === 'attach_volume' || action === 'detach_volume') {
    const volume = mustGet(t.volumes, requireUuid(body['volume_id'], 'volume_id'), '磁盘');
    if (action === 'detach_volume') return ok({ task_id: detachVolumeTask(ctx, server, volume).id });
    const deviceId = body['device_id'];
    if (
      deviceId !== undefined &&
      (typeof deviceId !== 'string' || !/^(ide|scsi|sata|virtio)\d+$/.test(deviceId))
    ) {
      throw invalid('device_id', '值必须是磁盘位置，如ide1');
    }
    return ok({ task_id: attachVolumeTask(ctx, server, volume, deviceId).id });
  }
  throw invalid('action', '不支持的操作');
}

/** S9's batch body: `{"server_ids": [...], "server_action": {"start_servers_action": ""}}`. */
function batchAction(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const body = requireObject(req.json());
  const ids = body['server_ids'];
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) {
    throw invalid('server_ids', '值必须是1到100项的数组');
  }
  const action = requireObject(body['server_action'], 'server_action');
  const keys = Object.keys(action);
  const ops: Record<string, [PowerOp, 0 | 1]> = {
    start_servers_action: ['start', 0],
    stop_servers_action: ['stop', 0],
    poweroff_servers_action: ['stop', 1],
    reboot_servers_action: ['reboot', 0],
    suspend_servers_action: ['suspend', 0],
  };
  if (keys.length !== 1 || ops[keys[0]!] === undefined) throw invalid('server_action', '不支持的操作');
  const [op, force] = ops[keys[0]!]!;
  const servers = ids.map((id, i) => mustGet(t.servers, requireUuid(id, `server_ids[${i}]`), '云主机'));
  for (const server of servers) lockServer(server);
  for (const server of servers) powerTask(ctx, server, op, force);
  return ok({});
}

// ---------------------------------------------------------------------------------------------------------------
// Task completions.

function defineServerTasks(ctx: EmulatorContext): void {
  const t = () => db(ctx);
  ctx.tasks.define('sangfor.server.create', {
    onSuccess(task) {
      const uuids = task.data['uuids'] as string[];
      const on = task.data['power_on'] === 1;
      for (const id of uuids) {
        const server = t().servers.get(id);
        if (server === undefined) continue;
        server.status = on ? 'running' : 'stopped';
        server.power_state = on ? 'on' : 'off';
        server.power_changed_at = task.finishedAt ?? ctx.clock.now();
      }
    },
    onFailure(task) {
      // The VMs never came to be: drop the placeholders (their addresses free up with them).
      for (const id of task.data['uuids'] as string[]) t().servers.delete(id);
    },
  });
  ctx.tasks.define('sangfor.server.power', {
    onSuccess(task) {
      if (task.data['noop'] === true) return;
      const server = t().servers.get(task.data['object_id'] as string);
      if (server === undefined) throw new Error('云主机不存在');
      const at = task.finishedAt ?? ctx.clock.now();
      switch (task.data['op'] as PowerOp) {
        case 'start':
        case 'restore':
        case 'reboot':
          server.status = 'running';
          server.power_state = 'on';
          server.power_changed_at = at;
          break;
        case 'stop':
          server.status = 'stopped';
          server.power_state = 'off';
          server.power_changed_at = at;
          break;
        case 'suspend':
          server.status = 'suspended';
          break;
      }
    },
    onFailure(task) {
      if (task.data['noop'] === true) return;
      const server = t().servers.get(task.data['object_id'] as string);
      if (server !== undefined) server.status = task.data['previous_status'] as ServerStatus;
    },
  });
  ctx.tasks.define('sangfor.server.update', {
    onSuccess(task) {
      const server = t().servers.get(task.data['object_id'] as string);
      if (server === undefined) throw new Error('云主机不存在');
      Object.assign(server, task.data['patch'] as Record<string, unknown>);
      server.status = task.data['previous_status'] as ServerStatus;
    },
    onFailure(task) {
      restorePreviousStatus(task, t().servers);
    },
  });
  ctx.tasks.define('sangfor.server.delete', {
    onSuccess(task) {
      const tables = t();
      const id = task.data['object_id'] as string;
      for (const eip of tables.eips.filter((e) => e.server_id === id)) {
        eip.server_id = '';
        eip.port_id = '';
        eip.status = 'inactive';
      }
      const dropDisks = task.data['delete_disk'] === 1;
      for (const volume of tables.volumes.filter((v) => v.server_id === id)) {
        if (dropDisks) {
          tables.volumes.delete(volume.id);
        } else {
          volume.server_id = '';
          volume.device_id = '';
          volume.status = 'available';
        }
      }
      tables.servers.delete(id);
    },
    onFailure(task) {
      const server = t().servers.get(task.data['object_id'] as string);
      if (server !== undefined) server.status = task.data['previous_status'] as ServerStatus;
    },
  });
  ctx.tasks.define('sangfor.server.attach_volume', {
    onSuccess(task) {
      const tables = t();
      const volume = tables.volumes.get(task.data['volume_id'] as string);
      const server = tables.servers.get(task.data['object_id'] as string);
      if (volume === undefined) throw new Error('磁盘不存在');
      if (server === undefined) throw new Error('云主机不存在');
      volume.status = 'in-use';
      server.disks.push({
        id: task.data['device_id'] as string,
        type: 'volume',
        size_mb: volume.size_mb,
        storage_id: volume.storage_id,
        preallocate: volume.preallocate,
        volume_id: volume.id,
      });
    },
    onFailure(task) {
      if (task.data['applied'] !== true) return;
      const volume = t().volumes.get(task.data['volume_id'] as string);
      if (volume !== undefined && volume.status === 'attaching') {
        volume.status = 'available';
        volume.server_id = '';
        volume.device_id = '';
      }
    },
  });
  ctx.tasks.define('sangfor.server.detach_volume', {
    onSuccess(task) {
      const tables = t();
      const volume = tables.volumes.get(task.data['volume_id'] as string);
      if (volume === undefined) throw new Error('磁盘不存在');
      const server = tables.servers.get(task.data['object_id'] as string);
      if (server !== undefined) server.disks = server.disks.filter((d) => d.volume_id !== volume.id);
      volume.status = 'available';
      volume.server_id = '';
      volume.device_id = '';
    },
    onFailure(task) {
      if (task.data['applied'] !== true) return;
      const volume = t().volumes.get(task.data['volume_id'] as string);
      if (volume !== undefined && volume.status === 'detaching') volume.status = 'in-use';
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Routes.

export function registerServerRoutes(router: Router, rt: SangforRuntime, ctx: EmulatorContext): void {
  defineServerTasks(ctx);
  const base = '/janus/:version/servers';
  addRoute(router, rt, 'GET', base, (req, c) => {
    const t = db(c);
    const now = c.clock.now();
    const keep = listFilter(req);
    const items = t.servers
      .list()
      .map((s) => renderServer(t, s, now))
      .filter(keep);
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'POST', base, (req, c) => createServers(req, c));
  addRoute(router, rt, 'POST', `${base}/action`, (req, c) => batchAction(req, c));
  addRoute(router, rt, 'GET', `${base}/:id`, (req, c) => {
    const t = db(c);
    return ok(renderServer(t, mustGet(t.servers, req.params['id']!, '云主机'), c.clock.now()));
  });
  addRoute(router, rt, 'PUT', `${base}/:id`, (req, c) => updateServer(req, c));
  addRoute(router, rt, 'DELETE', `${base}/:id`, (req, c) => deleteServer(req, c));
  for (const op of ['start', 'stop', 'reboot', 'suspend', 'restore'] as const) {
    addRoute(router, rt, 'POST', `${base}/:id/${op}`, (req, c) => {
      const server = mustGet(db(c).servers, req.params['id']!, '云主机');
      const force = parseForce(req);
      return ok({ task_id: powerTask(c, server, op, force).id });
    });
  }
  addRoute(router, rt, 'POST', `${base}/:id/action`, (req, c) => serverAction(req, c));
}
