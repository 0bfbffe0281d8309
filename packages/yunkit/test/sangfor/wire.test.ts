import { describe, expect, it } from 'vitest';
import { AuthError, ConnectionError } from 'yunkit/core';
import { signSangforEc2 } from 'yunkit/signing';
import { AZ, fakeResponse, offlineClient, VM, VOL } from './helpers.js';

const ok = (data: unknown) => fakeResponse(200, { code: 0, message: '', data });

describe('what goes on the wire', () => {
  it('EC2: exact header names, SignedHeaders=cookie;x-amz-date, the signature over the exact body bytes', async () => {
    const { client, transport } = offlineClient(() => ok({ task_id: 't-1' }), {
      region: 'cn-south-1',
      service: 'open-api',
    });
    await client.servers.powerOff(VM, { force: true });
    const sent = transport.sent[0]!;
    expect(Object.keys(sent.headers).sort()).toEqual(
      ['Authorization', 'Content-Type', 'Cookie', 'X-Amz-Date', 'X-Client-Token'].sort(),
    );
    expect(sent.url.pathname).toBe(`/janus/20180725/servers/${VM}/stop`);
    // And that is how the names arrived on the server's socket.
    const names = transport.received[0]!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names).toEqual(expect.arrayContaining(['Authorization', 'Content-Type', 'Cookie', 'X-Amz-Date']));
    expect(Buffer.from(sent.body as Uint8Array).toString('utf8')).toBe('{"force":1}');
    expect(sent.headers.Cookie).toMatch(/^aCMPAuthToken=[0-9a-f]{32}$/);
    const date = sent.headers['X-Amz-Date']!;
    expect(sent.headers.Authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=AKTEST/${date.slice(0, 8)}/cn-south-1/open-api/aws4_request, SignedHeaders=cookie;x-amz-date, Signature=[0-9a-f]{64}$`,
      ),
    );
    // Re-signing the bytes that were sent, at the time they were signed, gives the same signature.
    const { 'X-Amz-Date': _d, Authorization, ...unsigned } = sent.headers;
    const expected = signSangforEc2({
      method: 'POST',
      url: sent.url,
      headers: unsigned,
      body: sent.body!,
      credentials: { accessKeyId: 'AKTEST', secretAccessKey: 'SKTEST-not-a-real-secret' },
      region: 'cn-south-1',
      service: 'open-api',
      now: new Date(
        `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
      ),
    });
    expect(Authorization).toBe(expected.Authorization);
  });

  it('a caller header in another letter case replaces the client one instead of travelling twice', async () => {
    const { client, transport } = offlineClient(() => ok({ task_id: 't-1' }));
    await client.servers.powerOn(VM, { headers: { 'content-type': 'application/json;charset=UTF-8' } });
    const names = Object.keys(transport.sent[0]!.headers).map((name) => name.toLowerCase());
    expect(names.filter((name) => name === 'content-type')).toHaveLength(1);
    expect(transport.sent[0]!.headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it('X-Client-Token on every POST and PUT, none on GET and DELETE', async () => {
    const { client, transport } = offlineClient(() => ok({ task_id: 't-1' }));
    await client.servers.powerOn(VM);
    await client.volumes.resize(VM, 2048);
    await client.servers.get(VM);
    await client.servers.delete(VM, { force: true });
    const [post, put, get, del] = transport.sent;
    expect(post!.headers['X-Client-Token']).toMatch(/^[0-9a-f-]{36}$/);
    expect(put!.headers['X-Client-Token']).toMatch(/^[0-9a-f-]{36}$/);
    expect(post!.headers['X-Client-Token']).not.toBe(put!.headers['X-Client-Token']);
    expect(get!.headers['X-Client-Token']).toBeUndefined();
    expect(del!.headers['X-Client-Token']).toBeUndefined();
    // DELETE carries SCP's JSON body (force: 1 = permanent).
    expect(Buffer.from(del!.body as Uint8Array).toString('utf8')).toBe('{"force":1}');
  });

  it('every POST and PUT the client can send carries its own X-Client-Token', async () => {
    const EIP = '2b2c3d4e-5f60-4718-893a-0b1c2d3e4f50';
    const { client, transport } = offlineClient(() =>
      ok({ task_id: 't-1', id: EIP, volume_id: VOL, uuids: [VM] }),
    );
    const writes: Array<() => Promise<unknown>> = [
      () =>
        client.servers.create({
          az_id: AZ,
          image_id: AZ,
          storage_tag_id: AZ,
          cores: 1,
          memory_mb: 512,
          name: 'x',
          networks: [],
        }),
      () => client.servers.update(VM, { description: 'd' }),
      () => client.servers.powerOn(VM),
      () => client.servers.powerOff(VM),
      () => client.servers.reboot(VM, { force: true }),
      () => client.servers.suspend(VM),
      () => client.servers.resume(VM),
      () => client.servers.batchAction([VM], 'start_servers_action'),
      () => client.servers.attachVolume(VM, VOL),
      () => client.servers.detachVolume(VM, VOL),
      () => client.volumes.create({ az_id: AZ, storage_tag_id: AZ, size_mb: 1024, name: 'd' }),
      () => client.volumes.resize(VOL, 2048),
      () => client.volumes.attach(VOL, VM),
      () => client.volumes.detach(VOL, VM),
      () => client.networks.createVpc({ az_id: AZ, name: 'v' }),
      () => client.networks.updateVpc(AZ, { name: 'v2' }),
      () => client.networks.createSubnet({ vpc_id: AZ, az_id: AZ, name: 's', cidr: '10.0.0.0/24' }),
      () => client.eips.allocate({ az_id: AZ, bandwidth_mb: 10 }),
      () => client.eips.bind(EIP, { server_id: VM }),
      () => client.eips.unbind(EIP),
      () => client.eips.updateBandwidth(EIP, 20),
    ];
    for (const write of writes) await write();
    expect(transport.sent).toHaveLength(writes.length);
    expect(transport.sent.every((r) => r.method === 'POST' || r.method === 'PUT')).toBe(true);
    const tokens = transport.sent.map((r) => r.headers['X-Client-Token']);
    for (const token of tokens)
      expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(tokens).size).toBe(writes.length);
  });

  it('keeps the same X-Client-Token when a PUT is retried after a 503', async () => {
    let calls = 0;
    const { client, transport } = offlineClient(
      () => {
        calls += 1;
        return calls === 1
          ? fakeResponse(503, { code: 503, message: '服务暂时不可用，请稍后再试', data: null })
          : ok({ task_id: 'task-2' });
      },
      { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    );
    expect(await client.volumes.resize(VOL, 4096)).toBe('task-2');
    expect(transport.sent).toHaveLength(2);
    expect(transport.sent[0]!.headers['X-Client-Token']).toBe(transport.sent[1]!.headers['X-Client-Token']);
  });

  it('keeps the same X-Client-Token on every retry of one create after an ambiguous failure', async () => {
    let calls = 0;
    const { client, transport } = offlineClient(
      () => {
        calls += 1;
        if (calls === 1)
          throw new ConnectionError('socket hang up', { code: 'ECONNRESET', phase: 'request' });
        return ok({ task_id: 'task-1', uuids: [VM] });
      },
      { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    );
    const result = await client.servers.create({
      az_id: AZ,
      image_id: AZ,
      storage_tag_id: AZ,
      cores: 1,
      memory_mb: 512,
      name: 'retry',
      networks: [{ vif_id: 'net0', vpc_id: AZ, subnet_id: AZ }],
      power_on: false,
    });
    expect(result).toMatchObject({ task_id: 'task-1', uuids: [VM] });
    expect(transport.sent).toHaveLength(2);
    const [first, second] = transport.sent;
    expect(first!.headers['X-Client-Token']).toBe(second!.headers['X-Client-Token']);
    // Each attempt is signed afresh but the body bytes are identical.
    expect(Buffer.from(first!.body as Uint8Array).equals(Buffer.from(second!.body as Uint8Array))).toBe(true);
    const body = JSON.parse(Buffer.from(first!.body as Uint8Array).toString('utf8'));
    expect(body).toMatchObject({ power_on: 0, count: 1, sockets: 1, location: { id: 'cluster' } });
  });

  it('uses the API version per resource and honours overrides', async () => {
    const { client, transport } = offlineClient(
      () => ok({ total_size: 0, page_num: 0, page_size: 1, next_page_num: '', data: [] }),
      {
        apiVersions: { servers: '20200725', default: '20240725' },
      },
    );
    await client.servers.count();
    await client.hosts.list();
    const { client: plain, transport: plainTransport } = offlineClient(() =>
      ok({ total_size: 0, page_num: 0, page_size: 1, next_page_num: '', data: [] }),
    );
    await plain.hosts.list();
    await plain.hosts.interfaces('host-1');
    await plain.resourcePools.list();
    await plain.tenants.list();
    expect(transport.sent.map((r) => r.url.pathname)).toEqual([
      '/janus/20200725/servers',
      '/janus/20240725/hosts',
    ]);
    expect(plainTransport.sent.map((r) => r.url.pathname)).toEqual([
      '/janus/20190725/hosts',
      '/janus/20180725/hosts/host-1/interfaces',
      '/janus/20190725/azs',
      '/janus/20190725/projects',
    ]);
  });

  it('token auth: Authorization: Token <id>, the password RSA-encrypted, optional cookie', async () => {
    const modulus =
      'C4E3F7212602E1E396C0B6623CF11D26204ACE3E7D26685E037AD2507DCE82FC28F2D5F8A67FC3AFAB89A6D818D1F4C28CFA548418BD9F8E7426789A67E73E41';
    const { client, transport } = offlineClient(
      (request) => {
        if (request.url.pathname === '/janus/public-key') return ok({ public_key: `${modulus}\n` });
        if (request.url.pathname === '/janus/authenticate') {
          return ok({
            access: {
              token: {
                id: 'bfdc5e93414a4b5fbc0f8541a6c4abc2',
                issued_at: '2024-07-25T08:00:00.000000Z',
                expires: '2024-07-25T09:00:00.000000Z',
              },
            },
          });
        }
        return ok({ build_version: 'SCP6.11.1' });
      },
      {
        accessKey: undefined,
        secretKey: undefined,
        username: 'admin',
        password: 'pässword',
        aCMPAuthToken: 'cafe',
      },
    );
    await client.system.version();
    await client.system.version();
    const paths = transport.sent.map((r) => r.url.pathname);
    expect(paths).toEqual([
      '/janus/public-key',
      '/janus/authenticate',
      '/janus/20180725/system/version',
      '/janus/20180725/system/version',
    ]);
    const login = JSON.parse(Buffer.from(transport.sent[1]!.body as Uint8Array).toString('utf8'));
    expect(login.auth.passwordCredentials.username).toBe('admin');
    expect(login.auth.passwordCredentials.password).toMatch(/^[0-9a-f]{128}$/);
    expect(transport.sent[2]!.headers.Authorization).toBe('Token bfdc5e93414a4b5fbc0f8541a6c4abc2');
    expect(transport.sent[2]!.headers.Cookie).toBe('aCMPAuthToken=cafe');
    expect(transport.sent[1]!.headers.Cookie).toBe('aCMPAuthToken=cafe');
  });
});

describe('answer variants the reference lists', () => {
  it('VPC and subnet creation may answer {id}, {task_id}, both, or uuids', async () => {
    const answers = [{ id: AZ }, { task_id: 't-9' }, { id: AZ, task_id: 't-9' }, { uuids: [AZ] }];
    const { client } = offlineClient(() => ok(answers.shift()));
    expect(await client.networks.createVpc({ az_id: AZ, name: 'a' })).toEqual({ id: AZ });
    expect(await client.networks.createVpc({ az_id: AZ, name: 'b' })).toEqual({ task_id: 't-9' });
    expect(await client.networks.createVpc({ az_id: AZ, name: 'c' })).toEqual({ id: AZ, task_id: 't-9' });
    expect(
      await client.networks.createSubnet({ vpc_id: AZ, az_id: AZ, name: 's', cidr: '10.1.0.0/16' }),
    ).toMatchObject({ id: AZ });
  });

  it('a 204 or an empty data is an action without a task, and waiting on it returns at once', async () => {
    const { client, transport } = offlineClient(() => fakeResponse(204, undefined));
    const taskId = await client.servers.powerOn(VM);
    expect(taskId).toBeUndefined();
    expect(await client.tasks.wait(taskId)).toBeUndefined();
    expect(transport.sent).toHaveLength(1);
  });
});

describe('token renewal on a 401', () => {
  it('logs in again once; a 401 that the new token does not cure is an AuthError, not a loop', async () => {
    const modulus =
      'C4E3F7212602E1E396C0B6623CF11D26204ACE3E7D26685E037AD2507DCE82FC28F2D5F8A67FC3AFAB89A6D818D1F4C28CFA548418BD9F8E7426789A67E73E41';
    let logins = 0;
    const { client, transport } = offlineClient(
      (request) => {
        if (request.url.pathname === '/janus/public-key') return ok({ public_key: modulus });
        if (request.url.pathname === '/janus/authenticate') {
          logins += 1;
          return ok({
            access: {
              token: {
                id: `${String(logins).padStart(32, '0')}`,
                issued_at: '2024-07-25T08:00:00.000000Z',
                expires: '2024-07-25T09:00:00.000000Z',
              },
            },
          });
        }
        return fakeResponse(401, { code: 401, message: 'Token无效，请重新认证', data: null });
      },
      { accessKey: undefined, secretKey: undefined, username: 'admin', password: 'pw-not-logged' },
    );
    const error = await client.system.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).cloudMessage).toBe('Token无效，请重新认证');
    expect(logins).toBe(2);
    const apiCalls = transport.sent.filter((r) => r.url.pathname.endsWith('/system/version'));
    expect(apiCalls.map((r) => r.headers.Authorization)).toEqual([
      `Token ${'1'.padStart(32, '0')}`,
      `Token ${'2'.padStart(32, '0')}`,
    ]);
  });
});

describe('EIP collection fallback', () => {
  it('reads /floatingips when /eips does not exist, and remembers it', async () => {
    const EIP = '2b2c3d4e-5f60-4718-893a-0b1c2d3e4f50';
    const { client, transport } = offlineClient((request) => {
      if (request.url.pathname.endsWith('/eips') || request.url.pathname.includes('/eips/')) {
        return fakeResponse(404, { code: 404, message: '请求的资源不存在', data: null });
      }
      return ok([{ id: EIP, floating_ip: '203.0.113.7', bandwidth: { qos_uplink: 10, qos_downlink: 10 } }]);
    });
    const found = await client.eips.get(EIP);
    expect(found.floating_ip).toBe('203.0.113.7');
    expect(client.eips.collection).toBe('floatingips');
    expect((await client.eips.list()).map((e) => e.id)).toEqual([EIP]);
    expect(transport.sent.map((r) => r.url.pathname)).toEqual([
      `/janus/20180725/eips/${EIP}`,
      '/janus/20180725/eips',
      '/janus/20180725/floatingips',
      '/janus/20180725/floatingips',
      '/janus/20180725/floatingips',
    ]);
  });

  it('a 404 for one EIP on an SCP that has /eips is NotFoundError', async () => {
    const EIP = '2b2c3d4e-5f60-4718-893a-0b1c2d3e4f51';
    const { client } = offlineClient((request) =>
      request.url.pathname.includes('/eips/')
        ? fakeResponse(404, { code: 404, message: '弹性IP不存在', data: null })
        : ok({ total_size: 0, page_num: 0, page_size: 1, next_page_num: '', data: [] }),
    );
    await expect(client.eips.get(EIP)).rejects.toMatchObject({ status: 404, cloudMessage: '弹性IP不存在' });
    expect(client.eips.collection).toBe('eips');
  });
});
