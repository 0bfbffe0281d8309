import { describe, expect, it } from 'vitest';
// Internal helpers, tested where they live rather than exported.
import { nextPageNumber, normalizePage } from '../../src/sangfor/api.js';
import { AZ, fakeResponse, offlineClient } from './helpers.js';

const page = (over: Record<string, unknown>) =>
  normalizePage<number>(
    { total_size: 30, page_num: 0, page_size: 10, next_page_num: 1, data: Array(10).fill(0), ...over },
    {
      page_num: 0,
      page_size: 10,
    },
  );

describe('SCP page shape', () => {
  it('stops on next_page_num "", an empty page, a short page or everything seen', () => {
    expect(nextPageNumber(page({}), 0, 10)).toBe(1);
    expect(nextPageNumber(page({ next_page_num: '2', page_num: 1 }), 1, 20)).toBe(2);
    expect(nextPageNumber(page({ next_page_num: '' }), 0, 10)).toBeUndefined();
    expect(nextPageNumber(page({ next_page_num: null }), 0, 10)).toBeUndefined();
    expect(nextPageNumber(page({ data: [] }), 0, 0)).toBeUndefined();
    expect(nextPageNumber(page({ data: [1, 2] }), 0, 2)).toBeUndefined();
    expect(nextPageNumber(page({}), 2, 30)).toBeUndefined();
    // A server that repeats the page it was asked for would loop forever.
    expect(nextPageNumber(page({ next_page_num: 0 }), 0, 10)).toBeUndefined();
  });

  it('reads a plain array as one complete page', () => {
    const p = normalizePage<string>(['a', 'b'], { page_num: 0, page_size: 100 });
    expect(p).toMatchObject({ total_size: 2, next_page_num: '', data: ['a', 'b'] });
  });

  it('judges a short page by the size the server used, not the size asked for', () => {
    const capped = normalizePage<number>(
      { total_size: 250, page_num: 0, page_size: 100, next_page_num: 1, data: Array(100).fill(0) },
      { page_num: 0, page_size: 1000 },
    );
    expect(nextPageNumber(capped, 0, 100)).toBe(1);
  });
});

describe('listAll is lazy', () => {
  it('sends nothing until iterated, then one request per page consumed, with 0-based page_num', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ id: `vm-${i}`, name: `vm-${i}` }));
    const { client, transport } = offlineClient((request) => {
      const num = Number(request.url.searchParams.get('page_num'));
      const size = Number(request.url.searchParams.get('page_size'));
      const slice = items.slice(num * size, num * size + size);
      const last = (num + 1) * size >= items.length;
      return fakeResponse(200, {
        code: 0,
        message: '',
        data: {
          total_size: items.length,
          page_num: num,
          page_size: size,
          next_page_num: last ? '' : num + 1,
          data: slice,
        },
      });
    });
    const list = client.servers.listAll({ az_id: AZ, status: 'running' }, { pageSize: 10 });
    expect(transport.sent).toHaveLength(0);
    const first: string[] = [];
    for await (const vm of list) {
      first.push(vm.id);
      if (first.length === 3) break;
    }
    expect(transport.sent).toHaveLength(1);
    const query = transport.sent[0]!.url.searchParams;
    expect(query.get('page_num')).toBe('0');
    expect(query.get('az_id')).toBe(AZ);
    expect(query.get('status')).toBe('running');
    const all = await list.toArray();
    expect(all.map((vm) => vm.id)).toEqual(items.map((vm) => vm.id));
    expect(transport.sent.slice(1).map((r) => r.url.searchParams.get('page_num'))).toEqual(['0', '1', '2']);
  });
});
