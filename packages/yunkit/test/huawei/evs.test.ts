import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from 'yunkit/core';
import type { HuaweiClient, RawRequestInfo } from 'yunkit/huawei';
import { HttpHandler } from 'yunkit/huawei';
import { fastJob, type HuaweiFixture, startHuawei } from './helpers.js';

let fx: HuaweiFixture;
let hw: HuaweiClient;
const seen: RawRequestInfo[] = [];
const az = 'cn-north-4a';

beforeAll(async () => {
  fx = await startHuawei();
  hw = fx.client({ httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) });
});
afterAll(async () => fx.close());

describe('EVS volumes', () => {
  let ids: string[] = [];

  it('creates volumes through v2.1 with X-Client-Token and waits on the EVS job', async () => {
    const created = await hw.evs.volumes.create({
      volume: {
        availability_zone: az,
        volume_type: 'SSD',
        size: 20,
        name: 'data',
        count: 5,
        metadata: { env: 'test' },
      },
    });
    const post = seen.findLast((r) => r.method === 'POST')!;
    expect(post.pathUrl).toMatch(/^\/v2\.1\/[0-9a-f]+\/cloudvolumes$/);
    expect(post.headers['X-Client-Token']).toBeTruthy();
    expect(created.volume_ids).toHaveLength(5);
    const job = await hw.evs.jobs.wait(created.job_id, fastJob);
    expect(job.status).toBe('SUCCESS');
    ids = created.volume_ids;
    expect((await hw.evs.volumes.get(ids[0]!)).status).toBe('available');
  });

  it('pages with a record offset', async () => {
    const page = await hw.evs.volumes.list({ limit: 2, offset: 3, name: 'data' });
    expect(page.volumes).toHaveLength(2);
    const before = seen.length;
    const all = await hw.evs.volumes.listAll({ limit: 2, name: 'data' }).toArray();
    expect(all.map((v) => v.id).sort()).toEqual([...ids].sort());
    const offsets = seen.slice(before).map((r) => new URLSearchParams(r.pathUrl.split('?')[1]).get('offset'));
    expect(offsets).toEqual(['0', '2', '4']);
    expect(await hw.evs.volumes.count({ name: 'data' })).toBe(5);
  });

  it('updates, resizes (os-extend) and deletes a volume', async () => {
    const id = ids[0]!;
    const updated = await hw.evs.volumes.update(id, { volume: { name: 'renamed', description: 'x' } });
    expect(updated.name).toBe('renamed');
    const resize = await hw.evs.volumes.resize(id, 40);
    expect(JSON.parse(seen.findLast((r) => r.pathUrl.endsWith('/action'))!.body!)).toEqual({
      'os-extend': { new_size: 40 },
    });
    expect(resize.job_id).toMatch(/^[0-9a-f]{32}$/);
    await hw.evs.jobs.wait(resize.job_id!, fastJob);
    expect((await hw.evs.volumes.get(id)).size).toBe(40);
    const deleted = await hw.evs.volumes.delete(id);
    expect(deleted.job_id).toMatch(/^[0-9a-f]{32}$/);
    await hw.evs.jobs.wait(deleted.job_id!, fastJob);
    const err = await hw.evs.volumes.get(id).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toMatch(/^EVS\./);
  });

  it('keeps one X-Client-Token across the retries of a create whose answer was lost', async () => {
    fx.emulator.context.faults.set({
      rules: [{ method: 'POST', path: '/cloudvolumes', action: 'drop-response', times: 1 }],
    });
    try {
      const before = seen.length;
      const created = await hw.evs.volumes.create({
        volume: { availability_zone: az, volume_type: 'SAS', size: 10, name: 'lost-answer' },
      });
      const posts = seen.slice(before).filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(2);
      expect(posts[0]!.headers['X-Client-Token']).toBeTruthy();
      expect(posts[1]!.headers['X-Client-Token']).toBe(posts[0]!.headers['X-Client-Token']);
      await hw.evs.jobs.wait(created.job_id, fastJob);
      const named = await hw.evs.volumes.listAll({ name: 'lost-answer' }).toArray();
      expect(named.map((v) => v.id)).toEqual(created.volume_ids);
    } finally {
      fx.emulator.context.faults.clear();
    }
  });

  it('validates before sending', async () => {
    const before = seen.length;
    await expect(
      hw.evs.volumes.create({ volume: { availability_zone: az, volume_type: 'SSD' } }),
    ).rejects.toThrow(/volume.size/);
    await expect(hw.evs.volumes.list({ offset: -1 })).rejects.toBeInstanceOf(ValidationError);
    expect(seen.length).toBe(before);
  });
});
