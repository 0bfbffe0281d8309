import type { EmulatorContext, EmulatorRequest, Router } from '../engine/index.js';
import { projectOf } from './auth.js';
import { fail } from './errors.js';
import { startSingleJob } from './jobs.js';
import { markerPage, parseLimit } from './pagination.js';
import { collections, type ImageRecord, isoSeconds } from './state.js';
import { optionalString, readBody, requiredString } from './validate.js';

/**
 * IMS (reference §2.5): `/v2/cloudimages` has no project in the path; the project comes from
 * X-Project-Id (or the token's scope). Gold images are visible to every project, private ones to
 * their owner. Error codes are [I].
 */

const IMS_INVALID = 'IMG.0001';
const IMAGE_NOT_FOUND = 'IMG.0027';
const IMAGE_FORBIDDEN = 'IMG.0029';
const IMAGE_CREATE_TASK = 'huawei.image.create';
/** The owner the public (gold) images show. */
const GOLD_OWNER = '1bed856811654c1cb661a6ca845ebc77';

function renderImage(image: ImageRecord): Record<string, unknown> {
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.imageType === 'gold' ? 'public' : 'private',
    __imagetype: image.imageType,
    __os_type: image.osType,
    __os_version: image.osVersion,
    __platform: image.platform,
    __os_bit: image.osBit,
    __isregistered: 'true',
    __image_source_type: 'uds',
    __image_size: String(image.sizeBytes),
    __description: image.description,
    __data_origin: image.sourceServerId ? `instance,${image.sourceServerId}` : null,
    __support_kvm: 'true',
    __support_xen: 'false',
    __support_arm: image.architecture === 'arm' ? 'true' : null,
    __support_diskintensive: 'false',
    __support_highperformance: 'false',
    __lazyloading: 'true',
    __root_origin: null,
    __is_config_init: 'true',
    architecture: image.architecture,
    min_disk: image.minDisk,
    min_ram: image.minRam,
    size: null,
    virtual_size: 0,
    disk_format: 'zvhd2',
    container_format: 'bare',
    created_at: image.createdAt,
    updated_at: image.updatedAt,
    owner: image.projectId ?? GOLD_OWNER,
    protected: image.imageType === 'gold',
    tags: [],
    virtual_env_type: 'FusionCompute',
    enterprise_project_id: image.imageType === 'gold' ? null : '0',
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
    checksum: 'd41d8cd98f00b204e9800998ecf8427e',
  };
}

function visibleImages(ctx: EmulatorContext, projectId: string): ImageRecord[] {
  return collections.images(ctx).filter((image) => !image.projectId || image.projectId === projectId);
}

function findImage(ctx: EmulatorContext, projectId: string, id: string): ImageRecord {
  const image = collections.images(ctx).get(id);
  if (!image || (image.projectId && image.projectId !== projectId)) {
    fail(404, IMAGE_NOT_FOUND, `Image ${id} could not be found.`);
  }
  return image;
}

const SORT_FIELDS: Record<string, (image: ImageRecord) => string | number> = {
  created_at: (i) => i.createdAt,
  updated_at: (i) => i.updatedAt,
  name: (i) => i.name,
  id: (i) => i.id,
  status: (i) => i.status,
  size: (i) => i.sizeBytes,
  min_disk: (i) => i.minDisk,
};

function filterAndSort(req: EmulatorRequest, ctx: EmulatorContext, projectId: string): ImageRecord[] {
  const q = req.query;
  const exact: Array<[string, (image: ImageRecord) => string]> = [
    ['__imagetype', (i) => i.imageType],
    ['__platform', (i) => i.platform],
    ['__os_type', (i) => i.osType],
    ['__os_bit', (i) => i.osBit],
    ['name', (i) => i.name],
    ['id', (i) => i.id],
    ['status', (i) => i.status],
    ['visibility', (i) => (i.imageType === 'gold' ? 'public' : 'private')],
    ['architecture', (i) => i.architecture],
    ['owner', (i) => i.projectId ?? GOLD_OWNER],
  ];
  const flavorId = q.get('flavor_id');
  const flavor = flavorId ? collections.flavors(ctx).get(flavorId) : undefined;
  if (flavorId && !flavor) fail(400, IMS_INVALID, `Flavor ${flavorId} does not exist.`);
  const minDisk = q.get('min_disk');
  const minRam = q.get('min_ram');
  const filtered = visibleImages(ctx, projectId).filter((image) => {
    for (const [name, pick] of exact) {
      const wanted = q.get(name);
      if (wanted !== null && wanted !== '' && pick(image) !== wanted) return false;
    }
    if (minDisk && image.minDisk < Number(minDisk)) return false;
    if (minRam && image.minRam < Number(minRam)) return false;
    if (flavor && (flavor.architecture !== image.architecture || flavor.ramMb < image.minRam)) return false;
    return true;
  });
  const sortKey = q.get('sort_key') ?? 'created_at';
  const sortDir = q.get('sort_dir') ?? 'desc';
  const pick = SORT_FIELDS[sortKey];
  if (!pick) fail(400, IMS_INVALID, `Invalid sort_key ${sortKey}.`);
  if (sortDir !== 'asc' && sortDir !== 'desc') fail(400, IMS_INVALID, `Invalid sort_dir ${sortDir}.`);
  const sign = sortDir === 'asc' ? 1 : -1;
  return filtered
    .map((image, index) => ({ image, index }))
    .sort((a, b) => {
      const x = pick(a.image);
      const y = pick(b.image);
      return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.index - b.index) * sign;
    })
    .map((entry) => entry.image);
}

function listCloudImages(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const sorted = filterAndSort(req, ctx, project.id);
  const limit = parseLimit(req.query.get('limit'), { default: 500, max: 1000 }, { code: IMS_INVALID });
  const { page } = markerPage(sorted, req.query.get('marker'), limit, { code: IMS_INVALID });
  return { body: { images: page.map(renderImage) } };
}

function listGlanceImages(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const sorted = filterAndSort(req, ctx, project.id);
  const limit = parseLimit(req.query.get('limit'), { default: 25, max: 1000 }, { code: IMS_INVALID });
  const { page, more } = markerPage(sorted, req.query.get('marker'), limit, { code: IMS_INVALID });
  const body: Record<string, unknown> = {
    images: page.map(renderImage),
    first: '/v2/images',
    schema: '/v2/schemas/images',
  };
  const last = page[page.length - 1];
  if (more && last) {
    const next = new URLSearchParams(req.query);
    next.set('marker', last.id);
    body.next = `/v2/images?${next.toString()}`;
  }
  return { body };
}

function createImage(req: EmulatorRequest, ctx: EmulatorContext) {
  const project = projectOf(req, ctx);
  const body = readBody(req, IMS_INVALID);
  const name = requiredString(body, 'name', IMS_INVALID);
  if (name.length > 128) fail(400, IMS_INVALID, 'name must be at most 128 characters.');
  const instanceId = optionalString(body, 'instance_id', IMS_INVALID);
  if (!instanceId)
    fail(400, IMS_INVALID, 'The emulator creates private images from a server: instance_id is required.');
  const server = collections.servers(ctx).get(instanceId);
  if (!server || server.projectId !== project.id)
    fail(404, 'IMG.0074', `Instance ${instanceId} could not be found.`);
  if (server.status !== 'ACTIVE' && server.status !== 'SHUTOFF') {
    fail(409, 'IMG.0075', `Instance ${instanceId} is ${server.status}; it must be ACTIVE or SHUTOFF.`);
  }
  const source = collections.images(ctx).get(server.imageId);
  const now = isoSeconds(ctx.clock.now());
  const id = ctx.random.uuid();
  collections.images(ctx).set(id, {
    id,
    projectId: project.id,
    name,
    imageType: 'private',
    platform: source?.platform ?? 'Other',
    osType: source?.osType ?? 'Linux',
    osVersion: source?.osVersion ?? 'Other Linux(64 bit)',
    osBit: source?.osBit ?? '64',
    minDisk: source?.minDisk ?? 40,
    minRam: source?.minRam ?? 0,
    sizeBytes: source?.sizeBytes ?? 2_147_483_648,
    status: 'saving',
    description: optionalString(body, 'description', IMS_INVALID) ?? '',
    createdAt: now,
    updatedAt: now,
    architecture: source?.architecture ?? 'x86',
    sourceServerId: server.id,
  });
  const job = startSingleJob(ctx, project.id, {
    kind: IMAGE_CREATE_TASK,
    jobType: 'createImageByInstance',
    entities: { image_id: id },
    data: { imageId: id },
  });
  return { body: { job_id: job.id } };
}

export function registerImageRoutes(router: Router, ctx: EmulatorContext): void {
  ctx.tasks.define(IMAGE_CREATE_TASK, {
    onSuccess(task, c) {
      const image = collections.images(c).get(String(task.data.imageId));
      if (!image) throw new Error('the image was deleted while it was being created');
      image.status = 'active';
      image.updatedAt = isoSeconds(c.clock.now());
    },
    onFailure(task, c) {
      collections.images(c).update(String(task.data.imageId), { status: 'killed' });
    },
  });
  router.add('GET', '/v2/cloudimages', listCloudImages);
  router.add('POST', '/v2/cloudimages/action', createImage);
  router.add('GET', '/v2/images', listGlanceImages);
  router.add('GET', '/v2/images/:image_id', (req, c) => {
    const project = projectOf(req, c);
    return { body: renderImage(findImage(c, project.id, req.params.image_id ?? '')) };
  });
  router.add('DELETE', '/v2/images/:image_id', (req, c) => {
    const project = projectOf(req, c);
    const image = findImage(c, project.id, req.params.image_id ?? '');
    if (image.imageType === 'gold')
      fail(403, IMAGE_FORBIDDEN, `Image ${image.id} is a public image and cannot be deleted.`);
    if (image.status === 'saving') fail(409, 'IMG.0076', `Image ${image.id} is still being created.`);
    collections.images(c).delete(image.id);
    return { status: 204 };
  });
}
