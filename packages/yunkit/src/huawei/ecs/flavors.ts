/** ECS flavors (`GET /v1/{project_id}/cloudservers/flavors`), paged by marker. */
import { NotFoundError } from '../../core/errors.js';
import { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { checkLimit, requireString } from '../validate.js';
import type { Flavor, ListFlavorsQuery, ListFlavorsResponse } from './types.js';

export class Flavors {
  constructor(private readonly ctx: HuaweiContext) {}

  /** ListFlavors: one page as Huawei returns it (`{ flavors }`). */
  async list(query: ListFlavorsQuery = {}, options?: HuaweiCallOptions): Promise<ListFlavorsResponse> {
    checkLimit(query.limit);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<ListFlavorsResponse>({
      service: 'ecs',
      method: 'GET',
      path: path`/v1/${projectId}/cloudservers/flavors`,
      query: { ...query },
      options,
    });
    return { ...data, flavors: data.flavors ?? [] };
  }

  /**
   * Every flavor, lazily. Without `limit`, Huawei answers the whole list in one page; with it,
   * the next page starts after the last flavor id (`marker`).
   */
  listAll(query: ListFlavorsQuery = {}, options?: HuaweiCallOptions): Paginator<Flavor, string> {
    checkLimit(query.limit);
    return new Paginator<Flavor, string>(async (marker) => {
      const page = await this.list({ ...query, marker: marker ?? query.marker }, options);
      const last = page.flavors[page.flavors.length - 1];
      const full = query.limit !== undefined && page.flavors.length >= query.limit;
      return { items: page.flavors, next: full && last ? last.id : undefined, raw: page };
    });
  }

  /** One flavor by id (ListFlavors filtered by `flavor_id`); NotFoundError when it does not exist. */
  async get(
    flavorId: string,
    query: Pick<ListFlavorsQuery, 'availability_zone'> = {},
    options?: HuaweiCallOptions,
  ) {
    requireString(flavorId, 'flavorId');
    const page = await this.list({ ...query, flavor_id: flavorId }, options);
    const flavor = page.flavors.find((f) => f.id === flavorId);
    if (!flavor) {
      throw new NotFoundError({
        provider: 'huawei',
        status: 404,
        code: 'Ecs.0039',
        message: `flavor ${flavorId} not found`,
      });
    }
    return flavor;
  }
}
