import type { RunningEmulator } from '@yunkit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, type HttpRequest, type HttpResponse, HttpTransport } from 'yunkit/core';
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

    // A POST refused for its stale token is sent again after the new login, its X-Client-Token unchanged.
    const [az] = await client.resourcePools.list();
    scp.context.clock.advance(2 * 3600 * 1000);
    await client.networks.createVpc({ az_id: az!.id, name: 'after-renewal' });
    expect(log.count('POST', '/janus/authenticate')).toBe(3);
    const posts = log.requests.filter(
      (r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/vpcs'),
    );
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['X-Client-Token']).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.headers['X-Client-Token']).toBe(posts[0]!.headers['X-Client-Token']);
    const named = await client.networks.listVpcs().toArray();
    expect(named.filter((v) => v.name === 'after-renewal')).toHaveLength(1);
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
    // Calls that find the token due at the same moment share one renewal.
    await Promise.all(Array.from({ length: 5 }, () => client.system.version()));
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

/** Passes every request on, keeping what went on the wire so the test knows which secrets to look for. */
class SpyTransport extends HttpTransport {
  readonly sent: HttpRequest[] = [];
  override send(request: HttpRequest): Promise<HttpResponse> {
    this.sent.push({ ...request, headers: { ...request.headers } });
    return super.send(request);
  }
}

describe('secrets stay out of logs, hooks and errors', () => {
  let scp: RunningEmulator;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(() => scp.close());

  it('neither the password, the secret key, a token, a signature nor the encrypted password is ever reported', async () => {
    const reported: unknown[] = [];
    const record = (...args: unknown[]) => {
      reported.push(args);
    };
    const logger = { debug: record, info: record, warn: record, error: record };
    const hooks = { onRequest: record, onResponse: record, onError: record, onRetry: record };
    const transport = new SpyTransport({ ca: scp.certificate });
    const common = { logger, hooks, transport };
    try {
      // EC2 first: moving SCP's clock below would make every EC2 date stale.
      const ec2 = track(ec2Client(scp, common));
      await ec2.servers.count();
      const errors = await Promise.all([
        track(tokenClient(scp, { ...common, password: 'Wrong-Passw0rd!' }))
          .system.version()
          .catch((e: unknown) => e),
        track(ec2Client(scp, { ...common, secretKey: 'Wrong-Secret-Key-123' }))
          .system.version()
          .catch((e: unknown) => e),
      ]);
      const token = track(tokenClient(scp, common));
      await token.system.version();
      scp.context.clock.advance(2 * 3600 * 1000); // the next call meets a 401 and logs in again
      await token.resourcePools.list();
      expect(errors.every((e) => e instanceof AuthError)).toBe(true);
      for (const error of errors) reported.push((error as Error).message, (error as Error).stack, error);

      const secrets = new Set<string>([
        scp.credentials.password!,
        scp.credentials.secretKey!,
        'Wrong-Passw0rd!',
        'Wrong-Secret-Key-123',
      ]);
      for (const request of transport.sent) {
        const auth = request.headers.Authorization ?? '';
        if (auth.startsWith('Token ')) secrets.add(auth.slice('Token '.length));
        const signature = /Signature=([0-9a-f]{64})/.exec(auth)?.[1];
        if (signature !== undefined) secrets.add(signature);
        if (request.url.pathname === '/janus/authenticate') {
          const body = JSON.parse(Buffer.from(request.body as Uint8Array).toString('utf8'));
          secrets.add(body.auth.passwordCredentials.password);
        }
      }
      expect([...secrets].filter((s) => /^[0-9a-f]{32}$/.test(s)).length).toBeGreaterThanOrEqual(2);
      expect(reported.length).toBeGreaterThan(10);
      const dump = reported
        .map((entry) =>
          JSON.stringify(entry, (_key, value: unknown) =>
            value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
          ),
        )
        .join('\n');
      for (const secret of secrets) expect(dump.includes(secret), 'a secret was reported').toBe(false);
    } finally {
      transport.close();
    }
  });
});
