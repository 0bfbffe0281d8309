import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServers, type HuaweiHarness, runJob, serverBody, startHuawei } from './helpers.js';

let h: HuaweiHarness;
beforeEach(async () => {
  h = await startHuawei();
});
afterEach(async () => {
  await h.close();
});

describe('ECS servers through jobs', () => {
  it('creates a server: job INIT → RUNNING → SUCCESS with one sub-job, server BUILD → ACTIVE', async () => {
    const created = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: await serverBody(h),
    });
    expect(created.status).toBe(200);
    expect(created.json.job_id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.json.serverIds).toHaveLength(1);
    const serverId = created.json.serverIds[0];

    const init = await h.call({ path: `/v1/{pid}/jobs/${created.json.job_id}` });
    expect(init.json.status).toBe('INIT');
    const building = await h.call({ path: `/v1/{pid}/cloudservers/${serverId}` });
    expect(building.json.server.status).toBe('BUILD');

    h.advance(500);
    const running = await h.call({ path: `/v1/{pid}/jobs/${created.json.job_id}` });
    expect(running.json.status).toBe('RUNNING');

    const done = await runJob(h, created.json.job_id);
    expect(done).toMatchObject({
      job_id: created.json.job_id,
      job_type: 'createServer',
      status: 'SUCCESS',
      error_code: null,
      fail_reason: null,
      entities: { sub_jobs_total: 1 },
    });
    expect(done.entities.sub_jobs[0]).toMatchObject({
      job_type: 'createSingleServer',
      status: 'SUCCESS',
      entities: { server_id: serverId },
    });
    expect(done.begin_time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(done.end_time).not.toBe('');

    const shown = await h.call({ path: `/v1/{pid}/cloudservers/${serverId}` });
    const server = shown.json.server;
    expect(server).toMatchObject({
      id: serverId,
      name: 'web',
      status: 'ACTIVE',
      'OS-EXT-STS:vm_state': 'active',
      'OS-EXT-STS:power_state': 1,
      'OS-EXT-STS:task_state': null,
      'OS-EXT-AZ:availability_zone': 'cn-north-4a',
      flavor: { id: 's6.large.2', vcpus: '2', ram: '4096' },
      tenant_id: h.projectId,
    });
    const [vpcId] = Object.keys(server.addresses);
    expect(server.addresses[vpcId!][0]).toMatchObject({ version: '4', 'OS-EXT-IPS:type': 'fixed' });
    expect(server.addresses[vpcId!][0].addr).toMatch(/^192\.168\.0\.\d+$/);
    expect(server['os-extended-volumes:volumes_attached']).toEqual([
      expect.objectContaining({ device: '/dev/vda', bootIndex: '0', delete_on_termination: 'true' }),
    ]);
    expect(server.security_groups).toEqual([expect.objectContaining({ name: 'default' })]);
  });

  it('lists servers with count, newest first, and filters by name, status and flavor', async () => {
    await createServers(h, { name: 'alpha', count: 2 });
    await createServers(h, { name: 'beta', flavorRef: 'c7.large.2' });
    const all = await h.call({ path: '/v1/{pid}/cloudservers/detail' });
    expect(all.json.count).toBe(3);
    expect(all.json.servers.map((s: { name: string }) => s.name)).toEqual([
      'beta',
      'alpha-0002',
      'alpha-0001',
    ]);
    const byName = await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { name: 'alpha' } });
    expect(byName.json.count).toBe(2);
    const byFlavor = await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { flavor: 'c7.large.2' } });
    expect(byFlavor.json.servers.map((s: { name: string }) => s.name)).toEqual(['beta']);
    const shutoff = await h.call({ path: '/v1/{pid}/cloudservers/detail', query: { status: 'SHUTOFF' } });
    expect(shutoff.json).toEqual({ count: 0, servers: [] });
  });

  it('fails a job on a sold-out flavor with fail_reason and error_code, and rolls the server back', async () => {
    const created = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: await serverBody(h, { flavorRef: 'c7.16xlarge.4', name: 'big' }),
    });
    expect(created.status).toBe(200);
    const job = await runJob(h, created.json.job_id);
    expect(job.status).toBe('FAIL');
    expect(job.error_code).toBe('Ecs.0013');
    expect(job.fail_reason).toContain('sold out');
    expect(job.entities.sub_jobs[0]).toMatchObject({ status: 'FAIL', error_code: 'Ecs.0013' });
    expect(job.entities.sub_jobs[0].fail_reason).toContain('c7.16xlarge.4');
    const gone = await h.call({ path: `/v1/{pid}/cloudservers/${created.json.serverIds[0]}` });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({
      error: { code: 'Ecs.0114', message: expect.stringContaining('could not be found') },
    });
    const ports = await h.call({ path: '/v1/{pid}/ports', query: { device_id: created.json.serverIds[0] } });
    expect(ports.json.ports).toEqual([]);
  });

  it('fails jobs injected through the engine faults (taskFailureRate) with the reason', async () => {
    h.emu.context.faults.set({ taskFailureRate: 1 });
    const created = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: await serverBody(h),
    });
    const job = await runJob(h, created.json.job_id);
    expect(job.status).toBe('FAIL');
    expect(typeof job.fail_reason).toBe('string');
    expect(job.fail_reason.length).toBeGreaterThan(0);
  });

  it('stops, starts and reboots (SOFT and HARD) through jobs', async () => {
    const { serverIds } = await createServers(h);
    const id = serverIds[0]!;
    const stop = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { 'os-stop': { servers: [{ id }], type: 'SOFT' } },
    });
    expect(stop.status).toBe(200);
    const stopping = await h.call({ path: `/v1/{pid}/cloudservers/${id}` });
    expect(stopping.json.server['OS-EXT-STS:task_state']).toBe('powering-off');
    const stopJob = await runJob(h, stop.json.job_id);
    expect(stopJob).toMatchObject({ status: 'SUCCESS', job_type: 'stopServer' });
    const stopped = await h.call({ path: `/v1/{pid}/cloudservers/${id}` });
    expect(stopped.json.server).toMatchObject({ status: 'SHUTOFF', 'OS-EXT-STS:power_state': 4 });

    const rebootStopped = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { reboot: { servers: [{ id }], type: 'SOFT' } },
    });
    expect(rebootStopped.status).toBe(409);
    expect(rebootStopped.json.error.code).toBe('Ecs.0103');

    const start = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { 'os-start': { servers: [{ id }] } },
    });
    await runJob(h, start.json.job_id);
    expect((await h.call({ path: `/v1/{pid}/cloudservers/${id}` })).json.server.status).toBe('ACTIVE');

    const reboot = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { reboot: { servers: [{ id }], type: 'HARD' } },
    });
    const rebooting = await h.call({ path: `/v1/{pid}/cloudservers/${id}` });
    expect(rebooting.json.server.status).toBe('HARD_REBOOT');
    const busy = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { 'os-stop': { servers: [{ id }] } },
    });
    expect(busy.status).toBe(409);
    await runJob(h, reboot.json.job_id);
    expect((await h.call({ path: `/v1/{pid}/cloudservers/${id}` })).json.server.status).toBe('ACTIVE');
  });

  it('rejects bad action bodies and unknown servers in ECS shape', async () => {
    const both = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { 'os-start': {}, reboot: {} },
    });
    expect(both.status).toBe(400);
    expect(both.json.error.code).toBe('Ecs.0005');
    const missing = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/action',
      body: { 'os-start': { servers: [{ id: '00000000-0000-4000-8000-000000000000' }] } },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Ecs.0114');
    const badJson = await h.call({ method: 'POST', path: '/v1/{pid}/cloudservers', body: '{"server":' });
    expect(badJson.status).toBe(400);
    expect(badJson.json).toEqual({ error: { code: 'Ecs.0005', message: 'request body is illegal.' } });
  });

  it('resizes through a job and updates name and description', async () => {
    const { serverIds } = await createServers(h);
    const id = serverIds[0]!;
    const resize = await h.call({
      method: 'POST',
      path: `/v1.1/{pid}/cloudservers/${id}/resize`,
      body: { resize: { flavorRef: 'c7.xlarge.2' } },
    });
    expect(resize.status).toBe(200);
    expect((await h.call({ path: `/v1/{pid}/cloudservers/${id}` })).json.server.status).toBe('RESIZE');
    expect(await runJob(h, resize.json.job_id)).toMatchObject({
      status: 'SUCCESS',
      entities: { server_id: id },
    });
    const resized = await h.call({ path: `/v1/{pid}/cloudservers/${id}` });
    expect(resized.json.server).toMatchObject({
      status: 'ACTIVE',
      flavor: { id: 'c7.xlarge.2', vcpus: '4' },
    });

    const same = await h.call({
      method: 'POST',
      path: `/v1.1/{pid}/cloudservers/${id}/resize`,
      body: { resize: { flavorRef: 'c7.xlarge.2' } },
    });
    expect(same.status).toBe(400);

    const update = await h.call({
      method: 'PUT',
      path: `/v1/{pid}/cloudservers/${id}`,
      body: { server: { name: 'web-renamed', description: 'front end' } },
    });
    expect(update.status).toBe(200);
    expect(update.json.server).toMatchObject({ id, name: 'web-renamed', description: 'front end' });
  });

  it('attaches and detaches volumes through jobs and lists the attachments', async () => {
    const { serverIds } = await createServers(h);
    const id = serverIds[0]!;
    const volume = await h.call({
      method: 'POST',
      path: '/v2.1/{pid}/cloudvolumes',
      body: { volume: { availability_zone: 'cn-north-4a', volume_type: 'SSD', size: 20, name: 'data' } },
    });
    await runJob(h, volume.json.job_id);
    const volumeId = volume.json.volume_ids[0];
    const attach = await h.call({
      method: 'POST',
      path: `/v1/{pid}/cloudservers/${id}/attachvolume`,
      body: { volumeAttachment: { volumeId } },
    });
    expect(attach.status).toBe(200);
    expect((await h.call({ path: `/v2/{pid}/cloudvolumes/${volumeId}` })).json.volume.status).toBe(
      'attaching',
    );
    await runJob(h, attach.json.job_id);
    const attachments = await h.call({ path: `/v1/{pid}/cloudservers/${id}/os-volume_attachments` });
    expect(attachments.json.volumeAttachments).toEqual([
      expect.objectContaining({ device: '/dev/vda', serverId: id }),
      { device: '/dev/vdb', id: volumeId, serverId: id, volumeId, bootIndex: null, pciAddress: '' },
    ]);
    const inUse = await h.call({ path: `/v2/{pid}/cloudvolumes/${volumeId}` });
    expect(inUse.json.volume).toMatchObject({
      status: 'in-use',
      attachments: [expect.objectContaining({ server_id: id, device: '/dev/vdb' })],
    });

    const again = await h.call({
      method: 'POST',
      path: `/v1/{pid}/cloudservers/${id}/attachvolume`,
      body: { volumeAttachment: { volumeId } },
    });
    expect(again.status).toBe(409);

    const rootId = attachments.json.volumeAttachments[0].volumeId;
    const detachRoot = await h.call({
      method: 'DELETE',
      path: `/v1/{pid}/cloudservers/${id}/detachvolume/${rootId}`,
    });
    expect(detachRoot.status).toBe(409);

    const detach = await h.call({
      method: 'DELETE',
      path: `/v1/{pid}/cloudservers/${id}/detachvolume/${volumeId}`,
    });
    expect(detach.status).toBe(200);
    await runJob(h, detach.json.job_id);
    expect((await h.call({ path: `/v2/{pid}/cloudvolumes/${volumeId}` })).json.volume).toMatchObject({
      status: 'available',
      attachments: [],
    });
  });

  it('deletes servers with their system disk; data disks survive unless delete_volume', async () => {
    const { serverIds } = await createServers(h, {
      data_volumes: [{ volumetype: 'SAS', size: 10 }],
      publicip: { eip: { iptype: '5_bgp', bandwidth: { size: 5, sharetype: 'PER' } } },
    });
    const id = serverIds[0]!;
    const volumes = await h.call({ path: '/v2/{pid}/cloudvolumes/detail', query: { server_id: id } });
    expect(volumes.json.count).toBe(2);
    const eips = await h.call({ path: '/v1/{pid}/publicips' });
    expect(eips.json.publicips).toHaveLength(1);
    expect(eips.json.publicips[0].status).toBe('ACTIVE');
    const server = await h.call({ path: `/v1/{pid}/cloudservers/${id}` });
    const floating = Object.values(
      server.json.server.addresses as Record<string, Array<Record<string, string>>>,
    )
      .flat()
      .find((a) => a['OS-EXT-IPS:type'] === 'floating');
    expect(floating?.addr).toBe(eips.json.publicips[0].public_ip_address);

    const del = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers/delete',
      body: { servers: [{ id }] },
    });
    expect(del.status).toBe(200);
    expect(
      (await h.call({ path: `/v1/{pid}/cloudservers/${id}` })).json.server['OS-EXT-STS:task_state'],
    ).toBe('deleting');
    expect(await runJob(h, del.json.job_id)).toMatchObject({ status: 'SUCCESS', job_type: 'deleteServer' });
    expect((await h.call({ path: `/v1/{pid}/cloudservers/${id}` })).status).toBe(404);
    const left = await h.call({ path: '/v2/{pid}/cloudvolumes/detail' });
    expect(
      left.json.volumes.map((v: { status: string; bootable: string }) => [v.status, v.bootable]),
    ).toEqual([['available', 'false']]);
    const eipAfter = await h.call({ path: '/v1/{pid}/publicips' });
    expect(eipAfter.json.publicips[0]).toMatchObject({ status: 'DOWN', port_id: '' });
  });

  it('de-duplicates creates by X-Client-Token', async () => {
    const body = await serverBody(h, { name: 'once' });
    const first = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body,
      headers: { 'X-Client-Token': 'tok-1' },
    });
    const second = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body,
      headers: { 'X-Client-Token': 'tok-1' },
    });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const list = await h.call({ path: '/v1/{pid}/cloudservers/detail' });
    expect(list.json.count).toBe(1);
    const different = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: await serverBody(h, { name: 'other' }),
      headers: { 'X-Client-Token': 'tok-1' },
    });
    expect(different.status).toBe(409);
    const fresh = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body,
      headers: { 'X-Client-Token': 'tok-2' },
    });
    expect(fresh.json.job_id).not.toBe(first.json.job_id);
  });

  it('validates create bodies before doing anything', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ imageRef: '00000000-0000-4000-8000-000000000000' }, 'Ecs.0023'],
      [{ flavorRef: 'nope.large.2' }, 'Ecs.0021'],
      [{ vpcid: '00000000-0000-4000-8000-000000000000' }, 'Ecs.0019'],
      [{ availability_zone: 'mars-1a' }, 'Ecs.0022'],
      [{ root_volume: { volumetype: 'SSD', size: 10 } }, 'Ecs.0601'],
      [{ name: 'bad name!' }, 'Ecs.0005'],
      [{ nics: [] }, 'Ecs.0005'],
    ];
    for (const [override, code] of cases) {
      const res = await h.call({
        method: 'POST',
        path: '/v1/{pid}/cloudservers',
        body: await serverBody(h, override),
      });
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(res.json.error.code, JSON.stringify(override)).toBe(code);
    }
    expect((await h.call({ path: '/v1/{pid}/cloudservers/detail' })).json.count).toBe(0);
  });

  it('honours a fixed ip_address and refuses taken or exhausted addresses before creating anything', async () => {
    const body = await serverBody(h);
    const subnetId = body.server.nics[0]!.subnet_id;
    const fixed = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: { server: { ...body.server, nics: [{ subnet_id: subnetId, ip_address: '192.168.0.50' }] } },
    });
    expect(fixed.status).toBe(200);
    const port = await h.call({ path: '/v1/{pid}/ports', query: { device_id: fixed.json.serverIds[0] } });
    expect(port.json.ports[0].fixed_ips[0].ip_address).toBe('192.168.0.50');
    const taken = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: { server: { ...body.server, nics: [{ subnet_id: subnetId, ip_address: '192.168.0.50' }] } },
    });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('Ecs.0039');
    const batchWithIp = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: {
        server: { ...body.server, count: 2, nics: [{ subnet_id: subnetId, ip_address: '192.168.0.60' }] },
      },
    });
    expect(batchWithIp.status).toBe(400);

    const small = await h.call({
      method: 'POST',
      path: '/v1/{pid}/subnets',
      body: {
        subnet: {
          name: 'tiny',
          cidr: '192.168.5.0/28',
          gateway_ip: '192.168.5.1',
          vpc_id: body.server.vpcid,
        },
      },
    });
    const tooMany = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: { server: { ...body.server, count: 12, nics: [{ subnet_id: small.json.subnet.id }] } },
    });
    expect(tooMany.status).toBe(409);
    expect((await h.call({ path: '/v1/{pid}/cloudservers/detail' })).json.count).toBe(1);
    const fits = await h.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: { server: { ...body.server, count: 11, nics: [{ subnet_id: small.json.subnet.id }] } },
    });
    expect(fits.status).toBe(200);
  });

  it('lists flavors and availability zones in the three shapes', async () => {
    const flavors = await h.call({ path: '/v1/{pid}/cloudservers/flavors' });
    expect(flavors.status).toBe(200);
    const small = flavors.json.flavors.find((f: { id: string }) => f.id === 's6.small.1');
    expect(small).toMatchObject({ id: 's6.small.1', name: 's6.small.1', vcpus: '1', ram: 1024, disk: '0' });
    expect(small.os_extra_specs['cond:operation:status']).toBe('normal');
    const soldOut = flavors.json.flavors.find((f: { id: string }) => f.id === 'c7.16xlarge.4');
    expect(soldOut.os_extra_specs['cond:operation:status']).toBe('sellout');
    const ecsAz = await h.call({ path: '/v1/{pid}/availability-zones' });
    expect(
      ecsAz.json.availability_zones.map((z: { availability_zone_id: string }) => z.availability_zone_id),
    ).toEqual(['cn-north-4a', 'cn-north-4b', 'cn-north-4c']);
    const nova = await h.call({ path: '/v2.1/{pid}/os-availability-zone' });
    expect(nova.json.availabilityZoneInfo[0]).toEqual({
      zoneName: 'cn-north-4a',
      zoneState: { available: true },
      hosts: null,
    });
    const cinder = await h.call({ path: '/v2/{pid}/os-availability-zone' });
    expect(cinder.json.availabilityZoneInfo).toHaveLength(3);
  });
});
