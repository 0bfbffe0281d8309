/**
 * Elastic IPs. S1 documents `/eips` (allocate, bind, unbind, release, bandwidth); real SCP data calls
 * them floating IPs and `GET /floatingips` is the better-supported list. Reads therefore try `/eips`
 * and fall back to `/floatingips` when that collection does not exist; mutations use `/eips`, the only
 * place they are described. Both item shapes are typed in `SangforEip`.
 */
import { NotFoundError, YunkitError } from '../core/errors.js';
import type { CallOptions, Paginator } from '../core/index.js';
import { path } from '../core/index.js';
import { type SangforApi, taskIdOf } from './api.js';
import type {
  SangforEip,
  SangforEipAllocateRequest,
  SangforEipAllocateResult,
  SangforEipBindRequest,
  SangforEipFilters,
  SangforListAllOptions,
  SangforPage,
} from './types.js';
import {
  filtersToQuery,
  optionalText,
  requireId,
  requireIp,
  requireObject,
  requirePositiveInt,
  requireToken,
} from './validate.js';

export type SangforEipCollection = 'eips' | 'floatingips';

const EIP_ID_FILTERS = ['az_id', 'server_id'] as const;

/** The address of an EIP in either shape (`ip`, `floating_ip` or `floating_ip_address`). */
export function eipAddress(eip: Partial<SangforEip>): string | undefined {
  const value = eip.ip ?? eip.floating_ip ?? eip.floating_ip_address;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The VM an EIP is bound to, in either shape. */
export function eipServerId(eip: Partial<SangforEip>): string | undefined {
  const value = eip.server_id ?? eip.binding_info?.server_id;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export class SangforEips {
  readonly #api: SangforApi;
  readonly #mode: SangforEipCollection | 'auto';
  /** The collection this SCP has, once a read has shown it. */
  #collection: SangforEipCollection | undefined;

  constructor(api: SangforApi, mode: SangforEipCollection | 'auto' = 'auto') {
    this.#api = api;
    this.#mode = mode;
    this.#collection = mode === 'auto' ? undefined : mode;
  }

  /** Which collection reads use: `eips`, `floatingips`, or undefined before the first read in auto mode. */
  get collection(): SangforEipCollection | undefined {
    return this.#collection;
  }

  listAll(
    filters?: SangforEipFilters,
    options: SangforListAllOptions & CallOptions = {},
  ): Paginator<SangforEip, number> {
    const { pageSize, ...call } = options;
    const query = filtersToQuery(filters, EIP_ID_FILTERS);
    return this.#api.paginatePages<SangforEip>(
      (pageNum, size) =>
        this.#readCollection((collection) => this.#page(collection, query, pageNum, size, call)),
      pageSize,
    );
  }

  async list(
    filters?: SangforEipFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Promise<SangforEip[]> {
    return this.listAll(filters, options).toArray();
  }

  async listPage(params?: SangforEipFilters, options?: CallOptions): Promise<SangforPage<SangforEip>> {
    const { query, pageNum, pageSize } = this.#api.pageQuery(params, EIP_ID_FILTERS);
    return this.#readCollection((collection) => this.#page(collection, query, pageNum, pageSize, options));
  }

  async get(eipId: string, options?: CallOptions): Promise<SangforEip> {
    requireId('eip_id', eipId);
    if (this.#collection === 'floatingips') return this.#scanFloatingIps(eipId, options);
    try {
      return await this.#api.get<SangforEip>(this.#api.path('eips', 'item', path`/eips/${eipId}`), options);
    } catch (error) {
      if (!(error instanceof NotFoundError) || this.#mode !== 'auto' || this.#collection === 'eips')
        throw error;
      // A 404 here means either "no such EIP" or "no /eips on this SCP": a list call tells them apart.
      await this.listPage({ page_num: 0, page_size: 1 }, options);
      if (this.#collection !== 'floatingips') throw error;
      return this.#scanFloatingIps(eipId, options);
    }
  }

  /** Allocates an EIP from the pool; returns `{ id, ip?, task_id? }`. */
  async allocate(
    request: SangforEipAllocateRequest,
    options?: CallOptions,
  ): Promise<SangforEipAllocateResult> {
    requireObject('request', request);
    requireId('az_id', request.az_id);
    requirePositiveInt('bandwidth_mb', request.bandwidth_mb);
    optionalText('name', request.name, 255);
    optionalText('description', request.description, 255);
    if (request.ip !== undefined) requireIp('ip', request.ip);
    const data = await this.#api.post<Record<string, unknown> | undefined>(
      this.#api.path('eips', 'list', '/eips'),
      { name: '', description: '', ...request },
      options,
    );
    const record = data ?? {};
    const uuids = record.uuids;
    const id = [
      record.id,
      record.eip_id,
      record.floatingip_id,
      Array.isArray(uuids) ? uuids[0] : undefined,
    ].find((value): value is string => typeof value === 'string' && value !== '');
    const taskId = taskIdOf(record);
    if (id === undefined) {
      // A protocol surprise, not bad input: say which task to look at so the address is not lost.
      throw new YunkitError(
        `SCP accepted the EIP allocation but named no EIP id${taskId === undefined ? '' : ` (task ${taskId})`}`,
      );
    }
    const ip = eipAddress(record as Partial<SangforEip>);
    return {
      ...record,
      id,
      ...(ip === undefined ? {} : { ip }),
      ...(taskId === undefined ? {} : { task_id: taskId }),
    };
  }

  /** Binds the EIP to a VM (its first NIC unless `port_id`); returns the task id. */
  async bind(
    eipId: string,
    request: SangforEipBindRequest,
    options?: CallOptions,
  ): Promise<string | undefined> {
    requireId('eip_id', eipId);
    requireObject('request', request);
    requireId('server_id', request.server_id);
    if (request.port_id !== undefined) requireToken('port_id', request.port_id);
    return this.#action(eipId, { action: 'bind', ...request }, options);
  }

  /** Unbinds the EIP; it stays allocated. Returns the task id. */
  async unbind(eipId: string, options?: CallOptions): Promise<string | undefined> {
    requireId('eip_id', eipId);
    return this.#action(eipId, { action: 'unbind' }, options);
  }

  /** Returns the EIP to the pool. */
  async release(eipId: string, options?: CallOptions): Promise<string | undefined> {
    requireId('eip_id', eipId);
    return taskIdOf(
      await this.#api.delete<unknown>(this.#api.path('eips', 'item', path`/eips/${eipId}`), options),
    );
  }

  /** Sets the bandwidth in Mbps; returns the task id if SCP runs it as a task. */
  async updateBandwidth(
    eipId: string,
    bandwidthMb: number,
    options?: CallOptions,
  ): Promise<string | undefined> {
    requireId('eip_id', eipId);
    requirePositiveInt('bandwidth_mb', bandwidthMb);
    const data = await this.#api.put<unknown>(
      this.#api.path('eips', 'item', path`/eips/${eipId}`),
      { bandwidth_mb: bandwidthMb },
      options,
    );
    return taskIdOf(data);
  }

  async #action(
    eipId: string,
    body: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<string | undefined> {
    const data = await this.#api.post<unknown>(
      this.#api.path('eips', 'item', path`/eips/${eipId}/action`),
      body,
      options,
    );
    return taskIdOf(data);
  }

  #page(
    collection: SangforEipCollection,
    query: Record<string, string>,
    pageNum: number,
    pageSize: number,
    options?: CallOptions,
  ): Promise<SangforPage<SangforEip>> {
    return this.#api.page<SangforEip>(
      this.#api.path(collection, 'list', `/${collection}`),
      query,
      pageNum,
      pageSize,
      options,
    );
  }

  /** Runs a list read on the known collection; in auto mode a 404 from `/eips` switches to `/floatingips`. */
  async #readCollection<T>(read: (collection: SangforEipCollection) => Promise<T>): Promise<T> {
    const guess = this.#collection ?? 'eips';
    try {
      const result = await read(guess);
      this.#collection = guess;
      return result;
    } catch (error) {
      if (this.#collection !== undefined || !(error instanceof NotFoundError)) throw error;
      const result = await read('floatingips');
      this.#collection = 'floatingips';
      return result;
    }
  }

  async #scanFloatingIps(eipId: string, options?: CallOptions): Promise<SangforEip> {
    for await (const eip of this.listAll(undefined, options)) {
      if (eip.id === eipId) return eip;
    }
    throw new NotFoundError({
      provider: 'sangfor',
      status: 404,
      code: '404',
      message: `floating IP ${eipId} not found`,
      method: 'GET',
      url: this.#api.url(this.#api.path('floatingips', 'list', '/floatingips')).href,
    });
  }
}
