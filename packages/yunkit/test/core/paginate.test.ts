import { describe, expect, it } from 'vitest';
import { type PageResult, Paginator, ValidationError } from 'yunkit/core';

function numbered(pageCount: number, pageSize: number) {
  const fetched: Array<number | undefined> = [];
  const paginator = new Paginator<number, number>(async (cursor) => {
    fetched.push(cursor);
    const page = cursor ?? 0;
    const items = Array.from({ length: pageSize }, (_, i) => page * pageSize + i);
    return { items, next: page + 1 < pageCount ? page + 1 : undefined, total: pageCount * pageSize };
  });
  return { paginator, fetched };
}

describe('Paginator', () => {
  it('fetches nothing until asked, and the next page only when the current one is used up', async () => {
    const { paginator, fetched } = numbered(5, 3);
    expect(fetched).toEqual([]);
    const iterator = paginator[Symbol.asyncIterator]();
    expect(fetched).toEqual([]);
    expect((await iterator.next()).value).toBe(0);
    expect(fetched).toEqual([undefined]);
    await iterator.next();
    await iterator.next();
    expect(fetched).toHaveLength(1);
    expect((await iterator.next()).value).toBe(3);
    expect(fetched).toEqual([undefined, 1]);
  });

  it('stops fetching when the consumer breaks out', async () => {
    const { paginator, fetched } = numbered(100, 10);
    const seen: number[] = [];
    for await (const n of paginator) {
      seen.push(n);
      if (n === 12) break;
    }
    expect(seen).toHaveLength(13);
    expect(fetched).toHaveLength(2);
  });

  it('toArray collects everything, or stops at the limit without fetching further pages', async () => {
    const all = numbered(4, 5);
    expect(await all.paginator.toArray()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(all.fetched).toHaveLength(4);

    const limited = numbered(100, 5);
    expect(await limited.paginator.toArray({ limit: 7 })).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(limited.fetched).toHaveLength(2);
    expect(await limited.paginator.toArray({ limit: 0 })).toEqual([]);
    expect(limited.fetched).toHaveLength(2);
    for (const limit of [-1, Number.NaN]) {
      await expect(limited.paginator.toArray({ limit })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(limited.fetched).toHaveLength(2);
  });

  it('yields pages with their metadata, restarting from the first page on each iteration', async () => {
    const { paginator, fetched } = numbered(3, 2);
    const pages: Array<PageResult<number, number>> = [];
    for await (const page of paginator.pages()) pages.push(page);
    expect(pages.map((p) => p.items)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(pages[0]!.total).toBe(6);
    await paginator.toArray();
    expect(fetched).toEqual([undefined, 1, 2, undefined, 1, 2]);
  });

  it('stops when a server hands back the cursor it was given, unless told not to', async () => {
    let calls = 0;
    const stuck = new Paginator<string, { page: number }>(async (cursor) => {
      calls += 1;
      return { items: [`item-${calls}`], next: { page: cursor ? cursor.page : 1 } };
    });
    expect(await stuck.toArray()).toEqual(['item-1', 'item-2']);
    expect(calls).toBe(2);

    let unguarded = 0;
    const same = new Paginator<number, string>(
      async () => {
        unguarded += 1;
        return { items: [unguarded], next: 'same' };
      },
      { stopOnSameCursor: false },
    );
    expect(await same.toArray({ limit: 4 })).toEqual([1, 2, 3, 4]);
  });

  it('passes empty pages through and ends on a null cursor', async () => {
    const pages: Array<PageResult<number, number | null>> = [
      { items: [], next: 1 },
      { items: [7], next: null },
    ];
    const paginator = new Paginator<number, number | null>(async (cursor) => pages[cursor ?? 0]!);
    expect(await paginator.toArray()).toEqual([7]);
  });
});
