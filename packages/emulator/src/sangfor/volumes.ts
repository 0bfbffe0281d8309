/** Volumes ("磁盘", reference §9 "Images and volumes"; bodies from S1, [U]). Attach/detach live in servers.ts. */
import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { callerProject } from './auth.js';
import { capacityShortfall, mustGet } from './inventory.js';
import { type Db, db, type VolumeRecord, type VolumeStatus } from './model.js';
import { addRoute, type SangforRuntime } from './runtime.js';
import { SEED } from './seed.js';
import { restorePreviousStatus, startCheckedTask, startTask } from './tasks.js';
import {
  invalid,
  ok,
  optionalFlag,
  optionalText,
  optionalUuid,
  paginate,
  queryMatcher,
  requireInt,
  requireName,
  requireObject,
  requireUuid,
  ScpError,
  scpTime,
} from './wire.js';

const MAX_VOLUME_MB = 16 * 1024 * 1024;

function renderVolume(t: Db, v: VolumeRecord) {
  const storage = t.storages.get(v.storage_id);
  const server = v.server_id === '' ? undefined : t.servers.get(v.server_id);
  return {
    id: v.id,
    name: v.name,
    description: v.description,
    status: v.status,
    size_mb: v.size_mb,
    type: 'new_disk',
    preallocate: v.preallocate,
    az_id: v.az_id,
    az_name: t.azs.get(v.az_id)?.name ?? '',
    storage_tag_id: v.storage_tag_id,
    storage_id: v.storage_id,
    storage_name: storage?.name ?? '',
    project_id: v.project_id,
    server_id: v.status === 'attaching' ? '' : v.server_id,
    server_name: v.status === 'attaching' ? '' : (server?.name ?? ''),
    device_id: v.status === 'attaching' ? '' : v.device_id,
    created_at: scpTime(v.created_at),
  };
}

function createVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const body = requireObject(req.json());
  const az = mustGet(t.azs, requireUuid(body['az_id'], 'az_id'), '资源池');
  const storageTagId = optionalUuid(body['storage_tag_id'], 'storage_tag_id') ?? SEED.storageTags.default;
  const sizeMb = requireInt(body['size_mb'], 'size_mb', 1024, MAX_VOLUME_MB);
  const name = requireName(body['name'], 'name', 64);
  const description = optionalText(body['description'], 'description', 100) ?? '';
  const preallocate = optionalFlag(body['preallocate'], 'preallocate') ?? 0;
  const storage = t.storages.find((s) => s.az_id === az.id && s.storage_tag_id === storageTagId);
  let failure: string | undefined;
  if (storage === undefined) failure = '资源池中没有该存储标签的存储';
  else failure = capacityShortfall(t, az, { vcpus: 0, memory_mb: 0, storage_mb: sizeMb });
  const id = ctx.random.uuid();
  t.volumes.set(id, {
    id,
    name,
    description,
    status: 'creating',
    size_mb: sizeMb,
    az_id: az.id,
    storage_tag_id: storageTagId,
    storage_id: storage?.id ?? '',
    project_id: callerProject(req),
    preallocate,
    server_id: '',
    device_id: '',
    created_at: ctx.clock.now(),
  });
  const task = startTask(ctx, 'sangfor.volume.create', {
    action: 'create_volume',
    object_type: 'volume',
    object_id: id,
    object_name: name,
    fail: failure,
  });
  return ok({ volume_id: id, id, task_id: task.id });
}

/** `PUT /volumes/{id}`: name/description apply at once, a new `size_mb` (grow only) through a task. */
function updateVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const volume = mustGet(t.volumes, req.params['id']!, '磁盘');
  const body = requireObject(req.json());
  const name = body['name'] === undefined ? undefined : requireName(body['name'], 'name', 64);
  const description = optionalText(body['description'], 'description', 100);
  const sizeMb =
    body['size_mb'] === undefined ? undefined : requireInt(body['size_mb'], 'size_mb', 1024, MAX_VOLUME_MB);
  if (name === undefined && description === undefined && sizeMb === undefined)
    throw invalid('body', '没有要修改的内容');
  if (sizeMb !== undefined && sizeMb <= volume.size_mb)
    throw invalid('size_mb', '磁盘只能扩容，新容量必须大于当前容量');
  if (sizeMb !== undefined && !['available', 'in-use'].includes(volume.status)) {
    throw new ScpError(409, '磁盘正在执行其他任务，请稍后再试');
  }
  if (name !== undefined) volume.name = name;
  if (description !== undefined) volume.description = description;
  if (sizeMb === undefined) return ok({ id: volume.id });
  const az = t.azs.get(volume.az_id);
  const failure =
    az === undefined
      ? undefined
      : capacityShortfall(t, az, { vcpus: 0, memory_mb: 0, storage_mb: sizeMb - volume.size_mb });
  const previous = volume.status;
  if (failure === undefined) volume.status = 'resizing';
  const task = startCheckedTask(
    ctx,
    'sangfor.volume.resize',
    {
      action: 'resize_volume',
      object_type: 'volume',
      object_id: volume.id,
      object_name: volume.name,
      size_mb: sizeMb,
      previous_status: previous,
    },
    failure,
  );
  return ok({ task_id: task.id });
}

function deleteVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const t = db(ctx);
  const volume = mustGet(t.volumes, req.params['id']!, '磁盘');
  let failure: string | undefined;
  if (volume.server_id !== '') failure = '磁盘已挂载到云主机，请先卸载';
  else if (volume.status !== 'available') failure = '磁盘正在执行其他任务，请稍后再试';
  const previous = volume.status;
  if (failure === undefined) volume.status = 'deleting';
  const task = startCheckedTask(
    ctx,
    'sangfor.volume.delete',
    {
      action: 'delete_volume',
      object_type: 'volume',
      object_id: volume.id,
      object_name: volume.name,
      previous_status: previous,
    },
    failure,
  );
  return ok({ task_id: task.id });
}

function defineVolumeTasks(ctx: EmulatorContext): void {
  const volumes = () => db(ctx).volumes;
  ctx.tasks.define('sangfor.volume.create', {
    onSuccess(task) {
      const volume = volumes().get(task.data['object_id'] as string);
      if (volume === undefined) throw new Error('磁盘不存在');
      volume.status = 'available';
    },
    onFailure(task) {
      volumes().delete(task.data['object_id'] as string);
    },
  });
  ctx.tasks.define('sangfor.volume.resize', {
    onSuccess(task) {
      const tables = db(ctx);
      const volume = tables.volumes.get(task.data['object_id'] as string);
      if (volume === undefined) throw new Error('磁盘不存在');
      volume.size_mb = task.data['size_mb'] as number;
      volume.status = task.data['previous_status'] as VolumeStatus;
      if (volume.server_id !== '') {
        const disk = tables.servers.get(volume.server_id)?.disks.find((d) => d.volume_id === volume.id);
        if (disk !== undefined) disk.size_mb = volume.size_mb;
      }
    },
    onFailure(task) {
      restorePreviousStatus(task, volumes());
    },
  });
  ctx.tasks.define('sangfor.volume.delete', {
    onSuccess(task) {
      volumes().delete(task.data['object_id'] as string);
    },
    onFailure(task) {
      restorePreviousStatus(task, volumes());
    },
  });
}

export function registerVolumeRoutes(router: Router, rt: SangforRuntime, ctx: EmulatorContext): void {
  defineVolumeTasks(ctx);
  const base = '/janus/:version/volumes';
  addRoute(router, rt, 'GET', base, (req, c) => {
    const t = db(c);
    // A real SCP rejects this filter (S1 fix commit); a VM's disks are in its `disks` field.
    if (req.query.has('server_id')) throw invalid('server_id', '不支持的过滤条件');
    const items = t.volumes
      .filter(
        queryMatcher(req.query, {
          az_id: 'equal',
          status: 'equal',
          name: 'contains',
          // Every volume made here is a data disk (`type: 'new_disk'` when rendered).
          type: (wanted) => wanted === 'new_disk',
          storage_tag_id: 'equal',
        }),
      )
      .map((v) => renderVolume(t, v));
    return ok(paginate(req.query, items, rt.options));
  });
  addRoute(router, rt, 'POST', base, (req, c) => createVolume(req, c));
  addRoute(router, rt, 'GET', `${base}/:id`, (req, c) => {
    const t = db(c);
    return ok(renderVolume(t, mustGet(t.volumes, req.params['id']!, '磁盘')));
  });
  addRoute(router, rt, 'PUT', `${base}/:id`, (req, c) => updateVolume(req, c));
  addRoute(router, rt, 'DELETE', `${base}/:id`, (req, c) => deleteVolume(req, c));
}
