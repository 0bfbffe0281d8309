import type { RunningEmulator } from '@yunkit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from 'yunkit/core';
import type { SangforClient } from 'yunkit/sangfor';
import { ec2Client, startScp, tokenClient, wireLog } from './emulator.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clients: SangforClient[] = [];
function track(client: SangforClient): SangforClient {
  clients.push(client);
  return client;
}
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

describe('EC2 (AK/SK) auth', () => {
  let scp: RunningEmulator;
  beforeAll(async () => {
    // strictHeaderCase: the emulator refuses X-Amz-Date/Authorization in any other letter case, as S8 saw SCP do.
    scp = await startScp({ providerOptions: { strictHeaderCase: true } });
  });
  afterAll(() => scp.close());

  it('signs reads and writes with exact header case, the cookie signed, the body hashed as sent', async () => {
    const log = wireLog();
    const client = track(ec2Client(scp, { hooks: log.hooks }));
    expect(client.authScheme).toBe('ec2');
    const version = await client.system.version();
    expect(version.build_version).toMatch(/^SCP/);
    // A POST whose signature covers the body: SCP recomputes sha256 over the bytes it received.
    const [az] = await client.resourcePools.list();
    const created = await client.networks.createVpc({
      az_id: az!.id,
      name: '签名测试-vpc',
      description: '中文描述',
    });
    await client.tasks.wait(created.task_id);
    const post = log.requests.find((r) => r.method === 'POST');
    expect(post?.url).toContain('/janus/20180725/vpcs');
    const names = Object.keys(post!.headers);
    for (const name of ['X-Amz-Date', 'Authorization', 'Cookie', 'Content-Type', 'X-Client-Token']) {
      expect(names).toContain(name);
    }
    const auth = log.requests[0]!.headers.Authorization;
    expect(auth).not.toMatch(/Signature=[0-9a-f]{64}/); // the hook sees it redacted
  });

  it('rejects a wrong secret with AuthError and does not retry or renew it', async () => {
    const log = wireLog();
    const client = track(ec2Client(scp, { secretKey: 'wrong-secret-value', hooks: log.hooks }));
    const error = await client.system.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect(log.requests).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain('wrong-secret-value');
  });

  it('token auth passes the same strict header-case check, with and without the cookie', async () => {
    const log = wireLog();
    const withCookie = track(tokenClient(scp, { aCMPAuthToken: true, hooks: log.hooks }));
    expect((await withCookie.system.version()).build_version).toMatch(/^SCP/);
    const plain = track(tokenClient(scp));
    expect((await plain.resourcePools.list()).length).toBeGreaterThan(0);
    const call = log.requests.find((r) => r.url.includes('/system/version'))!;
    expect(Object.keys(call.headers)).toEqual(expect.arrayContaining(['Authorization', 'Cookie']));
  });

  it('can leave the aCMPAuthToken cookie out', async () => {
    const log = wireLog();
    const client = track(ec2Client(scp, { aCMPAuthToken: false, hooks: log.hooks }));
    await client.system.version();
    expect(Object.keys(log.requests[0]!.headers)).not.toContain('Cookie');
  });
});

describe('token auth', () => {
  let scp: RunningEmulator;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(() => scp.close());

  it('logs in once (public key → RSA password → authenticate) and reuses the token for every call', async () => {
    const log = wireLog();
    const client = track(tokenClient(scp, { hooks: log.hooks }));
    expect(client.authScheme).toBe('token');
    await client.system.version();
    await client.resourcePools.list();
    await Promise.all([
      client.hosts.list(),
      client.tenants.list(),
      client.images.list(),
      client.system.license(),
    ]);
    expect(log.count('GET', '/janus/public-key')).toBe(1);
    expect(log.count('POST', '/janus/authenticate')).toBe(1);
    expect(log.responses.every((r) => r.status === 200)).toBe(true);
    const apiCall = log.requests.find((r) => r.url.includes('/system/version'))!;
    expect(Object.keys(apiCall.headers)).toContain('Authorization');
    expect(apiCall.headers.Authorization).not.toMatch(/^Token [0-9a-f]{32}$/); // redacted in hooks
  });

  it('concurrent first calls share one login', async () => {
    const log = wireLog();
    const client = track(tokenClient(scp, { hooks: log.hooks }));
    await Promise.all(Array.from({ length: 8 }, () => client.system.version()));
    expect(log.count('POST', '/janus/authenticate')).toBe(1);
  });

  it('a wrong password is an AuthError that names no secret', async () => {
    const client = track(tokenClient(scp, { password: 'not-the-password-123' }));
    const error = await client.system.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const dump = `${(error as Error).message} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(dump).not.toContain('not-the-password-123');
  });

  it('renews once on a 401, and concurrent calls that hit the 401 share one renewal', async () => {
    const log = wireLog();
    const client = track(tokenClient(scp, { hooks: log.hooks }));
    await client.system.version();
    expect(log.count('POST', '/janus/authenticate')).toBe(1);
    // SCP's clock moves past the token's expiry; the client still believes it valid, so SCP answers 401.
    scp.context.clock.advance(2 * 3600 * 1000);
    const results = await Promise.all(Array.from({ length: 6 }, () => client.system.version()));
    expect(results.every((v) => typeof v.build_version === 'string')).toBe(true);
    expect(log.responses.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(log.count('POST', '/janus/authenticate')).toBe(2);
  });
});

describe('token renewal before expiry', () => {
  let scp: RunningEmulator;
  beforeAll(async () => {
    scp = await startScp({ providerOptions: { tokenLifetimeSeconds: 1.5 } });
  });
  afterAll(() => scp.close());

  it('logs in again shortly before `expires`, without a 401', async () => {
    const log = wireLog();
    // A margin longer than the token's life is capped at half of it: renewal is due after 750 ms.
    const client = track(tokenClient(scp, { hooks: log.hooks, tokenRefreshBeforeMs: 60_000 }));
    await client.system.version();
    await client.system.version();
    expect(log.count('POST', '/janus/authenticate')).toBe(1);
    // 800 ms on: past the renewal point, yet SCP would still take the old token, so only a renewal
    // made ahead of time (not a reaction to a 401) logs in again here.
    await sleep(800);
    await client.system.version();
    expect(log.count('POST', '/janus/authenticate')).toBe(2);
    expect(log.responses.some((r) => r.status === 401)).toBe(false);
  });
});

describe('older SCP that requires the aCMPAuthToken cookie', () => {
  let scp: RunningEmulator;
  beforeAll(async () => {
    scp = await startScp({
      providerOptions: { requireCookie: true, publicKeyLocation: 'top-level', errorField: 'errcode' },
    });
  });
  afterAll(() => scp.close());

  it('works with the cookie option and fails without it', async () => {
    const withCookie = track(tokenClient(scp, { aCMPAuthToken: true }));
    expect((await withCookie.system.version()).build_version).toMatch(/^SCP/);
    const named = track(tokenClient(scp, { aCMPAuthToken: '0123456789abcdef0123456789abcdef' }));
    expect((await named.resourcePools.list()).length).toBeGreaterThan(0);
    const without = track(tokenClient(scp));
    await expect(without.system.version()).rejects.toBeInstanceOf(AuthError);
  });
});
