/**
 * EVS volumes. List/get/update/delete on `/v2/{project_id}/cloudvolumes`, create and resize on
 * `/v2.1/...` (create with `X-Client-Token`). Here `offset` counts records, unlike ECS.
 */
import { newIdempotencyToken } from '../../core/idempotency.js';
import { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext, IdempotentCallOptions } from '../context.js';
import {
  checkLimit,
  optionalInteger,
  optionalString,
  requireInteger,
  requireObject,
  requireString,
} from '../validate.js';
import type {
  CreateVolumeBody,
  CreateVolumeResponse,
  ListVolumesQuery,
  ListVolumesResponse,
  ResizeVolumeBody,
  UpdateVolumeBody,
  VolumeDetail,
  VolumeJobResponse,
} from './types.js';

const DEFAULT_PAGE_SIZE = 100;

export class Volumes {
  constructor(private readonly ctx: HuaweiContext) {}

  /** ListVolumes: one page as Huawei returns it (`{ count, volumes, volumes_links }`). */
  async list(query: ListVolumesQuery = {}, options?: HuaweiCallOptions): Promise<ListVolumesResponse> {
    checkLimit(query.limit);
    optionalInteger(query.offset, 'offset', 0);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<ListVolumesResponse>({
      service: 'evs',
      method: 'GET',
      path: path`/v2/${projectId}/cloudvolumes/detail`,
      query: { ...query },
      options,
    });
    return { ...data, count: data.count ?? data.volumes?.length ?? 0, volumes: data.volumes ?? [] };
  }

  /** Every volume matching the query, lazily; `offset` advances by the records received. */
  listAll(
    query: Omit<ListVolumesQuery, 'marker'> = {},
    options?: HuaweiCallOptions,
  ): Paginator<VolumeDetail, number> {
    checkLimit(query.limit);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const start = query.offset ?? 0;
    return new Paginator<VolumeDetail, number>(async (cursor) => {
      const offset = cursor ?? start;
      const page = await this.list({ ...query, limit, offset }, options);
      const nextOffset = offset + page.volumes.length;
      const more = page.volumes.length >= limit && nextOffset < page.count;
      return { items: page.volumes, next: more ? nextOffset : undefined, total: page.count, raw: page };
    });
  }

  async count(
    query: Omit<ListVolumesQuery, 'limit' | 'offset' | 'marker'> = {},
    options?: HuaweiCallOptions,
  ) {
    return (await this.list({ ...query, limit: 1 }, options)).count;
  }

  /** ShowVolume, unwrapped from `{ volume }`. */
  async get(volumeId: string, options?: HuaweiCallOptions): Promise<VolumeDetail> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ volume: VolumeDetail }>({
      service: 'evs',
      method: 'GET',
      path: path`/v2/${projectId}/cloudvolumes/${volumeId}`,
      options,
    });
    return data.volume;
  }

  /** CreateVolume (`POST /v2.1/{project_id}/cloudvolumes`, `X-Client-Token`): `{ job_id, volume_ids }`. */
  async create(body: CreateVolumeBody, options: IdempotentCallOptions = {}): Promise<CreateVolumeResponse> {
    const volume = requireObject(requireObject(body, 'body').volume, 'volume');
    requireString(volume.availability_zone, 'volume.availability_zone');
    requireString(volume.volume_type, 'volume.volume_type');
    if (volume.snapshot_id === undefined && volume.backup_id === undefined && volume.imageRef === undefined) {
      requireInteger(volume.size, 'volume.size', 10, 32768);
    } else {
      optionalInteger(volume.size, 'volume.size', 10, 32768);
    }
    optionalInteger(volume.count, 'volume.count', 1, 100);
    optionalString(options.clientToken, 'clientToken');
    const token = options.clientToken ?? newIdempotencyToken();
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<CreateVolumeResponse>({
      service: 'evs',
      method: 'POST',
      path: path`/v2.1/${projectId}/cloudvolumes`,
      body,
      headers: { 'X-Client-Token': token },
      idempotencyToken: token,
      options,
    });
    return { ...data, volume_ids: data.volume_ids ?? [] };
  }

  /** UpdateVolume (name, description, metadata): the updated volume. */
  async update(volumeId: string, body: UpdateVolumeBody, options?: HuaweiCallOptions): Promise<VolumeDetail> {
    requireObject(requireObject(body, 'body').volume, 'volume');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ volume?: VolumeDetail } & Partial<VolumeDetail>>({
      service: 'evs',
      method: 'PUT',
      path: path`/v2/${projectId}/cloudvolumes/${volumeId}`,
      body,
      options,
    });
    // Huawei's UpdateVolume answers with the volume's fields at the top level; accept `{ volume }` too.
    return (data.volume ?? data) as VolumeDetail;
  }

  /** DeleteVolume: `{ job_id }` (poll it with `hw.evs.jobs.wait`). */
  async delete(volumeId: string, options?: HuaweiCallOptions): Promise<VolumeJobResponse> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<VolumeJobResponse>({
      service: 'evs',
      method: 'DELETE',
      path: path`/v2/${projectId}/cloudvolumes/${volumeId}`,
      options,
    });
    return data;
  }

  /**
   * ResizeVolume (`POST /v2.1/{project_id}/cloudvolumes/{id}/action`, `os-extend`): grow to
   * `newSize` GB (volumes only grow). Accepts the number or the wire body.
   */
  async resize(volumeId: string, newSize: number | ResizeVolumeBody, options?: HuaweiCallOptions) {
    const body: ResizeVolumeBody =
      typeof newSize === 'number' ? { 'os-extend': { new_size: newSize } } : newSize;
    const extend = requireObject(requireObject(body, 'body')['os-extend'], 'os-extend');
    requireInteger(extend.new_size, 'os-extend.new_size', 10, 32768);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<VolumeJobResponse>({
      service: 'evs',
      method: 'POST',
      path: path`/v2.1/${projectId}/cloudvolumes/${volumeId}/action`,
      body,
      options,
    });
    return data;
  }
}
