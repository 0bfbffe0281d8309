/** Resource pools (availability zones, `azs`), the platform overview and storage tags. */

import type { CallOptions } from '../core/index.js';
import { path } from '../core/index.js';
import { itemsOf, type SangforApi } from './api.js';
import { SangforListResource } from './listing.js';
import type {
  SangforOverview,
  SangforResourcePool,
  SangforResourcePoolFilters,
  SangforStorageTag,
} from './types.js';
import { filtersToQuery, optionalId, requireId } from './validate.js';

export class SangforResourcePools extends SangforListResource<
  SangforResourcePool,
  SangforResourcePoolFilters
> {
  constructor(api: SangforApi) {
    super(api, { area: 'azs', path: '/azs', idFilters: [] });
  }

  /** One pool with its `physical_resources` / `virtual_resources`. */
  async get(azId: string, options?: CallOptions): Promise<SangforResourcePool> {
    requireId('az_id', azId);
    return this.api.get<SangforResourcePool>(this.api.path('azs', 'item', path`/azs/${azId}`), options);
  }

  /** Usage summary of the whole platform, or of one pool. */
  async overview(azId?: string, options?: CallOptions): Promise<SangforOverview> {
    optionalId('az_id', azId);
    return this.api.get<SangforOverview>(this.api.path('overview', 'item', '/overview'), {
      ...options,
      query: filtersToQuery({ az_id: azId }),
    });
  }

  /** Storage tags usable in a pool (a plain array, or a page on some releases). */
  async storageTags(azId?: string, options?: CallOptions): Promise<SangforStorageTag[]> {
    optionalId('az_id', azId);
    const data = await this.api.get<unknown>(this.api.path('storages', 'list', '/storages/tags'), {
      ...options,
      query: filtersToQuery({ az_id: azId }),
    });
    return itemsOf<SangforStorageTag>(data);
  }
}
