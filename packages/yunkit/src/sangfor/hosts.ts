/** Physical hosts (nodes). Host ids are not UUIDs on every release (`host-0cc47a3e52b0`). */
import { NotFoundError } from '../core/errors.js';
import type { CallOptions, Paginator } from '../core/index.js';
import { path } from '../core/index.js';
import type { SangforApi } from './api.js';
import { itemsOf } from './resource-pools.js';
import type {
  SangforHost,
  SangforHostFilters,
  SangforHostInterface,
  SangforInterfaceFunction,
  SangforListAllOptions,
  SangforPage,
} from './types.js';
import { filtersToQuery, requireToken } from './validate.js';

const HOST_ID_FILTERS = ['az_id'] as const;

export interface SangforHostInterfaceFilters {
  function?: SangforInterfaceFunction;
  /** 1 = only interfaces with traffic control configured. */
  is_qos_config?: 0 | 1;
}

export class SangforHosts {
  readonly #api: SangforApi;

  constructor(api: SangforApi) {
    this.#api = api;
  }

  listAll(
    filters?: SangforHostFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Paginator<SangforHost, number> {
    return this.#api.paginate<SangforHost>(
      this.#api.path('hosts', 'list', '/hosts'),
      filters,
      HOST_ID_FILTERS,
      options,
    );
  }

  async list(
    filters?: SangforHostFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Promise<SangforHost[]> {
    return this.listAll(filters, options).toArray();
  }

  async listPage(params?: SangforHostFilters, options?: CallOptions): Promise<SangforPage<SangforHost>> {
    const { query, pageNum, pageSize } = this.#api.pageQuery(params, HOST_ID_FILTERS);
    return this.#api.page<SangforHost>(
      this.#api.path('hosts', 'list', '/hosts'),
      query,
      pageNum,
      pageSize,
      options,
    );
  }

  /**
   * One host. `GET /hosts/{id}` answered 404 on real systems under both versions, so a 404 falls back
   * to a search of the list; NotFoundError only when the list does not have it either.
   */
  async get(hostId: string, options?: CallOptions): Promise<SangforHost> {
    requireToken('host_id', hostId);
    try {
      return await this.#api.get<SangforHost>(
        this.#api.path('hosts', 'item', path`/hosts/${hostId}`),
        options,
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      for await (const host of this.listAll(undefined, options)) {
        if (host.id === hostId) return host;
      }
      throw error;
    }
  }

  /** The host's network interfaces (answered only under API version 20180725 on real systems). */
  async interfaces(
    hostId: string,
    filters?: SangforHostInterfaceFilters,
    options?: CallOptions,
  ): Promise<SangforHostInterface[]> {
    requireToken('host_id', hostId);
    const data = await this.#api.get<unknown>(
      this.#api.path('hostInterfaces', 'item', path`/hosts/${hostId}/interfaces`),
      { ...options, query: filtersToQuery(filters) },
    );
    return itemsOf<SangforHostInterface>(data);
  }
}
