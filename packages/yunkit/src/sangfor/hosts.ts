/** Physical hosts (nodes). Host ids are not UUIDs on every release (`host-0cc47a3e52b0`). */
import type { CallOptions } from '../core/index.js';
import { path } from '../core/index.js';
import { itemsOf, type SangforApi } from './api.js';
import { SangforListResource } from './listing.js';
import type {
  SangforHost,
  SangforHostFilters,
  SangforHostInterface,
  SangforInterfaceFunction,
} from './types.js';
import { filtersToQuery, requireToken } from './validate.js';

const HOST_ID_FILTERS = ['az_id'] as const;

export interface SangforHostInterfaceFilters {
  function?: SangforInterfaceFunction;
  /** 1 = only interfaces with traffic control configured. */
  is_qos_config?: 0 | 1;
}

export class SangforHosts extends SangforListResource<SangforHost, SangforHostFilters> {
  constructor(api: SangforApi) {
    super(api, { area: 'hosts', path: '/hosts', idFilters: HOST_ID_FILTERS });
  }

  /**
   * One host. `GET /hosts/{id}` answered 404 on real systems under both versions, so a 404 falls back
   * to a search of the list; NotFoundError only when the list does not have it either.
   */
  async get(hostId: string, options?: CallOptions): Promise<SangforHost> {
    requireToken('host_id', hostId);
    return this.api.getOrFindInList<SangforHost>(
      this.api.path('hosts', 'item', path`/hosts/${hostId}`),
      hostId,
      () => this.listAll(undefined, options),
      options,
    );
  }

  /** The host's network interfaces (answered only under API version 20180725 on real systems). */
  async interfaces(
    hostId: string,
    filters?: SangforHostInterfaceFilters,
    options?: CallOptions,
  ): Promise<SangforHostInterface[]> {
    requireToken('host_id', hostId);
    const data = await this.api.get<unknown>(
      this.api.path('hostInterfaces', 'item', path`/hosts/${hostId}/interfaces`),
      { ...options, query: filtersToQuery(filters) },
    );
    return itemsOf<SangforHostInterface>(data);
  }
}
