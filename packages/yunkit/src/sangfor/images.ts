/** Images: ISO (install media) and aCloud (pre-built system disks). */
import type { CallOptions } from '../core/index.js';
import { path } from '../core/index.js';
import type { SangforApi } from './api.js';
import { SangforListResource } from './listing.js';
import type { SangforImage, SangforImageFilters, SangforListAllOptions } from './types.js';
import { requireId } from './validate.js';

const IMAGE_ID_FILTERS = ['az_id'] as const;

export class SangforImages extends SangforListResource<SangforImage, SangforImageFilters> {
  constructor(api: SangforApi) {
    super(api, { area: 'images', path: '/images', idFilters: IMAGE_ID_FILTERS });
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
    return this.api.getOrFindInList<SangforImage>(
      this.api.path('images', 'item', path`/images/${imageId}`),
      imageId,
      () => this.listAll(undefined, options),
      options,
    );
  }
}
