/** Marker paging (VPC, EIP, IMS, ECS servers by marker): the next page starts after the last id of this one. */
import { Paginator } from '../core/paginate.js';

/**
 * A full page (as many items as asked for) means there may be more; a short page is the last.
 * `limit` is always sent so that this test is reliable whatever the service's default page size.
 */
export function markerPaginator<TItem extends { id: string }, TPage>(
  limit: number,
  startMarker: string | undefined,
  fetch: (marker: string | undefined, limit: number) => Promise<TPage>,
  items: (page: TPage) => TItem[],
  total?: (page: TPage) => number,
): Paginator<TItem, string> {
  return new Paginator<TItem, string>(async (marker) => {
    const page = await fetch(marker ?? startMarker, limit);
    const list = items(page);
    const last = list[list.length - 1];
    return {
      items: list,
      next: list.length >= limit && last ? last.id : undefined,
      ...(total ? { total: total(page) } : {}),
      raw: page,
    };
  });
}
