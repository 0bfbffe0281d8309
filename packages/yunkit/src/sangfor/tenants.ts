/** Tenants (SCP "projects"). */

import type { CallOptions } from '../core/index.js';
import { path } from '../core/index.js';
import type { SangforApi } from './api.js';
import { SangforListResource } from './listing.js';
import type { SangforTenant, SangforTenantFilters } from './types.js';
import { requireId, requireName } from './validate.js';

const TENANT_ID_FILTERS = ['az_id', 'dh_id'] as const;

export class SangforTenants extends SangforListResource<SangforTenant, SangforTenantFilters> {
  constructor(api: SangforApi) {
    super(api, { area: 'projects', path: '/projects', idFilters: TENANT_ID_FILTERS });
  }

  async get(tenantId: string, options?: CallOptions): Promise<SangforTenant> {
    requireId('tenant_id', tenantId);
    return this.api.get<SangforTenant>(
      this.api.path('projects', 'item', path`/projects/${tenantId}`),
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
