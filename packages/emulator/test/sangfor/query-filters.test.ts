import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryMatcher, ScpError } from '../../src/sangfor/wire.js';
import { type Scp, startScp } from './helpers.js';

interface Row {
  id: string;
  az_id: string;
  name: string;
  tags: string[];
}

const AZ_A = 'a2a00001-5cf1-4b6e-9d2a-000000000001';
const AZ_B = 'a2a00002-5cf1-4b6e-9d2a-000000000002';
const ROWS: Row[] = [
  { id: '1', az_id: AZ_A, name: 'web-01', tags: ['prod'] },
  { id: '2', az_id: AZ_A, name: 'db-01', tags: ['prod', 'db'] },
  { id: '3', az_id: AZ_B, name: 'web-02', tags: [] },
];

function pick(query: Record<string, string>): string[] {
  const matches: (row: Row) => boolean = queryMatcher(new URLSearchParams(query), {
    az_id: 'equal',
    name: 'contains',
    tag: (wanted, row) => row.tags.includes(wanted),
  });
  return ROWS.filter(matches).map((row) => row.id);
}

function refusal(query: Record<string, string>): string {
  try {
    pick(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ScpError);
    expect((error as ScpError).status).toBe(400);
    return (error as ScpError).message;
  }
  throw new Error('expected a 400');
}

describe('sangfor emulator: query filters on list routes', () => {
  it('keeps every record when no filter is given, and ignores unnamed parameters', () => {
    expect(pick({})).toEqual(['1', '2', '3']);
    expect(pick({ page_size: '10', other: 'x' })).toEqual(['1', '2', '3']);
  });

  it('matches equality, substring and custom filters, all of them at once', () => {
    expect(pick({ az_id: AZ_A })).toEqual(['1', '2']);
    expect(pick({ az_id: AZ_A.toUpperCase() })).toEqual(['1', '2']);
    expect(pick({ name: 'web' })).toEqual(['1', '3']);
    expect(pick({ name: 'web-0' })).toEqual(['1', '3']);
    expect(pick({ name: 'WEB' })).toEqual([]);
    expect(pick({ tag: 'prod' })).toEqual(['1', '2']);
    expect(pick({ az_id: AZ_A, name: 'web', tag: 'prod' })).toEqual(['1']);
    expect(pick({ az_id: AZ_B, tag: 'prod' })).toEqual([]);
  });

  it('refuses a bad value with 400, naming the first bad filter in the order given', () => {
    expect(refusal({ az_id: 'nope' })).toBe('az_id输入错误：值必须是UUID格式');
    expect(refusal({ name: '' })).toBe('name输入错误：值不能为空');
    expect(refusal({ tag: '', az_id: '' })).toBe('az_id输入错误：值必须是UUID格式');
  });

  describe('on the routes', () => {
    let scp: Scp;
    beforeAll(async () => {
      scp = await startScp();
    });
    afterAll(async () => {
      await scp.close();
    });

    const names = async (path: string, query: Record<string, string>) => {
      const answer = await scp.call('GET', path, { query });
      expect(answer.status).toBe(200);
      const data = answer.json.data;
      return (Array.isArray(data) ? data : data.data).map((item: { name: string }) => item.name);
    };

    it('filters by substring of the name on hosts and by exact name on tenants', async () => {
      expect(await names('/janus/20190725/hosts', { name: 'edge' })).toEqual([
        'node-edge-01',
        'node-edge-02',
      ]);
      expect(await names('/janus/20190725/projects', { name: 'dev' })).toEqual([]);
      expect(await names('/janus/20190725/projects', { name: 'dev-team' })).toEqual(['dev-team']);
      expect(
        await names('/janus/20190725/projects', { az_id: 'a2a00002-5cf1-4b6e-9d2a-000000000002' }),
      ).toEqual(['admin']);
    });

    it('matches disk_format in any letter case and volume type only as new_disk', async () => {
      expect(await names('/janus/20180725/images', { disk_format: 'iso' })).toHaveLength(2);
      expect(await names('/janus/20180725/volumes', { type: 'new_disk' })).toHaveLength(1);
      expect(await names('/janus/20180725/volumes', { type: 'derive_disk' })).toEqual([]);
    });

    it('answers a bad filter on a route with the SCP message', async () => {
      const answer = await scp.call('GET', '/janus/20180725/vpcs', { query: { az_id: 'x' } });
      expect(answer.status).toBe(400);
      expect(answer.json.message).toBe('az_id输入错误：值必须是UUID格式');
    });
  });
});
