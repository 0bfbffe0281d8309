/** ECS cloud servers: list/get/create (v1.1)/delete, batch start/stop/reboot, update, resize, volumes. */
import { ValidationError } from '../../core/errors.js';
import { newIdempotencyToken } from '../../core/idempotency.js';
import { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext, IdempotentCallOptions } from '../context.js';
import { markerPaginator } from '../paging.js';
import {
  checkLimit,
  idList,
  oneOf,
  optionalInteger,
  optionalString,
  requireInteger,
  requireObject,
  requireString,
} from '../validate.js';
import type {
  AttachServerVolumeBody,
  CreateServersBody,
  CreateServersResponse,
  DeleteServersOptions,
  JobResponse,
  ListServersQuery,
  ListServersResponse,
  ListVolumeAttachmentsResponse,
  RebootType,
  ResizeServerBody,
  ResizeServerResponse,
  ServerDetail,
  UpdateServerBody,
} from './types.js';

const DEFAULT_PAGE_SIZE = 25;

function validateServerBody(body: CreateServersBody): void {
  requireObject(body, 'body');
  const server = requireObject(body.server, 'server');
  requireString(server.imageRef, 'server.imageRef');
  requireString(server.flavorRef, 'server.flavorRef');
  requireString(server.name, 'server.name');
  requireString(server.vpcid, 'server.vpcid');
  if (!Array.isArray(server.nics) || server.nics.length === 0) {
    throw new ValidationError('server.nics: at least one NIC is required', 'server.nics');
  }
  server.nics.forEach((nic, i) => {
    requireString(requireObject(nic, `server.nics[${i}]`).subnet_id, `server.nics[${i}].subnet_id`);
  });
  const root = requireObject(server.root_volume, 'server.root_volume');
  requireString(root.volumetype, 'server.root_volume.volumetype');
  optionalInteger(root.size, 'server.root_volume.size', 1, 1024);
  optionalInteger(server.count, 'server.count', 1, 500);
  (Array.isArray(server.data_volumes) ? server.data_volumes : []).forEach((v, i) => {
    requireString(v.volumetype, `server.data_volumes[${i}].volumetype`);
    requireInteger(v.size, `server.data_volumes[${i}].size`, 10, 32768);
  });
}

export class Servers {
  constructor(private readonly ctx: HuaweiContext) {}

  /** ListServersDetails: one page, as Huawei returns it (`{ count, servers }`). `offset` is a 1-based page. */
  async list(query: ListServersQuery = {}, options?: HuaweiCallOptions): Promise<ListServersResponse> {
    checkLimit(query.limit);
    optionalInteger(query.offset, 'offset', 0);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<ListServersResponse>({
      service: 'ecs',
      method: 'GET',
      path: path`/v1/${projectId}/cloudservers/detail`,
      query: { ...query },
      options,
    });
    return { ...data, count: data.count ?? data.servers?.length ?? 0, servers: data.servers ?? [] };
  }

  /**
   * Every server matching the query, fetched lazily page by page (`offset` = page number, from
   * `query.offset` or 1). With `query.marker`, pages by marker instead.
   */
  listAll(query: ListServersQuery = {}, options?: HuaweiCallOptions) {
    checkLimit(query.limit);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.marker !== undefined) {
      return markerPaginator(
        limit,
        query.marker,
        (marker, pageLimit) => this.list({ ...query, limit: pageLimit, marker }, options),
        (page) => page.servers,
        (page) => page.count,
      );
    }
    const firstPage = Math.max(1, query.offset ?? 1);
    return new Paginator<ServerDetail, number>(async (pageNumber) => {
      const offset = pageNumber ?? firstPage;
      const page = await this.list({ ...query, limit, offset }, options);
      // Page n holds records up to n·limit; `count` is the total that matches.
      const more = page.servers.length >= limit && offset * limit < page.count;
      return { items: page.servers, next: more ? offset + 1 : undefined, total: page.count, raw: page };
    });
  }

  /** How many servers match, from the `count` of a one-item page. */
  async count(
    query: Omit<ListServersQuery, 'limit' | 'offset' | 'marker'> = {},
    options?: HuaweiCallOptions,
  ) {
    return (await this.list({ ...query, limit: 1, offset: 1 }, options)).count;
  }

  /** ShowServer, unwrapped from `{ server }`. */
  async get(serverId: string, options?: HuaweiCallOptions): Promise<ServerDetail> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ server: ServerDetail }>({
      service: 'ecs',
      method: 'GET',
      path: path`/v1/${projectId}/cloudservers/${serverId}`,
      options,
    });
    return data.server;
  }

  /**
   * CreateServers (`POST /v1.1/{project_id}/cloudservers`, prepaid-capable) with an `X-Client-Token`
   * that is the same on every retry. Returns `{ job_id, serverIds, order_id? }`.
   */
  create(body: CreateServersBody, options: IdempotentCallOptions = {}): Promise<CreateServersResponse> {
    return this.createAt('v1.1', body, options);
  }

  /** CreatePostPaidServers (`POST /v1/{project_id}/cloudservers`), also with `X-Client-Token`. */
  createPostPaid(
    body: CreateServersBody,
    options: IdempotentCallOptions = {},
  ): Promise<CreateServersResponse> {
    return this.createAt('v1', body, options);
  }

  private async createAt(
    version: 'v1' | 'v1.1',
    body: CreateServersBody,
    options: IdempotentCallOptions,
  ): Promise<CreateServersResponse> {
    validateServerBody(body);
    optionalString(options.clientToken, 'clientToken');
    const token = options.clientToken ?? newIdempotencyToken();
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<CreateServersResponse>({
      service: 'ecs',
      method: 'POST',
      path: version === 'v1.1' ? path`/v1.1/${projectId}/cloudservers` : path`/v1/${projectId}/cloudservers`,
      body,
      headers: { 'X-Client-Token': token },
      idempotencyToken: token,
      options,
    });
    return { ...data, serverIds: data.serverIds ?? [] };
  }

  /** DeleteServers (batch). */
  async delete(
    serverIds: string | readonly string[],
    deleteOptions: DeleteServersOptions = {},
    options?: HuaweiCallOptions,
  ): Promise<JobResponse> {
    const ids = idList(serverIds, 'servers');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<JobResponse>({
      service: 'ecs',
      method: 'POST',
      path: path`/v1/${projectId}/cloudservers/delete`,
      body: { servers: ids.map((id) => ({ id })), ...deleteOptions },
      options,
    });
    return data;
  }

  /** BatchStartServers. */
  async start(serverIds: string | readonly string[], options?: HuaweiCallOptions): Promise<JobResponse> {
    const ids = idList(serverIds, 'servers');
    return this.action({ 'os-start': { servers: ids.map((id) => ({ id })) } }, options);
  }

  /** BatchStopServers; `type` SOFT (default, a clean shutdown) or HARD. */
  async stop(
    serverIds: string | readonly string[],
    type: RebootType = 'SOFT',
    options?: HuaweiCallOptions,
  ): Promise<JobResponse> {
    const ids = idList(serverIds, 'servers');
    oneOf(type, ['SOFT', 'HARD'] as const, 'type');
    return this.action({ 'os-stop': { servers: ids.map((id) => ({ id })), type } }, options);
  }

  /** BatchRebootServers; `type` SOFT (default) or HARD. */
  async reboot(
    serverIds: string | readonly string[],
    type: RebootType = 'SOFT',
    options?: HuaweiCallOptions,
  ): Promise<JobResponse> {
    const ids = idList(serverIds, 'servers');
    oneOf(type, ['SOFT', 'HARD'] as const, 'type');
    return this.action({ reboot: { servers: ids.map((id) => ({ id })), type } }, options);
  }

  private async action(body: Record<string, unknown>, options?: HuaweiCallOptions): Promise<JobResponse> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<JobResponse>({
      service: 'ecs',
      method: 'POST',
      path: path`/v1/${projectId}/cloudservers/action`,
      body,
      options,
    });
    return data;
  }

  /** UpdateServer (name, description, hostname, user_data), unwrapped from `{ server }`. */
  async update(serverId: string, body: UpdateServerBody, options?: HuaweiCallOptions): Promise<ServerDetail> {
    const server = requireObject(requireObject(body, 'body').server, 'server');
    if (Object.keys(server).length === 0) throw new ValidationError('server: nothing to update', 'server');
    if (server.name !== undefined) requireString(server.name, 'server.name');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ server: ServerDetail }>({
      service: 'ecs',
      method: 'PUT',
      path: path`/v1/${projectId}/cloudservers/${serverId}`,
      body,
      options,
    });
    return data.server;
  }

  /** ResizeServer (`POST /v1.1/{project_id}/cloudservers/{id}/resize`): change the flavor. */
  async resize(
    serverId: string,
    body: ResizeServerBody,
    options?: HuaweiCallOptions,
  ): Promise<ResizeServerResponse> {
    const resize = requireObject(requireObject(body, 'body').resize, 'resize');
    requireString(resize.flavorRef, 'resize.flavorRef');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<ResizeServerResponse>({
      service: 'ecs',
      method: 'POST',
      path: path`/v1.1/${projectId}/cloudservers/${serverId}/resize`,
      body,
      options,
    });
    return data;
  }

  /** AttachServerVolume. */
  async attachVolume(
    serverId: string,
    body: AttachServerVolumeBody,
    options?: HuaweiCallOptions,
  ): Promise<JobResponse> {
    const attachment = requireObject(requireObject(body, 'body').volumeAttachment, 'volumeAttachment');
    requireString(attachment.volumeId, 'volumeAttachment.volumeId');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<JobResponse>({
      service: 'ecs',
      method: 'POST',
      path: path`/v1/${projectId}/cloudservers/${serverId}/attachvolume`,
      body,
      options,
    });
    return data;
  }

  /** DetachServerVolume; `delete_flag` "1" forces the detach. */
  async detachVolume(
    serverId: string,
    volumeId: string,
    detachOptions: { delete_flag?: '0' | '1' } = {},
    options?: HuaweiCallOptions,
  ): Promise<JobResponse> {
    if (detachOptions.delete_flag !== undefined)
      oneOf(detachOptions.delete_flag, ['0', '1'] as const, 'delete_flag');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<JobResponse>({
      service: 'ecs',
      method: 'DELETE',
      path: path`/v1/${projectId}/cloudservers/${serverId}/detachvolume/${volumeId}`,
      query: { delete_flag: detachOptions.delete_flag },
      options,
    });
    return data;
  }

  /** ListServerVolumeAttachments. */
  async listVolumeAttachments(
    serverId: string,
    options?: HuaweiCallOptions,
  ): Promise<ListVolumeAttachmentsResponse> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<ListVolumeAttachmentsResponse>({
      service: 'ecs',
      method: 'GET',
      path: path`/v1/${projectId}/cloudservers/${serverId}/os-volume_attachments`,
      options,
    });
    return { ...data, volumeAttachments: data.volumeAttachments ?? [] };
  }
}
