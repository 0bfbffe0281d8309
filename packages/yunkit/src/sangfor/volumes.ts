/** Standalone disks (volumes). */
import { ValidationError } from '../core/errors.js';
import type { CallOptions } from '../core/index.js';
import { path } from '../core/index.js';
import { type SangforApi, taskIdOf } from './api.js';
import { SangforListResource } from './listing.js';
import type { SangforServers } from './servers.js';
import type {
  SangforAttachVolumeOptions,
  SangforVolume,
  SangforVolumeCreateRequest,
  SangforVolumeCreateResult,
  SangforVolumeFilters,
} from './types.js';
import { optionalText, requireId, requireName, requireObject, requirePositiveInt } from './validate.js';

const VOLUME_ID_FILTERS = ['az_id'] as const;

export class SangforVolumes extends SangforListResource<SangforVolume, SangforVolumeFilters> {
  readonly #servers: SangforServers;

  constructor(api: SangforApi, servers: SangforServers) {
    super(api, { area: 'volumes', path: '/volumes', idFilters: VOLUME_ID_FILTERS });
    this.#servers = servers;
  }

  /** Creates a disk; wait for `task_id`, then use `volume_id`. */
  async create(
    request: SangforVolumeCreateRequest,
    options?: CallOptions,
  ): Promise<SangforVolumeCreateResult> {
    requireObject('request', request);
    requireId('az_id', request.az_id);
    requireId('storage_tag_id', request.storage_tag_id);
    requirePositiveInt('size_mb', request.size_mb);
    requireName('name', request.name);
    optionalText('description', request.description, 255);
    if (request.preallocate !== undefined && request.preallocate !== 0 && request.preallocate !== 1) {
      throw new ValidationError('preallocate must be 0 (thin) or 1 (thick)', 'preallocate');
    }
    const data = await this.api.post<Record<string, unknown> | undefined>(
      this.api.path('volumes', 'list', '/volumes'),
      { description: '', preallocate: 0, ...request },
      options,
    );
    const record = data ?? {};
    const uuids = record.uuids;
    const volumeId =
      typeof record.volume_id === 'string'
        ? record.volume_id
        : typeof record.id === 'string'
          ? record.id
          : Array.isArray(uuids) && typeof uuids[0] === 'string'
            ? uuids[0]
            : '';
    const taskId = taskIdOf(record);
    return { ...record, volume_id: volumeId, ...(taskId === undefined ? {} : { task_id: taskId }) };
  }

  async get(volumeId: string, options?: CallOptions): Promise<SangforVolume> {
    requireId('volume_id', volumeId);
    return this.api.get<SangforVolume>(this.api.path('volumes', 'item', path`/volumes/${volumeId}`), options);
  }

  /** Deletes a detached disk; returns the task id. */
  async delete(volumeId: string, options?: CallOptions): Promise<string | undefined> {
    requireId('volume_id', volumeId);
    return taskIdOf(
      await this.api.delete<unknown>(this.api.path('volumes', 'item', path`/volumes/${volumeId}`), options),
    );
  }

  /** Grows a disk to `sizeMb` (SCP cannot shrink); returns the task id. */
  async resize(volumeId: string, sizeMb: number, options?: CallOptions): Promise<string | undefined> {
    requireId('volume_id', volumeId);
    requirePositiveInt('size_mb', sizeMb);
    const data = await this.api.put<unknown>(
      this.api.path('volumes', 'item', path`/volumes/${volumeId}`),
      { size_mb: sizeMb },
      options,
    );
    return taskIdOf(data);
  }

  /** Attaches the disk to a VM (the same call as `servers.attachVolume`); returns the task id. */
  async attach(
    volumeId: string,
    serverId: string,
    options?: SangforAttachVolumeOptions & CallOptions,
  ): Promise<string | undefined> {
    return this.#servers.attachVolume(serverId, volumeId, options);
  }

  async detach(volumeId: string, serverId: string, options?: CallOptions): Promise<string | undefined> {
    return this.#servers.detachVolume(serverId, volumeId, options);
  }
}
