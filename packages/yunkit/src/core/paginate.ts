import { ValidationError } from './errors.js';

export interface PageResult<TItem, TCursor> {
  items: TItem[];
  /** undefined on the last page. */
  next: TCursor | undefined;
  total?: number;
  /** The page as the cloud returned it. */
  raw?: unknown;
}

export interface PaginatorOptions {
  /** Stop when a page returns the cursor that fetched it (a server bug that would loop forever). Default true. */
  stopOnSameCursor?: boolean;
}

function sameCursor(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A lazy list: nothing is fetched until the consumer asks, and the next page only once the current
 * one is used up. Each iteration (`for await`, `pages()`, `toArray()`) starts from the first page.
 */
export class Paginator<TItem, TCursor = unknown> implements AsyncIterable<TItem> {
  private readonly fetchPage: (cursor: TCursor | undefined) => Promise<PageResult<TItem, TCursor>>;
  private readonly stopOnSameCursor: boolean;

  constructor(
    fetchPage: (cursor: TCursor | undefined) => Promise<PageResult<TItem, TCursor>>,
    options: PaginatorOptions = {},
  ) {
    this.fetchPage = fetchPage;
    this.stopOnSameCursor = options.stopOnSameCursor ?? true;
  }

  async *pages(): AsyncGenerator<PageResult<TItem, TCursor>, void, undefined> {
    let cursor: TCursor | undefined;
    for (;;) {
      const page = await this.fetchPage(cursor);
      yield page;
      if (page.next === undefined || page.next === null) return;
      if (this.stopOnSameCursor && sameCursor(page.next, cursor)) return;
      cursor = page.next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<TItem, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.items;
    }
  }

  /** Collects the items; with `limit`, stops fetching as soon as it has that many. */
  async toArray(options: { limit?: number } = {}): Promise<TItem[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0) {
      throw new ValidationError('limit must be a non-negative number', 'limit');
    }
    const out: TItem[] = [];
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}
