/**
 * The three ways every paginated SCP collection is read (`listAll` lazily, `list` as an array,
 * `listPage` with SCP's page metadata), written once for the resources that have one collection.
 */
import type { CallOptions, Paginator } from '../core/index.js';
import type { SangforApi } from './api.js';
import type { SangforListAllOptions, SangforPage, SangforPageParams } from './types.js';
import type { SangforApiArea } from './versions.js';

export interface SangforCollectionSpec {
  area: SangforApiArea;
  /** The collection's path after the version segment, e.g. `/servers`. */
  path: string;
  /** Filters that must be UUIDs when given (SCP answers `az_id=` with `az_id输入错误：值必须是UUID格式`). */
  idFilters: readonly string[];
}

export abstract class SangforListResource<TItem, TFilters extends object> {
  protected readonly api: SangforApi;
  readonly #spec: SangforCollectionSpec;

  protected constructor(api: SangforApi, spec: SangforCollectionSpec) {
    this.api = api;
    this.#spec = spec;
  }

  /**
   * Every item matching the filters, fetched page by page as the loop consumes them (`for await`,
   * `.pages()`, `.toArray({ limit })`). Filters are checked now; nothing is sent until iteration.
   */
  listAll(filters?: TFilters, options?: SangforListAllOptions & CallOptions): Paginator<TItem, number> {
    return this.api.paginate<TItem>(this.#listPath(), filters, this.#spec.idFilters, options);
  }

  /** Every item matching the filters, as one array. */
  async list(filters?: TFilters, options?: SangforListAllOptions & CallOptions): Promise<TItem[]> {
    return this.listAll(filters, options).toArray();
  }

  /** One page with SCP's metadata (`total_size`, `next_page_num`); `page_num` is 0-based. */
  async listPage(params?: TFilters & SangforPageParams, options?: CallOptions): Promise<SangforPage<TItem>> {
    return this.api.listPage<TItem>(this.#listPath(), params, this.#spec.idFilters, options);
  }

  #listPath(): string {
    return this.api.path(this.#spec.area, 'list', this.#spec.path);
  }
}
