import type { RunningEmulator } from '@yunkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConflictError,
  NotFoundError,
  TaskFailedError,
  ValidationError,
  WaitTimeoutError,
} from 'yunkit/core';
import type { SangforClient, SangforTask } from 'yunkit/sangfor';
import { ec2Client, type Inventory, inventory, startScp, vmRequest, wireLog } from './emulator.js';

describe('servers and tasks', () => {
  let scp: RunningEmulator;
  let client: SangforClient;
  let inv: Inventory;

  beforeAll(async () => {
    scp = await startScp();
    client = ec2Client(scp);
    inv = await inventory(client);
  });
  afterAll(async () => {
    client.close();
    await scp.close();
  });

  it('creates a VM, waits with progress, then reads it back by get, listAll filters, listPage and count', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-create'));
    expect(result.task_id).toBeTruthy();
    expect(result.uuids).toHaveLength(1);
    const seen: SangforTask[] = [];
    const task = await client.tasks.wait(result.task_id, { onProgress: (t) => seen.push(t) });
    expect(task?.status).toBe('finish');
    expect(seen.every((t) => t.status !== 'finish')).toBe(true);
    const vmId = result.uuids[0]!;
    const vm = await client.servers.get(vmId);
    expect(vm).toMatchObject({ id: vmId, name: 'it-create', az_id: inv.azId, cores: 1, memory_mb: 512 });
    expect(['running', 'active', 'on']).toContain(vm.status);

    const running = await client.servers.list({ az_id: inv.azId, status: 'running' });
    expect(running.map((s) => s.id)).toContain(vmId);
    expect(running.every((s) => s.status === 'running' && s.az_id === inv.azId)).toBe(true);
    const stopped = await client.servers.list({ status: 'stopped' });
    expect(stopped.map((s) => s.id)).not.toContain(vmId);

    const page = await client.servers.listPage({ page_num: 0, page_size: 1 });
    expect(page.page_num).toBe(0);
    expect(page.data).toHaveLength(1);
    expect(page.total_size).toBeGreaterThanOrEqual(2);
    expect(page.next_page_num).toBe(1);
    const total = await client.servers.count();
    expect(total).toBe(page.total_size);
    expect(await client.servers.count({ az_id: inv.azId, status: 'running' })).toBe(running.length);
    expect((await client.servers.findByName('it-create'))?.id).toBe(vmId);
  });

  it('powers off, on, reboots (plain and forced) and deletes, each as a task', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-power'));
    await client.tasks.wait(result.task_id);
    const vmId = result.uuids[0]!;

    const stopping = await client.servers.powerOff(vmId);
    // SCP takes one action at a time per VM: a second one while the first runs is a 409.
    const busy = await client.servers.reboot(vmId).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ConflictError);
    expect((busy as ConflictError).cloudMessage).toBe('云主机正在执行其他任务，请稍后再试');
    await client.tasks.wait(stopping);
    expect((await client.servers.get(vmId)).power_state).toBe('off');
    await client.tasks.wait(await client.servers.powerOn(vmId));
    expect((await client.servers.get(vmId)).power_state).toBe('on');
    await client.tasks.wait(await client.servers.reboot(vmId));
    await client.tasks.wait(await client.servers.reboot(vmId, { force: true }));
    await client.tasks.wait(await client.servers.powerOff(vmId, { force: true }));
    expect((await client.servers.get(vmId)).status).toBe('stopped');

    await client.tasks.wait(await client.servers.delete(vmId, { force: true }));
    await expect(client.servers.get(vmId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('attaches and detaches a volume through servers and through volumes', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-disks'));
    await client.tasks.wait(result.task_id);
    const vmId = result.uuids[0]!;
    const disk = await client.volumes.create({
      az_id: inv.azId,
      storage_tag_id: inv.storageTagId,
      size_mb: 1024,
      name: 'it-disk',
    });
    await client.tasks.wait(disk.task_id);

    await client.tasks.wait(await client.servers.attachVolume(vmId, disk.volume_id));
    expect((await client.volumes.get(disk.volume_id)).server_id).toBe(vmId);
    expect(
      (await client.servers.get(vmId)).disks?.some(
        (d) => d.volume_id === disk.volume_id || d.id === disk.volume_id,
      ),
    ).toBe(true);
    await client.tasks.wait(await client.servers.detachVolume(vmId, disk.volume_id));
    expect((await client.volumes.get(disk.volume_id)).server_id || undefined).toBeUndefined();

    await client.tasks.wait(await client.volumes.attach(disk.volume_id, vmId));
    expect((await client.volumes.get(disk.volume_id)).status).toBe('in-use');
    await client.tasks.wait(await client.volumes.detach(disk.volume_id, vmId));
    expect((await client.volumes.get(disk.volume_id)).status).toBe('available');
  });

  it('a failed task is a TaskFailedError with the task and SCP’s Chinese reason', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-fail', { power_on: false }));
    await client.tasks.wait(result.task_id);
    const vmId = result.uuids[0]!;
    const rebootTask = await client.servers.reboot(vmId);
    const error = (await client.tasks.wait(rebootTask).catch((e: unknown) => e)) as TaskFailedError;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.taskId).toBe(rebootTask);
    expect(error.provider).toBe('sangfor');
    expect((error.task as SangforTask).status).toBe('failure');
    expect(error.reason).toBe('云主机未开机，无法重启');
    expect(error.message).toContain('云主机未开机，无法重启');
  });

  it('a wait past its timeout is a WaitTimeoutError with the timeout and the last task seen', async () => {
    const slow = await startScp({ taskMs: 5_000 });
    const slowClient = ec2Client(slow);
    try {
      const slowInv = await inventory(slowClient);
      const disk = await slowClient.volumes.create({
        az_id: slowInv.azId,
        storage_tag_id: slowInv.storageTagId,
        size_mb: 1024,
        name: 'slow',
      });
      const error = (await slowClient.tasks
        .wait(disk.task_id, { timeout: 150, pollInterval: 30 })
        .catch((e: unknown) => e)) as WaitTimeoutError;
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(error.timeoutMs).toBe(150);
      expect(error.attempts).toBeGreaterThanOrEqual(1);
      expect(['waiting', 'doing']).toContain((error.lastObserved as SangforTask).status);

      const controller = new AbortController();
      const waiting = slowClient.tasks.wait(disk.task_id, { signal: controller.signal, pollInterval: 20 });
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(AbortError);
    } finally {
      slowClient.close();
      await slow.close();
    }
  });

  it('tasks.get reads a task; a missing VM or task is NotFoundError; bad ids never leave', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-task'));
    const task = await client.tasks.get(result.task_id!);
    expect(['waiting', 'doing', 'finish']).toContain(task.status);
    await client.tasks.wait(result.task_id);
    await expect(client.servers.get('00000000-0000-4000-8000-00000000dead')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(client.tasks.get('no-such-task')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.servers.get('not-a-uuid')).rejects.toBeInstanceOf(ValidationError);
  });

  it('suspends and resumes a VM, and runs a batch power action', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-batch', { count: 2 }));
    await client.tasks.wait(result.task_id);
    const [a, b] = result.uuids as [string, string];
    await client.tasks.wait(await client.servers.suspend(a));
    expect((await client.servers.get(a)).status).toBe('suspended');
    await client.tasks.wait(await client.servers.resume(a));
    expect((await client.servers.get(a)).status).toBe('running');

    await client.servers.batchAction([a, b], 'poweroff_servers_action');
    const stopped = async () =>
      (await client.servers.list({ ids: [a, b] })).filter(
        (s) => (s.id === a || s.id === b) && s.status === 'stopped',
      ).length;
    for (let i = 0; i < 100 && (await stopped()) < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await stopped()).toBe(2);
    await expect(client.servers.batchAction([], 'start_servers_action')).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('updates a stopped VM (PUT /servers/{id})', async () => {
    const result = await client.servers.create(vmRequest(inv, 'it-update', { power_on: false }));
    await client.tasks.wait(result.task_id);
    const vmId = result.uuids[0]!;
    await client.tasks.wait(await client.servers.update(vmId, { description: 'updated', memory_mb: 1024 }));
    expect(await client.servers.get(vmId)).toMatchObject({ description: 'updated', memory_mb: 1024 });
  });
});

describe('pagination over many VMs', () => {
  let scp: RunningEmulator;
  let client: SangforClient;

  beforeAll(async () => {
    scp = await startScp({ taskMs: 20 });
    client = ec2Client(scp);
    const inv = await inventory(client);
    // 260 NICs do not fit the seeded /24, so the bulk VMs get a /22 of their own.
    const subnet = await client.networks.createSubnet({
      vpc_id: inv.vpcId,
      az_id: inv.azId,
      cidr: '10.64.0.0/22',
      name: 'bulk',
    });
    await client.tasks.wait(subnet.task_id);
    const subnetId = subnet.id ?? (await client.networks.findSubnetByName('bulk', { vpc_id: inv.vpcId }))!.id;
    const bulk = { ...inv, subnetId };
    for (let i = 0; i < 5; i++) {
      const batch = await client.servers.create(
        vmRequest(bulk, `bulk-${i}`, { count: 52, power_on: false, memory_mb: 128 }),
      );
      await client.tasks.wait(batch.task_id);
    }
  });
  afterAll(async () => {
    client.close();
    await scp.close();
  });

  it('listAll walks every page lazily with 0-based page_num and stops at next_page_num ""', async () => {
    const total = await client.servers.count();
    expect(total).toBeGreaterThanOrEqual(260);
    const log = wireLog();
    const paged = ec2Client(scp, { hooks: log.hooks });
    try {
      const ids: string[] = [];
      for await (const vm of paged.servers.listAll({}, { pageSize: 7 })) ids.push(vm.id);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      const pageNums = log.requests.map((r) => new URL(r.url).searchParams.get('page_num'));
      expect(pageNums).toEqual(Array.from({ length: Math.ceil(total / 7) }, (_, i) => String(i)));
      const last = await paged.servers.listPage({ page_num: Math.ceil(total / 7) - 1, page_size: 7 });
      expect(last.next_page_num).toBe('');

      const before = log.requests.length;
      const firstTen = await paged.servers.listAll({}, { pageSize: 7 }).toArray({ limit: 10 });
      expect(firstTen).toHaveLength(10);
      expect(log.requests.length - before).toBe(2);
    } finally {
      paged.close();
    }
  });

  it('reads next_page_num given as a string, and paginated network lists', async () => {
    const quirky = await startScp({
      providerOptions: { nextPageNumType: 'string', networkListShape: 'paginated' },
    });
    const quirkyClient = ec2Client(quirky);
    try {
      const page = await quirkyClient.servers.listPage({ page_size: 1 });
      expect(page.next_page_num).toBe('1');
      const all = await quirkyClient.servers.listAll({}, { pageSize: 1 }).toArray();
      expect(all.length).toBe(page.total_size);
      expect((await quirkyClient.networks.listVpcs().toArray()).length).toBeGreaterThan(0);
    } finally {
      quirkyClient.close();
      await quirky.close();
    }
  });
});

describe('a create retried under injected faults', () => {
  it('the response to POST /servers is lost once; the retry with the same X-Client-Token leaves exactly one VM', async () => {
    const scp = await startScp();
    const log = wireLog();
    const client = ec2Client(scp, { hooks: log.hooks });
    try {
      const inv = await inventory(client);
      scp.context.faults.set({
        rules: [{ method: 'POST', path: '/\\/janus\\/\\d+\\/servers$/', times: 1, action: 'drop-response' }],
      });
      const result = await client.servers.create(vmRequest(inv, 'exactly-once'));
      await client.tasks.wait(result.task_id);
      expect(log.count('POST', '/servers')).toBe(2);
      const tokens = log.requests
        .filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/servers'))
        .map((r) => r.headers['X-Client-Token']);
      expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(tokens[1]).toBe(tokens[0]);
      const matching = await client.servers
        .list({})
        .then((all) => all.filter((vm) => vm.name === 'exactly-once'));
      expect(matching).toHaveLength(1);
      expect(matching[0]!.id).toBe(result.uuids[0]);
    } finally {
      client.close();
      await scp.close();
    }
  });
});
