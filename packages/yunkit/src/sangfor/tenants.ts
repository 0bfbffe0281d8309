/** Tenants (SCP "projects"). */

import type { CallOptions, Paginator } from '../core/index.js';
import { path } from '../core/index.js';
import type { SangforApi } from './api.js';
import type { SangforListAllOptions, SangforPage, SangforTenant, SangforTenantFilters } from './types.js';
import { requireId, requireName } from './validate.js';

const TENANT_ID_FILTERS = ['az_id', 'dh_id'] as const;

export class SangforTenants {
  readonly #api: SangforApi;

  constructor(api: SangforApi) {
    this.#api = api;
  }

  listAll(
    filters?: SangforTenantFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Paginator<SangforTenant, number> {
    return this.#api.paginate<SangforTenant>(
      this.#api.path('projects', 'list', '/projects'),
      filters,
      TENANT_ID_FILTERS,
      options,
    );
  }

  async list(
    filters?: SangforTenantFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Promise<SangforTenant[]> {
    return this.listAll(filters, options).toArray();
  }

  async listPage(params?: SangforTenantFilters, options?: CallOptions): Promise<SangforPage<SangforTenant>> {
    const { query, pageNum, pageSize } = this.#api.pageQuery(params, TENANT_ID_FILTERS);
    return this.#api.page<SangforTenant>(
      this.#api.path('projects', 'list', '/projects'),
      query,
      pageNum,
      pageSize,
      options,
    );
  }

  async get(tenantId: string, options?: CallOptions): Promise<SangforTenant> {
    requireId('tenant_id', tenantId);
    return this.#api.get<SangforTenant>(
      this.#api.path('projects', 'item', path`/projects/${tenantId}`),
      options,
    );
  }

  /**
   * The tenant with exactly this name, or undefined. SCP's `keywords` filter narrows the search
   * server-side but matches substrings, so the name is compared here.
   */
  async findByName(name: string, options?: CallOptions): Promise<SangforTenant | undefined> {
    requireName('name', name);
    for await (const tenant of this.listAll({ keywords: name }, options)) {
      if (tenant.name === name) return tenant;
    }
    return undefined;
  }
}
