/** IAM regions (`/v3/regions`) and the caller's domains (`/v3/auth/domains`). */
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import type { Domain, ListRegionsResponse } from './types.js';

export class Regions {
  constructor(private readonly ctx: HuaweiContext) {}

  /** KeystoneListRegions. */
  async list(options?: HuaweiCallOptions): Promise<ListRegionsResponse> {
    const { data } = await this.ctx.request<ListRegionsResponse>({
      service: 'iam',
      method: 'GET',
      path: '/v3/regions',
      auth: 'domain',
      options,
    });
    return { ...data, regions: data.regions ?? [] };
  }
}

export class Domains {
  constructor(private readonly ctx: HuaweiContext) {}

  /** KeystoneListAuthDomains: the account the credentials belong to. */
  async list(options?: HuaweiCallOptions): Promise<{ domains: Domain[] }> {
    const { data } = await this.ctx.request<{ domains?: Domain[] }>({
      service: 'iam',
      method: 'GET',
      path: '/v3/auth/domains',
      auth: 'domain',
      options,
    });
    return { ...data, domains: data.domains ?? [] };
  }

  /** The caller's domain (account) id, from the credentials or resolved through IAM. */
  current(): Promise<string> {
    return this.ctx.domainId();
  }
}
