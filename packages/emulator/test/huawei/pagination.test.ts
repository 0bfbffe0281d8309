import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HuaweiHarness, serverBody, startHuawei } from './helpers.js';

let h: HuaweiHarness;
const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);

beforeAll(async () => {
  h = await startHuawei();
  await h.call({
    method: 'POST',
    path: '/v1/{pid}/cloudservers',
    body: await serverBody(h, { name: 'p', count: 5 }),
  });
  await h.call({
    method: 'POST',
    path: '/v2.1/{pid}/cloudvolumes',
    body: { volume: { availability_zone: 'cn-north-4a', volume_type: 'SAS', size: 10, name: 'v', count: 5 } },
  });
  for (let i = 0; i < 4; i++) {
    await h.call({
      method: 'POST',
      path: '/v1/{pid}/vpcs',
      body: { vpc: { name: `vpc${i}`, cidr: `10.${i}.0.0/16` } },
    });
    await h.call({
      method: 'POST',
      path: '/v1/{pid}/publicips',
      body: { publicip: { type: '5_bgp' }, bandwidth: { name: `bw${i}`, size: 1, share_type: 'PER' } },
    });
  }
});
afterAll(async () => {
  await h.close();
});

describe('ECS: offset is a 1-based page number', () => {
  it('pages with limit and offset, 0 counting as 1, with the total in count', async () => {
    const all = (await h.call({ path: '/v1/{pid}/cloudservers/detail' })).json;
    expect(all.count).toBe(5);
    const page1 = (
      await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { limit: '2', offset: '1' } })
    ).json;
    const page0 = (
      await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { limit: '2', offset: '0' } })
    ).json;
    const page2 = (
      await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { limit: '2', offset: '2' } })
    ).json;
    const page3 = (
      await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { limit: '2', offset: '3' } })
    ).json;
    expect(ids(page1.servers)).toEqual(ids(all.servers).slice(0, 2));
    expect(ids(page0.servers)).toEqual(ids(page1.servers));
    expect(ids(page2.servers)).toEqual(ids(all.servers).slice(2, 4));
    expect(ids(page3.servers)).toEqual(ids(all.servers).slice(4));
    expect([page1.count, page2.count, page3.count]).toEqual([5, 5, 5]);
  });

  it('pages with marker (the last id of the previous page)', async () => {
    const all = (await h.call({ path: '/v1/{pid}/cloudservers/detail' })).json;
    const next = (
      await h.call({
        path: '/v1/{pid}/cloudservers/detail',
        query: { limit: '2', marker: all.servers[1].id },
      })
    ).json;
    expect(ids(next.servers)).toEqual(ids(all.servers).slice(2, 4));
  });

  it('defaults limit to 25 and refuses limit above 1000', async () => {
    const bad = await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { limit: '1001' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('Ecs.0005');
  });
});

describe('EVS: offset counts records', () => {
  it('pages with offset as a record offset and gives a next link with a marker', async () => {
    const all = (await h.call({ path: '/v2/{pid}/cloudvolumes/detail' })).json;
    // Five data volumes plus the five servers' system disks.
    expect(all.count).toBe(10);
    expect(all.volumes_links).toEqual([]);
    const slice = (
      await h.call({ path: '/v2/{pid}/cloudvolumes/detail', query: { limit: '2', offset: '3' } })
    ).json;
    expect(ids(slice.volumes)).toEqual(ids(all.volumes).slice(3, 5));
    expect(slice.count).toBe(10);
    const first = (await h.call({ path: '/v2/{pid}/cloudvolumes/detail', query: { limit: '2' } })).json;
    expect(first.volumes_links[0].rel).toBe('next');
    const next = new URL(first.volumes_links[0].href);
    expect(next.searchParams.get('marker')).toBe(first.volumes[1].id);
    const second = (
      await h.call({ path: '/v2/{pid}/cloudvolumes/detail', query: Object.fromEntries(next.searchParams) })
    ).json;
    expect(ids(second.volumes)).toEqual(ids(all.volumes).slice(2, 4));
  });
});

describe('VPC, EIP and IMS: marker + limit', () => {
  it('VPCs', async () => {
    const all = (await h.call({ path: '/v1/{pid}/vpcs' })).json.vpcs;
    expect(all).toHaveLength(5);
    const first = (await h.call({ path: '/v1/{pid}/vpcs', query: { limit: '2' } })).json.vpcs;
    const second = (await h.call({ path: '/v1/{pid}/vpcs', query: { limit: '2', marker: first[1].id } })).json
      .vpcs;
    const third = (await h.call({ path: '/v1/{pid}/vpcs', query: { limit: '2', marker: second[1].id } })).json
      .vpcs;
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(ids(all));
    const badMarker = await h.call({ path: '/v1/{pid}/vpcs', query: { marker: 'nope' } });
    expect(badMarker.status).toBe(400);
    expect(badMarker.json.code).toBe('VPC.0101');
  });

  it('EIPs', async () => {
    const all = (await h.call({ path: '/v1/{pid}/publicips' })).json.publicips;
    expect(all).toHaveLength(4);
    const first = (await h.call({ path: '/v1/{pid}/publicips', query: { limit: '3' } })).json.publicips;
    const rest = (await h.call({ path: '/v1/{pid}/publicips', query: { limit: '3', marker: first[2].id } }))
      .json.publicips;
    expect([...ids(first), ...ids(rest)]).toEqual(ids(all));
  });

  it('IMS cloudimages and Glance images', async () => {
    const all = (await h.call({ path: '/v2/cloudimages' })).json.images;
    expect(all.length).toBe(7);
    const first = (await h.call({ path: '/v2/cloudimages', query: { limit: '4' } })).json.images;
    const rest = (await h.call({ path: '/v2/cloudimages', query: { limit: '4', marker: first[3].id } })).json
      .images;
    expect([...ids(first), ...ids(rest)]).toEqual(ids(all));
    const glance = (await h.call({ path: '/v2/images', query: { limit: '4' } })).json;
    expect(glance.next).toContain(`marker=${glance.images[3].id}`);
  });
});
