/** Virtual machines ("云主机"): `/janus/<version>/servers`. */
import { ValidationError } from '../core/errors.js';
import type { CallOptions } from '../core/index.js';
import { path } from '../core/index.js';
import { type SangforApi, taskIdOf } from './api.js';
import { SangforListResource } from './listing.js';
import type {
  SangforAttachVolumeOptions,
  SangforServer,
  SangforServerCreateRequest,
  SangforServerCreateResult,
  SangforServerDeleteOptions,
  SangforServerFilters,
  SangforServerUpdateRequest,
  SangforTaskRef,
} from './types.js';
import {
  optionalFlag,
  optionalId,
  optionalPositiveInt,
  optionalText,
  requireId,
  requireName,
  requireObject,
  requirePositiveInt,
  requireToken,
  toFlag,
} from './validate.js';

/** Filters that must be UUIDs when given (SCP: `az_id输入错误：值必须是UUID格式`). */
const SERVER_ID_FILTERS = [
  'az_id',
  'vpc_id',
  'host_id',
  'project_id',
  'user_id',
  'group_id',
  'storage_id',
] as const;

/** SCP's batch power operations (`server_action` keys). */
export type SangforBatchAction =
  | 'start_servers_action'
  | 'stop_servers_action'
  | 'poweroff_servers_action'
  | 'reboot_servers_action'
  | 'suspend_servers_action'
  | 'soft_del_servers_action'
  | 'agent_action';

const BATCH_ACTIONS: readonly SangforBatchAction[] = [
  'start_servers_action',
  'stop_servers_action',
  'poweroff_servers_action',
  'reboot_servers_action',
  'suspend_servers_action',
  'soft_del_servers_action',
  'agent_action',
];

export interface SangforPowerOptions extends CallOptions {
  /** Cut the power / reset instead of asking the guest OS. */
  force?: boolean;
}

export class SangforServers extends SangforListResource<SangforServer, SangforServerFilters> {
  constructor(api: SangforApi) {
    super(api, { area: 'servers', path: '/servers', idFilters: SERVER_ID_FILTERS });
  }

  /** How many VMs match, from `total_size`, without fetching them. */
  async count(filters?: SangforServerFilters, options?: CallOptions): Promise<number> {
    const page = await this.listPage({ ...filters, page_num: 0, page_size: 1 }, options);
    return page.total_size;
  }

  /** The first VM with exactly this name, or undefined. */
  async findByName(
    name: string,
    filters?: SangforServerFilters,
    options?: CallOptions,
  ): Promise<SangforServer | undefined> {
    requireName('name', name);
    for await (const server of this.listAll(filters, options)) {
      if (server.name === name) return server;
    }
    return undefined;
  }

  async get(serverId: string, options?: CallOptions): Promise<SangforServer> {
    requireId('server_id', serverId);
    return this.api.get<SangforServer>(this.api.path('servers', 'item', path`/servers/${serverId}`), options);
  }

  /**
   * Creates VMs; an asynchronous task. Wait for `task_id`, then read the VMs from `uuids`.
   * `power_on` may be a boolean; `location` defaults to `{ id: 'cluster' }` and `count` to 1, as the
   * working clients send them.
   */
  async create(
    request: SangforServerCreateRequest,
    options?: CallOptions,
  ): Promise<SangforServerCreateResult> {
    requireObject('request', request);
    requireId('az_id', request.az_id);
    requireId('image_id', request.image_id);
    requireId('storage_tag_id', request.storage_tag_id);
    requireName('name', request.name);
    requirePositiveInt('cores', request.cores);
    requirePositiveInt('memory_mb', request.memory_mb);
    optionalPositiveInt('sockets', request.sockets);
    optionalPositiveInt('count', request.count);
    optionalText('description', request.description, 100);
    optionalText('hostname', request.hostname, 100);
    optionalFlag('power_on', request.power_on);
    optionalId('project_id', request.project_id);
    if (request.networks !== undefined && !Array.isArray(request.networks)) {
      throw new ValidationError('networks must be an array of NIC specs', 'networks');
    }
    request.networks?.forEach((nic, i) => {
      requireObject(`networks[${i}]`, nic);
      requireName(`networks[${i}].vif_id`, nic.vif_id);
      requireId(`networks[${i}].vpc_id`, nic.vpc_id);
      requireId(`networks[${i}].subnet_id`, nic.subnet_id);
    });
    request.disks?.forEach((disk, i) => {
      requireObject(`disks[${i}]`, disk);
      requirePositiveInt(`disks[${i}].size_mb`, disk.size_mb);
      optionalId(`disks[${i}].storage_tag_id`, disk.storage_tag_id);
    });
    const { power_on, ...rest } = request;
    const body: Record<string, unknown> = {
      count: 1,
      sockets: 1,
      location: { id: 'cluster' },
      ...rest,
    };
    if (power_on !== undefined) body.power_on = toFlag(power_on);
    const data = await this.api.post<Partial<SangforServerCreateResult> | undefined>(
      this.api.path('servers', 'list', '/servers'),
      body,
      options,
    );
    const taskId = taskIdOf(data);
    return {
      ...data,
      ...(taskId === undefined ? {} : { task_id: taskId }),
      uuids: Array.isArray(data?.uuids) ? data.uuids : [],
    };
  }

  /** Partial update (`PUT /servers/{id}`); SCP runs it as a task. */
  async update(
    serverId: string,
    changes: SangforServerUpdateRequest,
    options?: CallOptions,
  ): Promise<string | undefined> {
    requireId('server_id', serverId);
    requireObject('changes', changes);
    if (changes.name !== undefined) requireName('name', changes.name);
    optionalText('description', changes.description, 100);
    optionalPositiveInt('cores', changes.cores);
    optionalPositiveInt('sockets', changes.sockets);
    optionalPositiveInt('memory_mb', changes.memory_mb);
    const data = await this.api.put<unknown>(
      this.api.path('servers', 'item', path`/servers/${serverId}`),
      changes,
      options,
    );
    return taskIdOf(data);
  }

  /**
   * Deletes a VM: to the recycle bin by default (SCP's `force: 0`), permanently with `force: true`.
   * Returns the task id.
   */
  async delete(
    serverId: string,
    options: SangforServerDeleteOptions & CallOptions = {},
  ): Promise<string | undefined> {
    requireId('server_id', serverId);
    const { force, delete_disk, ...call } = options;
    const query = delete_disk === undefined ? undefined : { delete_disk: delete_disk ? '1' : '0' };
    const data = await this.api.delete<unknown>(
      this.api.path('servers', 'item', path`/servers/${serverId}`),
      {
        ...call,
        ...(query === undefined ? {} : { query }),
        body: { force: force ? 1 : 0 },
      },
    );
    return taskIdOf(data);
  }

  /** Starts the VM; returns the task id. */
  async powerOn(serverId: string, options?: CallOptions): Promise<string | undefined> {
    return this.#action(serverId, 'start', false, options);
  }

  /** Shuts the VM down (`force: true` cuts the power); returns the task id. */
  async powerOff(serverId: string, options: SangforPowerOptions = {}): Promise<string | undefined> {
    const { force = false, ...call } = options;
    return this.#action(serverId, 'stop', force, call);
  }

  /** Reboots the VM (`force: true` resets it); returns the task id. */
  async reboot(serverId: string, options: SangforPowerOptions = {}): Promise<string | undefined> {
    const { force = false, ...call } = options;
    return this.#action(serverId, 'reboot', force, call);
  }

  /** Suspends the VM; returns the task id. */
  async suspend(serverId: string, options?: CallOptions): Promise<string | undefined> {
    return this.#action(serverId, 'suspend', false, options);
  }

  /** Resumes a suspended VM (SCP's `restore`); returns the task id. */
  async resume(serverId: string, options?: CallOptions): Promise<string | undefined> {
    return this.#action(serverId, 'restore', false, options);
  }

  /**
   * One power action on up to 100 VMs (`POST /servers/action`, as SCP's admin clients use it). SCP
   * starts a task per VM and answers without their ids: watch the VMs' `status` instead.
   */
  async batchAction(serverIds: string[], action: SangforBatchAction, options?: CallOptions): Promise<void> {
    if (!Array.isArray(serverIds) || serverIds.length === 0 || serverIds.length > 100) {
      throw new ValidationError('server_ids must hold 1 to 100 VM ids', 'server_ids');
    }
    serverIds.forEach((id, i) => {
      requireId(`server_ids[${i}]`, id);
    });
    if (!BATCH_ACTIONS.includes(action)) {
      throw new ValidationError(`server_action must be one of ${BATCH_ACTIONS.join(', ')}`, 'server_action');
    }
    await this.api.post<unknown>(
      this.api.path('servers', 'list', '/servers/action'),
      { server_ids: serverIds, server_action: { [action]: '' } },
      options,
    );
  }

  /** Attaches a standalone volume; returns the task id. */
  async attachVolume(
    serverId: string,
    volumeId: string,
    options: SangforAttachVolumeOptions & CallOptions = {},
  ): Promise<string | undefined> {
    const { device_id, ...call } = options;
    requireId('volume_id', volumeId);
    if (device_id !== undefined) requireToken('device_id', device_id);
    return this.#post(
      serverId,
      'action',
      {
        action: 'attach_volume',
        volume_id: volumeId,
        ...(device_id === undefined ? {} : { device_id }),
      },
      call,
    );
  }

  /** Detaches a volume from the VM; returns the task id. */
  async detachVolume(serverId: string, volumeId: string, options?: CallOptions): Promise<string | undefined> {
    requireId('volume_id', volumeId);
    return this.#post(serverId, 'action', { action: 'detach_volume', volume_id: volumeId }, options);
  }

  async #action(
    serverId: string,
    action: 'start' | 'stop' | 'reboot' | 'suspend' | 'restore',
    force: boolean,
    options: CallOptions | undefined,
  ): Promise<string | undefined> {
    return this.#post(serverId, action, force ? { force: 1 } : {}, options);
  }

  /** `POST /servers/{id}/{verb}` → the task id; `action` is S1's generic verb (attach/detach a volume). */
  async #post(
    serverId: string,
    verb: 'start' | 'stop' | 'reboot' | 'suspend' | 'restore' | 'action',
    body: Record<string, unknown>,
    options: CallOptions | undefined,
  ): Promise<string | undefined> {
    requireId('server_id', serverId);
    const data = await this.api.post<SangforTaskRef | undefined>(
      this.api.path('servers', 'item', path`/servers/${serverId}/${verb}`),
      body,
      options,
    );
    return taskIdOf(data);
  }
}
