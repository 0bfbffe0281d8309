import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { regionAzs } from './flavors.js';
import { withClientToken } from './idempotency.js';
import { type SubJobStart, startJob, startSingleJob } from './jobs.js';
import { evsPage, parseLimit } from './pagination.js';
import {
  collections,
  inEnterpriseProject,
  isoMicros,
  type VolumeAttachmentRecord,
  type VolumeRecord,
} from './state.js';
import {
  isObject,
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringMap,
  readBody,
  requiredInteger,
  requiredString,
} from './validate.js';

/**
 * EVS (reference §2.3): create v2.1 and resize through jobs, offset = record offset, marker = last id.
 * Error codes are [I]; statuses follow the EVS docs (creating, available, in-use, attaching,
 * detaching, extending, deleting, error).
 */

export const EVS_INVALID = 'EVS.2001';
const EVS_NOT_FOUND = 'EVS.2011';
const EVS_STATE = 'EVS.2003';
export const VOLUME_TYPES = new Set(['SATA', 'SAS', 'SSD', 'GPSSD', 'ESSD', 'GPSSD2', 'ESSD2']);

export const VOLUME_CREATE_TASK = 'huawei.volume.create';
const VOLUME_EXTEND_TASK = 'huawei.volume.extend';
const VOLUME_DELETE_TASK = 'huawei.volume.delete';

export function newVolume(
  ctx: EmulatorContext,
  init: Pick<VolumeRecord, 'projectId' | 'name' | 'size' | 'volumeType' | 'az' | 'status' | 'bootable'> &
    Partial<
      Pick<
        VolumeRecord,
        'description' | 'multiattach' | 'imageId' | 'metadata' | 'tags' | 'enterpriseProjectId'
      >
    >,
): VolumeRecord {
  const id = ctx.random.uuid();
  const now = isoMicros(ctx.clock.now());
  return collections.volumes(ctx).set(id, {
    id,
    description: '',
    multiattach: false,
    imageId: null,
    metadata: {},
    tags: {},
    enterpriseProjectId: '0',
    ...init,
    attachments: [],
    createdAt: now,
    updatedAt: now,
    wwn: `688860300${ctx.random.hex(23)}`,
  });
}

export function renderVolume(ctx: EmulatorContext, volume: VolumeRecord): Record<string, unknown> {
  const image = volume.imageId ? collections.images(ctx).get(volume.imageId) : undefined;
  return {
    id: volume.id,
    name: volume.name,
    status: volume.status,
    size: volume.size,
    volume_type: volume.volumeType,
    availability_zone: volume.az,
    bootable: String(volume.bootable),
    shareable: String(volume.multiattach),
    multiattach: volume.multiattach,
    encrypted: false,
    description: volume.description,
    created_at: volume.createdAt,
    updated_at: volume.updatedAt,
    metadata: volume.metadata,
    volume_image_metadata: image
      ? { image_id: image.id, image_name: image.name, __os_type: image.osType }
      : {},
    tags: volume.tags,
    attachments: volume.attachments.map((a) => renderAttachment(volume, a)),
    links: [{ href: `${ctx.endpoint}/v2/${volume.projectId}/cloudvolumes/${volume.id}`, rel: 'self' }],
    service_type: 'EVS',
    wwn: volume.wwn,
    enterprise_project_id: volume.enterpriseProjectId,
    serial_number: volume.id.slice(0, 20),
    snapshot_id: null,
    source_volid: null,
    replication_status: 'disabled',
    consistencygroup_id: null,
    user_id: collections.account(ctx).get('account')?.userId ?? '',
    'os-vol-tenant-attr:tenant_id': volume.projectId,
    'os-vol-host-attr:host': `pod01.${volume.az}#SATA`,
    'os-volume-replication:extended_status': null,
    'os-vol-mig-status-attr:migstat': null,
    'os-vol-mig-status-attr:name_id': null,
  };
}

function renderAttachment(volume: VolumeRecord, attachment: VolumeAttachmentRecord): Record<string, unknown> {
  return {
    attached_at: attachment.attachedAt,
    attachment_id: attachment.attachmentId,
    device: attachment.device,
    host_name: attachment.serverId,
    id: volume.id,
    server_id: attachment.serverId,
    volume_id: volume.id,
  };
}

export function findVolume(
  ctx: EmulatorContext,
  projectId: string,
  id: string,
  code = EVS_NOT_FOUND,
): VolumeRecord {
  const volume = collections.volumes(ctx).get(id);
  if (!volume || volume.projectId !== projectId) fail(404, code, `Volume ${id} could not be found.`);
  return volume;
}

function sortVolumes(volumes: VolumeRecord[], key: string, dir: string): VolumeRecord[] {
  const field: Record<string, (v: VolumeRecord) => string | number> = {
    created_at: (v) => v.createdAt,
    id: (v) => v.id,
    name: (v) => v.name,
    size: (v) => v.size,
    status: (v) => v.status,
    updated_at: (v) => v.updatedAt,
  };
  const pick = field[key];
  if (!pick) fail(400, EVS_INVALID, `Invalid sort_key ${key}.`);
  if (dir !== 'asc' && dir !== 'desc') fail(400, EVS_INVALID, `Invalid sort_dir ${dir}.`);
  const sign = dir === 'asc' ? 1 : -1;
  // Creation order breaks ties so that pages are stable.
  return volumes
    .map((volume, index) => ({ volume, index }))
    .sort((a, b) => {
      const x = pick(a.volume);
      const y = pick(b.volume);
      return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.index - b.index) * sign;
    })
    .map((entry) => entry.volume);
}

function parseIds(raw: string | null): string[] | undefined {
  if (!raw) return undefined;
  // EVS documents `ids=['id1','id2']`; a plain comma list is accepted too.
  return raw
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
    .filter((s) => s !== '');
}

function listVolumes(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const q = req.query;
  const ids = parseIds(q.get('ids'));
  let metadata: Record<string, unknown> | undefined;
  const rawMetadata = q.get('metadata');
  if (rawMetadata) {
    try {
      const parsed: unknown = JSON.parse(rawMetadata);
      if (!isObject(parsed)) throw new Error('not an object');
      metadata = parsed;
    } catch {
      fail(400, EVS_INVALID, 'metadata must be a JSON object.');
    }
  }
  const filtered = collections.volumes(ctx).filter((v) => {
    if (v.projectId !== project.id) return false;
    if (q.get('name') && !v.name.includes(q.get('name') ?? '')) return false;
    if (q.get('status') && v.status !== q.get('status')) return false;
    if (q.get('availability_zone') && v.az !== q.get('availability_zone')) return false;
    if (q.get('multiattach') && String(v.multiattach) !== q.get('multiattach')) return false;
    if (q.get('id') && v.id !== q.get('id')) return false;
    if (ids && !ids.includes(v.id)) return false;
    if (q.get('server_id') && !v.attachments.some((a) => a.serverId === q.get('server_id'))) return false;
    if (q.get('volume_type_id') && v.volumeType !== q.get('volume_type_id')) return false;
    if (!inEnterpriseProject(v, q.get('enterprise_project_id'))) return false;
    if (metadata && !Object.entries(metadata).every(([k, value]) => v.metadata[k] === value)) return false;
    return true;
  });
  const sorted = sortVolumes(filtered, q.get('sort_key') ?? 'created_at', q.get('sort_dir') ?? 'desc');
  const limit = parseLimit(q.get('limit'), { default: 1000, max: 1000 }, { code: EVS_INVALID });
  const { page, more } = evsPage(sorted, q, limit, { code: EVS_INVALID });
  const links: Array<{ href: string; rel: string }> = [];
  const last = page[page.length - 1];
  if (more && last) {
    const next = new URLSearchParams(q);
    next.delete('offset');
    next.set('marker', last.id);
    next.set('limit', String(limit));
    links.push({
      href: `${ctx.endpoint}/v2/${project.id}/cloudvolumes/detail?${next.toString()}`,
      rel: 'next',
    });
  }
  return {
    body: { count: sorted.length, volumes: page.map((v) => renderVolume(ctx, v)), volumes_links: links },
  };
}

function createVolumes(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  return withClientToken(
    req,
    ctx,
    { projectId: project.id, operation: 'createVolume', invalidCode: EVS_INVALID, conflictCode: 'EVS.2040' },
    () => {
      const root = readBody(req, EVS_INVALID);
      const body = root.volume;
      if (!isObject(body)) fail(400, EVS_INVALID, "Invalid request body: 'volume' is required.");
      if (root.server_id !== undefined) {
        fail(
          400,
          EVS_INVALID,
          'server_id is not supported by the emulator: create, then attach through ECS.',
        );
      }
      const az = requiredString(body, 'availability_zone', EVS_INVALID);
      if (!regionAzs(ctx, project).includes(az))
        fail(400, EVS_INVALID, `Availability zone ${az} does not exist.`);
      const volumeType = requiredString(body, 'volume_type', EVS_INVALID);
      if (!VOLUME_TYPES.has(volumeType)) fail(400, EVS_INVALID, `Invalid volume_type ${volumeType}.`);
      const imageRef = optionalString(body, 'imageRef', EVS_INVALID);
      const image = imageRef ? collections.images(ctx).get(imageRef) : undefined;
      if (imageRef && (!image || (image.projectId && image.projectId !== project.id))) {
        fail(400, EVS_INVALID, `Image ${imageRef} does not exist.`);
      }
      const size = image
        ? (optionalInteger(body, 'size', EVS_INVALID, { min: image.minDisk, max: 1024 }) ?? image.minDisk)
        : requiredInteger(body, 'size', EVS_INVALID, { min: 10, max: 32768 });
      const count = optionalInteger(body, 'count', EVS_INVALID, { min: 1, max: 100 }) ?? 1;
      const baseName = optionalString(body, 'name', EVS_INVALID) ?? 'volume';
      if (baseName.length > 64) fail(400, EVS_INVALID, 'name must be at most 64 characters.');
      const multiattach = optionalBoolean(body, 'multiattach', EVS_INVALID) ?? false;
      const metadata = optionalStringMap(body, 'metadata', EVS_INVALID) ?? {};
      const tags = optionalStringMap(body, 'tags', EVS_INVALID) ?? {};
      const description = optionalString(body, 'description', EVS_INVALID) ?? '';
      const enterpriseProjectId = optionalString(body, 'enterprise_project_id', EVS_INVALID) ?? '0';
      const subJobs: SubJobStart[] = [];
      const volumeIds: string[] = [];
      for (let i = 1; i <= count; i++) {
        const name = count > 1 ? `${baseName}-${String(i).padStart(4, '0')}` : baseName;
        const volume = newVolume(ctx, {
          projectId: project.id,
          name,
          size,
          volumeType,
          az,
          status: 'creating',
          bootable: image !== undefined,
          description,
          multiattach,
          imageId: image?.id ?? null,
          metadata,
          tags,
          enterpriseProjectId,
        });
        volumeIds.push(volume.id);
        subJobs.push({
          kind: VOLUME_CREATE_TASK,
          jobType: 'createVolume',
          entities: { volume_id: volume.id, volume_type: volumeType, size, name },
          data: { volumeId: volume.id },
        });
      }
      const first = subJobs[0]!;
      const job = startJob(ctx, {
        projectId: project.id,
        jobType: count > 1 ? 'batchCreateVolume' : 'createVolume',
        entities: count > 1 ? { volume_type: volumeType, size, name: baseName } : first.entities,
        subJobs,
        single: count === 1,
      });
      return { body: { job_id: job.id, volume_ids: volumeIds } };
    },
  );
}

function volumeAction(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const volume = findVolume(ctx, project.id, req.params.volume_id ?? '');
  const body = readBody(req, EVS_INVALID);
  const extend = body['os-extend'];
  if (!isObject(extend)) fail(400, EVS_INVALID, "Invalid request body: 'os-extend' is required.");
  const bootVolume = volume.attachments.some((a) => a.bootIndex === 0);
  const newSize = requiredInteger(extend, 'new_size', EVS_INVALID, {
    min: 1,
    max: bootVolume ? 1024 : 32768,
  });
  if (newSize <= volume.size) {
    fail(400, EVS_INVALID, `new_size ${newSize} must be larger than the current size ${volume.size}.`);
  }
  if (volume.status !== 'available' && volume.status !== 'in-use') {
    fail(
      400,
      EVS_STATE,
      `Volume ${volume.id} is ${volume.status}; it must be available or in-use to be extended.`,
    );
  }
  const job = startSingleJob(
    ctx,
    project.id,
    {
      kind: VOLUME_EXTEND_TASK,
      jobType: 'extendVolume',
      entities: { volume_id: volume.id },
      data: { volumeId: volume.id, newSize, previousStatus: volume.status },
    },
    { volume_id: volume.id, size: newSize },
  );
  volume.status = 'extending';
  return { body: { job_id: job.id } };
}

function updateVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const volume = findVolume(ctx, project.id, req.params.volume_id ?? '');
  const body = readBody(req, EVS_INVALID, 'volume');
  const name = optionalString(body, 'name', EVS_INVALID);
  if (name !== undefined) {
    if (name.length > 64) fail(400, EVS_INVALID, 'name must be at most 64 characters.');
    volume.name = name;
  }
  const description = optionalString(body, 'description', EVS_INVALID);
  if (description !== undefined) volume.description = description;
  const metadata = optionalStringMap(body, 'metadata', EVS_INVALID);
  if (metadata !== undefined) volume.metadata = { ...volume.metadata, ...metadata };
  volume.updatedAt = isoMicros(ctx.clock.now());
  // UpdateVolumeResponse is the volume at the top level, not wrapped.
  return { body: renderVolume(ctx, volume) };
}

function deleteVolume(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const volume = findVolume(ctx, project.id, req.params.volume_id ?? '');
  if (volume.attachments.length > 0) {
    fail(
      400,
      EVS_STATE,
      `Volume ${volume.id} is attached to server ${volume.attachments[0]?.serverId}; detach it first.`,
    );
  }
  if (volume.status !== 'available' && volume.status !== 'error') {
    fail(
      400,
      EVS_STATE,
      `Volume ${volume.id} is ${volume.status}; it must be available or error to be deleted.`,
    );
  }
  const job = startSingleJob(ctx, project.id, {
    kind: VOLUME_DELETE_TASK,
    jobType: 'deleteVolume',
    entities: { volume_id: volume.id },
    data: { volumeId: volume.id, previousStatus: volume.status },
  });
  volume.status = 'deleting';
  return { body: { job_id: job.id } };
}

export function registerVolumeRoutes(router: Router, ctx: EmulatorContext): void {
  ctx.tasks.define(VOLUME_CREATE_TASK, {
    onSuccess(task, c) {
      const volume = collections.volumes(c).get(String(task.data.volumeId));
      if (!volume) throw new Error('the volume was deleted while it was being created');
      volume.status = 'available';
    },
    onFailure(task, c) {
      collections.volumes(c).update(String(task.data.volumeId), { status: 'error' });
    },
  });
  ctx.tasks.define(VOLUME_EXTEND_TASK, {
    onSuccess(task, c) {
      const volume = collections.volumes(c).get(String(task.data.volumeId));
      if (!volume) throw new Error('the volume was deleted while it was being extended');
      volume.size = Number(task.data.newSize);
      volume.status = String(task.data.previousStatus);
      volume.updatedAt = isoMicros(c.clock.now());
    },
    onFailure(task, c) {
      collections.volumes(c).update(String(task.data.volumeId), { status: String(task.data.previousStatus) });
    },
  });
  ctx.tasks.define(VOLUME_DELETE_TASK, {
    onSuccess(task, c) {
      collections.volumes(c).delete(String(task.data.volumeId));
    },
    onFailure(task, c) {
      collections.volumes(c).update(String(task.data.volumeId), { status: 'error_deleting' });
    },
  });
  router.add('GET', '/v2/:project_id/cloudvolumes/detail', listVolumes);
  router.add('GET', '/v2/:project_id/cloudvolumes/:volume_id', (req, c) => {
    const project = projectOf(req, c);
    return { body: { volume: renderVolume(c, findVolume(c, project.id, req.params.volume_id ?? '')) } };
  });
  router.add('PUT', '/v2/:project_id/cloudvolumes/:volume_id', updateVolume);
  router.add('DELETE', '/v2/:project_id/cloudvolumes/:volume_id', deleteVolume);
  router.add('POST', '/v2.1/:project_id/cloudvolumes', createVolumes);
  router.add('POST', '/v2.1/:project_id/cloudvolumes/:volume_id/action', volumeAction);
}
