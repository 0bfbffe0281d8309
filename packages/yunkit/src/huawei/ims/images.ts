/** IMS images (`GET /v2/cloudimages`, no project id in the path; X-Project-Id still sent). */
import { NotFoundError } from '../../core/errors.js';
import type { Paginator } from '../../core/paginate.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import { checkLimit, requireString } from '../validate.js';
import type { ImageInfo, ListImagesQuery, ListImagesResponse } from './types.js';

const PAGE_SIZE = 100;

export class Images {
  constructor(private readonly ctx: HuaweiContext) {}

  /** ListImages: one page (`{ images }`), with IMS's `__imagetype`, `__platform`, `__os_type`... filters. */
  async list(query: ListImagesQuery = {}, options?: HuaweiCallOptions): Promise<ListImagesResponse> {
    checkLimit(query.limit);
    const { data } = await this.ctx.request<ListImagesResponse>({
      service: 'ims',
      method: 'GET',
      path: '/v2/cloudimages',
      query: { ...query },
      options,
    });
    return { ...data, images: data.images ?? [] };
  }

  listAll(query: ListImagesQuery = {}, options?: HuaweiCallOptions): Paginator<ImageInfo, string> {
    checkLimit(query.limit);
    return markerPaginator(
      query.limit ?? PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.images,
    );
  }

  /** One image by id (`/v2/cloudimages?id=`, which carries the `__` IMS fields); NotFoundError if absent. */
  async get(imageId: string, options?: HuaweiCallOptions): Promise<ImageInfo> {
    requireString(imageId, 'imageId');
    const page = await this.list({ id: imageId }, options);
    const image = page.images.find((i) => i.id === imageId);
    if (!image) {
      throw new NotFoundError({
        provider: 'huawei',
        status: 404,
        code: 'IMG.0001',
        message: `image ${imageId} not found`,
        method: 'GET',
        url: '/v2/cloudimages',
      });
    }
    return image;
  }
}
