/** Images: ISO (install media) and aCloud (pre-built system disks). */
import { NotFoundError } from '../core/errors.js';
import type { CallOptions, Paginator } from '../core/index.js';
import { path } from '../core/index.js';
import type { SangforApi } from './api.js';
import type { SangforImage, SangforImageFilters, SangforListAllOptions, SangforPage } from './types.js';
import { requireId } from './validate.js';

const IMAGE_ID_FILTERS = ['az_id'] as const;

export class SangforImages {
  readonly #api: SangforApi;

  constructor(api: SangforApi) {
    this.#api = api;
  }

  listAll(
    filters?: SangforImageFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Paginator<SangforImage, number> {
    return this.#api.paginate<SangforImage>(
      this.#api.path('images', 'list', '/images'),
      filters,
      IMAGE_ID_FILTERS,
      options,
    );
  }

  /** Every image; narrow with `{ disk_format: 'ISO' | 'aCloud' }`. */
  async list(
    filters?: SangforImageFilters,
    options?: SangforListAllOptions & CallOptions,
  ): Promise<SangforImage[]> {
    return this.listAll(filters, options).toArray();
  }

  async listPage(params?: SangforImageFilters, options?: CallOptions): Promise<SangforPage<SangforImage>> {
    const { query, pageNum, pageSize } = this.#api.pageQuery(params, IMAGE_ID_FILTERS);
    return this.#api.page<SangforImage>(
      this.#api.path('images', 'list', '/images'),
      query,
      pageNum,
      pageSize,
      options,
    );
  }

  /** ISO images (install from media). */
  async listIso(
    filters?: Omit<SangforImageFilters, 'disk_format'>,
    options?: SangforListAllOptions & CallOptions,
  ): Promise<SangforImage[]> {
    return this.list({ ...filters, disk_format: 'ISO' }, options);
  }

  /** aCloud images (pre-built system disks). */
  async listACloud(
    filters?: Omit<SangforImageFilters, 'disk_format'>,
    options?: SangforListAllOptions & CallOptions,
  ): Promise<SangforImage[]> {
    return this.list({ ...filters, disk_format: 'aCloud' }, options);
  }

  /**
   * One image. Real SCP systems answered `GET /images/{id}` with 404, so a 404 there falls back to a
   * search of the list; NotFoundError only when the list does not have it either.
   */
  async get(imageId: string, options?: CallOptions): Promise<SangforImage> {
    requireId('image_id', imageId);
    try {
      return await this.#api.get<SangforImage>(
        this.#api.path('images', 'item', path`/images/${imageId}`),
        options,
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      for await (const image of this.listAll(undefined, options)) {
        if (image.id === imageId) return image;
      }
      throw error;
    }
  }
}
