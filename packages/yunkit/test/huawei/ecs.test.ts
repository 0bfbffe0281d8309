import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, TaskFailedError, ValidationError } from 'yunkit/core';
import type { ecs, HuaweiClient, RawRequestInfo } from 'yunkit/huawei';
import { HttpHandler } from 'yunkit/huawei';
import { fastJob, type HuaweiFixture, startHuawei } from './helpers.js';

let fx: HuaweiFixture;
let hw: HuaweiClient;
const seen: RawRequestInfo[] = [];
let vpcId: string;
let subnetId: string;
let imageId: string;

async function network(): Promise<void> {
  const vpc = await hw.vpc.vpcs.create({ vpc: { name: 'ecs-test', cidr: '10.0.0.0/16' } });
  await hw.vpc.vpcs.waitUntilReady(vpc.id, fastJob);
  const subnet = await hw.vpc.subnets.create({
    subnet: { name: 'ecs-test', cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1', vpc_id: vpc.id },
  });
  await hw.vpc.subnets.waitUntilReady(subnet.id, fastJob);
  vpcId = vpc.id;
  subnetId = subnet.id;
  const [image] = await hw.ims.images
    .listAll({ __imagetype: 'gold', __platform: 'Ubuntu', architecture: 'x86' })
    .toArray({
      limit: 1,
    });
  imageId = image!.id;
}

function serverBody(name: string, extra: Partial<ecs.CreateServerSpec> = {}): ecs.CreateServersBody {
  return {
    server: {
      name,
      imageRef: imageId,
      flavorRef: 's6.small.1',
      vpcid: vpcId,
      nics: [{ subnet_id: subnetId }],
      root_volume: { volumetype: 'SSD', size: 40 },
      ...extra,
    },
  };
}

beforeAll(async () => {
  fx = await startHuawei();
  hw = fx.client({ httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) });
  await network();
});
afterAll(async () => fx.close());

describe('ECS servers', () => {
  let serverIds: string[] = [];

  it('creates servers through v1.1 with X-Client-Token and waits on the job', async () => {
    const progress: string[] = [];
    const created = await hw.ecs.servers.create(serverBody('web', { count: 3, isAutoRename: true }));
    expect(created.serverIds).toHaveLength(3);
    const post = seen.findLast((r) => r.method === 'POST' && r.pathUrl.includes('/cloudservers'))!;
    expect(post.pathUrl).toMatch(/^\/v1\.1\/[0-9a-f]+\/cloudservers$/);
    expect(post.headers['X-Client-Token']).toMatch(/^[0-9a-f-]{36}$/);
    const job = await hw.ecs.jobs.wait(created.job_id, {
      ...fastJob,
      onProgress: (j) => progress.push(j.status),
    });
    expect(job.status).toBe('SUCCESS');
    expect(job.entities?.sub_jobs?.length).toBe(3);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((s) => s === 'INIT' || s === 'RUNNING')).toBe(true);
    serverIds = created.serverIds;
  });

  it('sends the same X-Client-Token on a repeated call and gets the same servers', async () => {
    const token = '0f4a3c2e-0000-4000-8000-000000000001';
    const first = await hw.ecs.servers.createPostPaid(serverBody('idem'), { clientToken: token });
    const second = await hw.ecs.servers.createPostPaid(serverBody('idem'), { clientToken: token });
    expect(second.serverIds).toEqual(first.serverIds);
    await hw.ecs.jobs.wait(first.job_id, fastJob);
    serverIds.push(...first.serverIds);
  });

  it('lists one page with count, and every server lazily by 1-based page offset', async () => {
    const page = await hw.ecs.servers.list({ limit: 2, offset: 1 });
    expect(page.count).toBe(4);
    expect(page.servers).toHaveLength(2);
    const before = seen.length;
    const all = await hw.ecs.servers.listAll({ limit: 2 }).toArray();
    expect(all.map((s) => s.id).sort()).toEqual([...serverIds].sort());
    const offsets = seen
      .slice(before)
      .filter((r) => r.pathUrl.includes('/cloudservers/detail'))
      .map((r) => new URLSearchParams(r.pathUrl.split('?')[1]).get('offset'));
    expect(offsets).toEqual(['1', '2']);
    const afterFirst = await hw.ecs.servers.listAll({ limit: 1, marker: all[0]!.id }).toArray();
    expect(afterFirst.map((s) => s.id)).toEqual(all.slice(1).map((s) => s.id));
    const active = await hw.ecs.servers.listAll({ status: 'ACTIVE' }).toArray();
    expect(active.length).toBe(4);
    expect(await hw.ecs.servers.count({ name: 'idem' })).toBe(1);
  });

  it('pages lazily: nothing is fetched before iteration', async () => {
    const before = seen.length;
    const lazy = hw.ecs.servers.listAll({ limit: 1 });
    expect(seen.length).toBe(before);
    for await (const s of lazy) {
      expect(s.id).toBeTruthy();
      break;
    }
    expect(seen.length).toBe(before + 1);
  });

  it('gets a server with its wire fields, and NotFoundError for an unknown id', async () => {
    const server = await hw.ecs.servers.get(serverIds[0]!);
    expect(server.status).toBe('ACTIVE');
    expect(server['OS-EXT-AZ:availability_zone']).toMatch(/^cn-north-4/);
    expect(server.flavor?.id).toBe('s6.small.1');
    const err = await hw.ecs.servers.get('00000000-0000-0000-0000-000000000000').catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe('Ecs.0114');
    expect(err.requestId).toMatch(/\w+/);
  });

  it('stops (SOFT and HARD), starts and reboots in batches', async () => {
    const [a, b] = serverIds;
    await hw.ecs.jobs.wait((await hw.ecs.servers.stop([a!, b!], 'HARD')).job_id, fastJob);
    expect((await hw.ecs.servers.get(a!)).status).toBe('SHUTOFF');
    const body = seen.findLast((r) => r.pathUrl.endsWith('/cloudservers/action'))!.body!;
    expect(JSON.parse(body)).toEqual({ 'os-stop': { servers: [{ id: a }, { id: b }], type: 'HARD' } });
    await hw.ecs.jobs.wait((await hw.ecs.servers.start([a!, b!])).job_id, fastJob);
    expect((await hw.ecs.servers.get(b!)).status).toBe('ACTIVE');
    await hw.ecs.jobs.wait((await hw.ecs.servers.reboot(a!, 'SOFT')).job_id, fastJob);
    expect((await hw.ecs.servers.get(a!)).status).toBe('ACTIVE');
    await hw.ecs.jobs.wait((await hw.ecs.servers.stop(b!)).job_id, fastJob);
    expect(
      JSON.parse(seen.findLast((r) => r.pathUrl.endsWith('/cloudservers/action'))!.body!)['os-stop'].type,
    ).toBe('SOFT');
  });

  it('updates a server and resizes it to another flavor', async () => {
    const updated = await hw.ecs.servers.update(serverIds[1]!, {
      server: { name: 'renamed', description: 'd' },
    });
    expect(updated.name).toBe('renamed');
    const resized = await hw.ecs.servers.resize(serverIds[1]!, { resize: { flavorRef: 's6.medium.2' } });
    expect(seen.findLast((r) => r.pathUrl.endsWith('/resize'))!.pathUrl).toMatch(/^\/v1\.1\//);
    await hw.ecs.jobs.wait(resized.job_id!, fastJob);
    expect((await hw.ecs.servers.get(serverIds[1]!)).flavor?.id).toBe('s6.medium.2');
  });

  it('attaches, lists and detaches a volume', async () => {
    const server = await hw.ecs.servers.get(serverIds[0]!);
    const created = await hw.evs.volumes.create({
      volume: { availability_zone: server['OS-EXT-AZ:availability_zone']!, volume_type: 'SAS', size: 10 },
    });
    await hw.evs.jobs.wait(created.job_id, fastJob);
    const volumeId = created.volume_ids[0]!;
    const attach = await hw.ecs.servers.attachVolume(server.id, { volumeAttachment: { volumeId } });
    await hw.ecs.jobs.wait(attach.job_id, fastJob);
    const { volumeAttachments } = await hw.ecs.servers.listVolumeAttachments(server.id);
    expect(volumeAttachments.map((a) => a.volumeId)).toContain(volumeId);
    expect((await hw.evs.volumes.get(volumeId)).status).toBe('in-use');
    const detach = await hw.ecs.servers.detachVolume(server.id, volumeId, { delete_flag: '0' });
    await hw.ecs.jobs.wait(detach.job_id, fastJob);
    expect(seen.findLast((r) => r.method === 'DELETE')!.pathUrl).toContain(
      `/detachvolume/${volumeId}?delete_flag=0`,
    );
    expect(
      (await hw.ecs.servers.listVolumeAttachments(server.id)).volumeAttachments.map((a) => a.volumeId),
    ).not.toContain(volumeId);
  });

  it('reports a failed job (sold-out flavor) as TaskFailedError with the job and its reason', async () => {
    const created = await hw.ecs.servers.create(serverBody('doomed', { flavorRef: 'c7.16xlarge.4' }));
    const error = await hw.ecs.jobs.wait(created.job_id, fastJob).catch((e) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.taskId).toBe(created.job_id);
    expect((error.task as ecs.Job).status).toBe('FAIL');
    expect(error.reason).toBeTruthy();
    const job = await hw.ecs.jobs.get(created.job_id);
    expect(job.status).toBe('FAIL');
  });

  it('rejects a state conflict with ConflictError', async () => {
    const created = await hw.ecs.servers.create(serverBody('busy'));
    // Still BUILD: Huawei refuses to delete it yet.
    const err = await hw.ecs.servers.delete(created.serverIds).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    await hw.ecs.jobs.wait(created.job_id, fastJob);
    serverIds.push(...created.serverIds);
  });

  it('keeps one X-Client-Token across the retries of a create whose answer was lost', async () => {
    // The emulator creates the servers, then drops the connection before answering.
    fx.emulator.context.faults.set({
      rules: [{ method: 'POST', path: '/v1.1/', action: 'drop-response', times: 1 }],
    });
    try {
      const before = seen.length;
      const created = await hw.ecs.servers.create(serverBody('lost-answer'));
      const posts = seen.slice(before).filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(2);
      expect(posts[0]!.headers['X-Client-Token']).toMatch(/^[0-9a-f-]{36}$/);
      expect(posts[1]!.headers['X-Client-Token']).toBe(posts[0]!.headers['X-Client-Token']);
      await hw.ecs.jobs.wait(created.job_id, fastJob);
      const named = await hw.ecs.servers.listAll({ name: 'lost-answer' }).toArray();
      expect(named.map((s) => s.id)).toEqual(created.serverIds);
      serverIds.push(...created.serverIds);
    } finally {
      fx.emulator.context.faults.clear();
    }
  });

  it('deletes servers in a batch and they disappear', async () => {
    const job = await hw.ecs.servers.delete(serverIds, { delete_publicip: true, delete_volume: true });
    await hw.ecs.jobs.wait(job.job_id, fastJob);
    const remaining = await hw.ecs.servers.listAll({ name: 'web' }).toArray();
    expect(remaining.filter((s) => serverIds.includes(s.id) && s.status !== 'DELETED')).toEqual([]);
  });

  it('validates input before sending', async () => {
    const before = seen.length;
    await expect(hw.ecs.servers.create(serverBody('x', { nics: [] }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(hw.ecs.servers.start([])).rejects.toBeInstanceOf(ValidationError);
    await expect(
      hw.ecs.servers.attachVolume('s', { volumeAttachment: { volumeId: '' } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(hw.ecs.jobs.wait('')).rejects.toBeInstanceOf(ValidationError);
    expect(seen.length).toBe(before);
  });
});

describe('ECS flavors', () => {
  it('lists flavors, pages them by marker and gets one', async () => {
    const { flavors } = await hw.ecs.flavors.list();
    expect(flavors.length).toBeGreaterThanOrEqual(5);
    const paged = await hw.ecs.flavors.listAll({ limit: 3 }).toArray();
    expect(paged.map((f) => f.id)).toEqual(flavors.map((f) => f.id));
    const one = await hw.ecs.flavors.get('s6.large.2');
    expect(one.vcpus).toBe('2');
    await expect(hw.ecs.flavors.get('nope.large')).rejects.toBeInstanceOf(NotFoundError);
  });
});
