import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServers, type HuaweiHarness, runJob, startHuawei } from './helpers.js';

let h: HuaweiHarness;
beforeEach(async () => {
  h = await startHuawei();
});
afterEach(async () => {
  await h.close();
});

async function createVolume(fields: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return h.call({
    method: 'POST',
    path: '/v2.1/{pid}/cloudvolumes',
    headers,
    body: {
      volume: { availability_zone: 'cn-north-4b', volume_type: 'SSD', size: 100, name: 'data', ...fields },
    },
  });
}

describe('EVS', () => {
  it('creates volumes through a job (creating → available) and shows the VolumeDetail shape', async () => {
    const created = await createVolume({ metadata: { env: 'test' } });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      job_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      volume_ids: [expect.any(String)],
    });
    const id = created.json.volume_ids[0];
    expect((await h.call({ path: `/v2/{pid}/cloudvolumes/${id}` })).json.volume.status).toBe('creating');
    const job = await runJob(h, created.json.job_id);
    expect(job).toMatchObject({
      status: 'SUCCESS',
      job_type: 'createVolume',
      entities: { volume_id: id, size: 100 },
    });
    const shown = await h.call({ path: `/v2/{pid}/cloudvolumes/${id}` });
    expect(shown.json.volume).toMatchObject({
      id,
      name: 'data',
      status: 'available',
      size: 100,
      volume_type: 'SSD',
      availability_zone: 'cn-north-4b',
      bootable: 'false',
      multiattach: false,
      metadata: { env: 'test' },
      attachments: [],
      service_type: 'EVS',
    });
  });

  it('creates several volumes with sub-jobs and names -0001..', async () => {
    const created = await createVolume({ count: 3, name: 'disk' });
    expect(created.json.volume_ids).toHaveLength(3);
    const job = await runJob(h, created.json.job_id);
    expect(job.entities.sub_jobs_total).toBe(3);
    expect(job.entities.sub_jobs.every((s: { status: string }) => s.status === 'SUCCESS')).toBe(true);
    const list = await h.call({
      path: '/v2/{pid}/cloudvolumes/detail',
      query: { name: 'disk', sort_dir: 'asc', sort_key: 'name' },
    });
    expect(list.json.volumes.map((v: { name: string }) => v.name)).toEqual([
      'disk-0001',
      'disk-0002',
      'disk-0003',
    ]);
  });

  it('resizes through a job and refuses to shrink', async () => {
    const created = await createVolume();
    await runJob(h, created.json.job_id);
    const id = created.json.volume_ids[0];
    const shrink = await h.call({
      method: 'POST',
      path: `/v2.1/{pid}/cloudvolumes/${id}/action`,
      body: { 'os-extend': { new_size: 50 } },
    });
    expect(shrink.status).toBe(400);
    expect(shrink.json.error.code).toBe('EVS.2001');
    const grow = await h.call({
      method: 'POST',
      path: `/v2.1/{pid}/cloudvolumes/${id}/action`,
      body: { 'os-extend': { new_size: 200 } },
    });
    expect(grow.status).toBe(200);
    expect((await h.call({ path: `/v2/{pid}/cloudvolumes/${id}` })).json.volume.status).toBe('extending');
    expect(await runJob(h, grow.json.job_id)).toMatchObject({ status: 'SUCCESS', job_type: 'extendVolume' });
    expect((await h.call({ path: `/v2/{pid}/cloudvolumes/${id}` })).json.volume).toMatchObject({
      size: 200,
      status: 'available',
    });
  });

  it('updates (top-level response) and deletes through a job; in-use volumes are refused', async () => {
    const created = await createVolume();
    await runJob(h, created.json.job_id);
    const id = created.json.volume_ids[0];
    const updated = await h.call({
      method: 'PUT',
      path: `/v2/{pid}/cloudvolumes/${id}`,
      body: { volume: { name: 'renamed' } },
    });
    expect(updated.json).toMatchObject({ id, name: 'renamed' });
    expect(updated.json.volume).toBeUndefined();

    const { serverIds } = await createServers(h, { availability_zone: 'cn-north-4b' });
    const rootVolume = (
      await h.call({ path: '/v2/{pid}/cloudvolumes/detail', query: { server_id: serverIds[0]! } })
    ).json.volumes[0];
    const inUse = await h.call({ method: 'DELETE', path: `/v2/{pid}/cloudvolumes/${rootVolume.id}` });
    expect(inUse.status).toBe(400);
    expect(inUse.json.error.code).toBe('EVS.2003');

    const del = await h.call({ method: 'DELETE', path: `/v2/{pid}/cloudvolumes/${id}` });
    expect(del.status).toBe(200);
    expect(await runJob(h, del.json.job_id)).toMatchObject({ status: 'SUCCESS', job_type: 'deleteVolume' });
    const gone = await h.call({ path: `/v2/{pid}/cloudvolumes/${id}` });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ error: { code: 'EVS.2011', message: expect.stringContaining(id) } });
  });

  it('de-duplicates creates by X-Client-Token and rejects invalid input', async () => {
    const first = await createVolume({}, { 'X-Client-Token': 'evs-1' });
    const again = await createVolume({}, { 'X-Client-Token': 'evs-1' });
    expect(again.json).toEqual(first.json);
    expect((await h.call({ path: '/v2/{pid}/cloudvolumes/detail' })).json.count).toBe(1);
    for (const fields of [{ volume_type: 'FLOPPY' }, { size: 5 }, { availability_zone: 'cn-north-4z' }]) {
      const res = await createVolume(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.json.error.code).toBe('EVS.2001');
    }
  });

  it('a failing volume job leaves the volume in error with fail_reason', async () => {
    h.emu.context.faults.set({ taskFailureRate: 1 });
    const created = await createVolume();
    const job = await runJob(h, created.json.job_id);
    expect(job.status).toBe('FAIL');
    expect(job.error_code).toBe('EVS.5400');
    expect(job.fail_reason).toEqual(expect.any(String));
    expect(
      (await h.call({ path: `/v2/{pid}/cloudvolumes/${created.json.volume_ids[0]}` })).json.volume.status,
    ).toBe('error');
  });
});

describe('IMS', () => {
  it('lists gold and private images, filterable by __imagetype and __platform', async () => {
    const all = await h.call({ path: '/v2/cloudimages' });
    expect(Object.keys(all.json)).toEqual(['images']);
    const gold = await h.call({ path: '/v2/cloudimages', query: { __imagetype: 'gold' } });
    expect(gold.json.images.length).toBeGreaterThanOrEqual(5);
    expect(
      gold.json.images.every(
        (i: { __imagetype: string; visibility: string }) =>
          i.__imagetype === 'gold' && i.visibility === 'public',
      ),
    ).toBe(true);
    const priv = await h.call({ path: '/v2/cloudimages', query: { __imagetype: 'private' } });
    expect(priv.json.images.map((i: { name: string }) => i.name)).toEqual(['yunkit-web-golden']);
    expect(priv.json.images[0].owner).toBe(h.projectId);
    const ubuntu = await h.call({ path: '/v2/cloudimages', query: { __platform: 'Ubuntu' } });
    expect(ubuntu.json.images.length).toBe(2);
    expect(ubuntu.json.images.every((i: { __platform: string }) => i.__platform === 'Ubuntu')).toBe(true);
    const windows = await h.call({ path: '/v2/cloudimages', query: { __os_type: 'Windows' } });
    expect(windows.json.images[0]).toMatchObject({
      __os_type: 'Windows',
      min_disk: 40,
      min_ram: 2048,
      status: 'active',
    });
    const byId = await h.call({ path: '/v2/cloudimages', query: { id: windows.json.images[0].id } });
    expect(byId.json.images).toHaveLength(1);
    const armFlavor = await h.call({ path: '/v2/cloudimages', query: { flavor_id: 'kc1.large.2' } });
    expect(armFlavor.json.images.map((i: { architecture: string }) => i.architecture)).toEqual(['arm']);
  });

  it('private images are visible only to their project', async () => {
    const other = (await h.call({ path: '/v3/projects', query: { name: 'cn-south-1' } })).json.projects[0].id;
    const priv = await h.call({
      path: '/v2/cloudimages',
      query: { __imagetype: 'private' },
      projectHeader: other,
    });
    expect(priv.json.images).toEqual([]);
  });

  it('creates a private image from a server through a job and deletes it; gold images are protected', async () => {
    const { serverIds } = await createServers(h);
    const created = await h.call({
      method: 'POST',
      path: '/v2/cloudimages/action',
      body: { name: 'snap', instance_id: serverIds[0] },
    });
    expect(created.status).toBe(200);
    const job = await runJob(h, created.json.job_id);
    expect(job).toMatchObject({ status: 'SUCCESS', job_type: 'createImageByInstance' });
    const imageId = job.entities.image_id;
    const glance = await h.call({ path: `/v2/images/${imageId}` });
    expect(glance.json).toMatchObject({
      id: imageId,
      name: 'snap',
      status: 'active',
      __imagetype: 'private',
      __platform: 'CentOS',
    });
    expect((await h.call({ method: 'DELETE', path: `/v2/images/${imageId}` })).status).toBe(204);
    const goldId = (await h.call({ path: '/v2/cloudimages', query: { __imagetype: 'gold' } })).json.images[0]
      .id;
    const refused = await h.call({ method: 'DELETE', path: `/v2/images/${goldId}` });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('IMG.0029');
  });
});

describe('IAM', () => {
  it('returns exactly one project per region, the domain and the regions', async () => {
    for (const region of ['cn-north-4', 'cn-east-3', 'cn-south-1', 'ap-southeast-1']) {
      const res = await h.call({ path: '/v3/projects', query: { name: region } });
      expect(res.json.projects, region).toHaveLength(1);
      expect(res.json.projects[0]).toMatchObject({
        name: region,
        domain_id: h.emu.credentials.domainId,
        enabled: true,
      });
    }
    const north = await h.call({ path: '/v3/projects', query: { name: 'cn-north-4' } });
    expect(north.json.projects[0].id).toBe(h.projectId);
    expect((await h.call({ path: '/v3/projects', query: { name: 'nowhere-1' } })).json.projects).toEqual([]);
    const domains = await h.call({ path: '/v3/auth/domains' });
    expect(domains.json.domains).toEqual([
      expect.objectContaining({
        id: h.emu.credentials.domainId,
        name: h.emu.credentials.domainName,
        enabled: true,
      }),
    ]);
    const regions = await h.call({ path: '/v3/regions' });
    expect(regions.json.regions.map((r: { id: string; type: string }) => [r.id, r.type])).toContainEqual([
      'cn-north-4',
      'public',
    ]);
  });

  it('creates a sub-project named after a region and pages projects with page/per_page', async () => {
    const created = await h.call({
      method: 'POST',
      path: '/v3/projects',
      body: { project: { name: 'cn-north-4_dev', domain_id: h.emu.credentials.domainId } },
    });
    expect(created.status).toBe(201);
    expect(created.json.project.name).toBe('cn-north-4_dev');
    const dup = await h.call({
      method: 'POST',
      path: '/v3/projects',
      body: { project: { name: 'cn-north-4_dev', domain_id: h.emu.credentials.domainId } },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toMatchObject({ code: 409, title: 'Conflict' });
    const page1 = await h.call({ path: '/v3/projects', query: { page: '1', per_page: '2' } });
    const page3 = await h.call({ path: '/v3/projects', query: { page: '3', per_page: '2' } });
    expect(page1.json.projects).toHaveLength(2);
    expect(page1.json.links.next).toContain('page=2');
    expect(page3.json.projects).toHaveLength(1);
    expect(page3.json.links.next).toBeNull();
  });
});
