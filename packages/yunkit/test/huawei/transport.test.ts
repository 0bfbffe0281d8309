import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Server as ProxyServer } from 'proxy-chain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, RateLimitError, ServerError, TimeoutError } from 'yunkit/core';
import {
  errorLevel,
  HttpHandler,
  isConnectionFailure,
  type RawRequestInfo,
  type RawResponseInfo,
  RetryOutageError,
} from 'yunkit/huawei';
import { deadEndpoint, type HuaweiFixture, recordingServer, startHuawei } from './helpers.js';

let fx: HuaweiFixture;

beforeAll(async () => {
  fx = await startHuawei();
});
afterEach(() => fx.emulator.context.faults.clear());
afterAll(async () => fx.close());

function recorder() {
  const seen: RawRequestInfo[] = [];
  return { seen, httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) };
}

describe('endpoint failover', () => {
  it('moves to the next endpoint when the first refuses connections, and remembers the one that worked', async () => {
    const dead = await deadEndpoint();
    const hw = fx.client({
      endpoint: undefined,
      endpoints: { vpc: [dead, fx.emulator.endpoint], iam: fx.emulator.endpoint },
    });
    expect(hw.endpointsOf('vpc')).toEqual([dead, fx.emulator.endpoint]);
    const { vpcs } = await hw.vpc.vpcs.list();
    expect(vpcs.length).toBeGreaterThan(0);
    expect(hw.endpointsOf('vpc')).toEqual([fx.emulator.endpoint, dead]);
  });

  it('fails over from a comma-separated HUAWEICLOUD_SDK_REGION_* list, signing for the new host', async () => {
    const dead = await deadEndpoint();
    const hw = fx.client({
      endpoint: undefined,
      endpoints: { iam: fx.emulator.endpoint },
      retry: { maxAttempts: 1 },
      env: { HOME: fx.home, HUAWEICLOUD_SDK_REGION_EVS_CN_NORTH_4: `${dead},${fx.emulator.endpoint}` },
    });
    expect(hw.endpointsOf('evs')).toEqual([dead, fx.emulator.endpoint]);
    const { volumes } = await hw.evs.volumes.list();
    expect(Array.isArray(volumes)).toBe(true);
    expect(hw.endpointsOf('evs')).toEqual([fx.emulator.endpoint, dead]);
  });

  it('leaves a dead endpoint after one attempt when another is left, and retries only on the last', async () => {
    const [first, second] = [await deadEndpoint(), await deadEndpoint()];
    const attempts: string[] = [];
    const hw = fx.client({
      endpoint: [first, second],
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      hooks: { onRequest: ({ url }) => void attempts.push(new URL(url).origin) },
    });
    const err = await hw.vpc.vpcs.list().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(attempts).toEqual([first, second, second, second]);
  });

  it('reports a connection failure when every endpoint is down', async () => {
    const hw = fx.client({
      endpoint: [await deadEndpoint(), await deadEndpoint()],
      retry: { maxAttempts: 1 },
    });
    const err = await hw.vpc.vpcs.list().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(errorLevel(err)).toEqual({ level1: 'ConnectionException', level2: 'HostUnreachableException' });
  });
});

describe('invoker retry (the seed’s with_retry)', () => {
  const strategies = ['none', 'exponential', 'equalJitter', 'randomJitter', 'decorrelatedJitter'] as const;
  for (const backoffStrategy of strategies) {
    it(`retries a 503 with ${backoffStrategy} backoff until it succeeds`, async () => {
      fx.emulator.context.faults.set({ rules: [{ path: '/vpcs', action: 'error', status: 503, times: 2 }] });
      const { seen, httpHandler } = recorder();
      const hw = fx.client({ retry: false, httpHandler });
      const { vpcs } = await hw.vpc.vpcs.list(
        {},
        {
          withRetry: {
            retryCondition: (_r, e) => e instanceof ServerError && e.status === 503,
            maxRetries: 3,
            backoffStrategy,
            baseDelayMs: 2,
            maxDelayMs: 20,
          },
        },
      );
      expect(vpcs.length).toBeGreaterThan(0);
      expect(seen.filter((r) => r.pathUrl.endsWith('/vpcs'))).toHaveLength(3);
    });
  }

  it('gives up after maxRetries and throws the last server error', async () => {
    fx.emulator.context.faults.set({ rules: [{ path: '/vpcs', action: 'error', status: 503 }] });
    const { seen, httpHandler } = recorder();
    const hw = fx.client({ retry: false, httpHandler });
    const err = await hw.vpc.vpcs
      .list({}, { withRetry: { retryCondition: (_r, e) => e instanceof ServerError, maxRetries: 2 } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(errorLevel(err)?.level2).toBe('ServerResponseException');
    expect(seen).toHaveLength(3);
  });

  it('turns exhausted connection retries into a RetryOutageError', async () => {
    const hw = fx.client({ endpoint: await deadEndpoint(), retry: false });
    const err = await hw.ecs.flavors
      .list(
        {},
        { withRetry: { retryCondition: isConnectionFailure, maxRetries: 2, backoffStrategy: 'none' } },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(RetryOutageError);
    expect(err.attempts).toBe(3);
    expect(err.lastError).toBeInstanceOf(ConnectionError);
    expect(errorLevel(err)).toEqual({ level1: 'RequestTimeoutException', level2: 'RetryOutageException' });
  });

  it('can retry on a response: poll a job until it is SUCCESS', async () => {
    const hw = fx.client();
    const vpc = await hw.vpc.vpcs.create({ vpc: { name: 'retry', cidr: '10.7.0.0/16' } });
    const got = await hw.vpc.vpcs.get(vpc.id, {
      withRetry: {
        retryCondition: (response) =>
          (response as { vpc?: { status?: string } } | undefined)?.vpc?.status !== 'OK',
        maxRetries: 10,
        backoffStrategy: 'exponential',
        baseDelayMs: 20,
      },
    });
    expect(got.status).toBe('OK');
    await hw.vpc.vpcs.delete(vpc.id);
  });

  it('applies a client-wide default policy', async () => {
    fx.emulator.context.faults.set({
      rules: [{ path: '/cloudservers/flavors', action: 'error', status: 500, times: 1 }],
    });
    const hw = fx.client({
      retry: false,
      withRetry: { retryCondition: (_r, e) => e instanceof ServerError, maxRetries: 1 },
    });
    expect((await hw.ecs.flavors.list()).flavors.length).toBeGreaterThan(0);
  });

  it('keeps yunkit’s own retries underneath: a GET is retried on 503 by default', async () => {
    fx.emulator.context.faults.set({ rules: [{ path: '/subnets', action: 'error', status: 503, times: 1 }] });
    const { seen, httpHandler } = recorder();
    const hw = fx.client({ httpHandler });
    await hw.vpc.subnets.list();
    expect(seen).toHaveLength(2);
  });
});

describe('hooks, access log and custom headers', () => {
  it('the HttpHandler sees every exchange, with secrets redacted', async () => {
    const requests: RawRequestInfo[] = [];
    const responses: RawResponseInfo[] = [];
    const { userName, password, domainName } = fx.emulator.credentials;
    const handler = new HttpHandler()
      .addRequestHandler((r) => void requests.push(r))
      .addResponseHandler((r) => void responses.push(r));
    const hw = fx.client({
      credentials: { type: 'password', user: userName!, password: password!, domain: domainName! },
      httpHandler: handler,
    });
    await hw.vpc.vpcs.list();
    const temp = await hw.iam.tokens.createTemporaryAccessKey();
    const dump = JSON.stringify({ requests, responses });
    const token = ((await hw.credentials.get()) as { token: string }).token;
    for (const secret of [
      password!,
      token,
      temp.secret,
      temp.securitytoken,
      fx.emulator.credentials.secretKey!,
    ]) {
      expect(dump).not.toContain(secret);
    }
    expect(requests.find((r) => r.pathUrl.startsWith('/v3/auth/tokens'))!.body).toContain('"***"');
    expect(
      responses.find((r) => r.request.pathUrl.startsWith('/v3/auth/tokens'))!.headers['x-subject-token'],
    ).toBe('***');
    expect(responses.at(-1)!.status).toBe(201);
  });

  it('writes the seed’s access log format to a stream and a rotating file, without secrets', async () => {
    const lines: string[] = [];
    const file = join(fx.home, 'access.log');
    const hw = fx.client({
      credentials: { ak: fx.emulator.credentials.accessKey!, sk: fx.emulator.credentials.secretKey! },
      streamLog: { stream: { write: (l: string) => void lines.push(l) } },
      fileLog: { path: file, maxBytes: 600, backupCount: 2 },
    });
    await hw.vpc.vpcs.list();
    await hw.ecs.servers.get('00000000-0000-0000-0000-000000000000').catch(() => undefined);
    for (let i = 0; i < 3; i++) await hw.ims.images.list({ limit: 1 });
    const pattern =
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ HuaweiCloud-SDK http_handler\.ts 0 (INFO|WARNING) "GET http:\/\/127\.0\.0\.1:\d+\/\S+" \d{3} \d+ \d+:\d\d:\d\d\.\d{6} [0-9a-f]+\n$/;
    expect(lines.length).toBe(6);
    for (const line of lines) expect(line).toMatch(pattern);
    expect(lines.find((l) => l.includes('/v3/projects?name=cn-north-4'))).toBeTruthy();
    expect(lines.find((l) => l.includes('" 404 '))).toContain(' WARNING ');
    const written = readFileSync(file, 'utf8') + readFileSync(`${file}.1`, 'utf8');
    expect(written).toContain('/v2/cloudimages?limit=1');
    expect(written).not.toContain(fx.emulator.credentials.secretKey!);
    expect(lines.join('')).not.toContain(fx.emulator.credentials.secretKey!);
  });

  it('warning level keeps only failed exchanges', async () => {
    const lines: string[] = [];
    const hw = fx.client({
      streamLog: { stream: { write: (l: string) => void lines.push(l) }, logLevel: 'warning' },
    });
    await hw.vpc.vpcs.list();
    await hw.vpc.vpcs.get('00000000-0000-0000-0000-000000000000').catch(() => undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('" 404 ');
  });

  it('passes yunkit hooks through (one onRequest/onResponse per attempt, redacted)', async () => {
    const events: string[] = [];
    const hw = fx.client({
      hooks: {
        onRequest: (i) => void events.push(`req ${i.method} ${i.headers.Authorization}`),
        onResponse: (i) => void events.push(`res ${i.status} ${i.requestId ? 'rid' : 'none'}`),
      },
    });
    await hw.vpc.vpcs.list();
    expect(events).toEqual(['req GET ***', 'res 200 rid']);
  });

  it('honours a 429 with Retry-After as a RateLimitError, retried by default', async () => {
    fx.emulator.context.faults.set({
      rules: [{ path: '/ports', action: 'throttle', retryAfterSeconds: 0, times: 1 }],
    });
    const { seen, httpHandler } = recorder();
    const hw = fx.client({ httpHandler });
    await hw.vpc.ports.list();
    expect(seen).toHaveLength(2);
    fx.emulator.context.faults.set({ rules: [{ path: '/ports', action: 'throttle', retryAfterSeconds: 0 }] });
    const err = await fx
      .client({ retry: false })
      .vpc.ports.list()
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.code).toBe('APIGW.0308');
  });

  it('sends per-call and client headers (the seed’s add_header) and signs them', async () => {
    const wire = await recordingServer(() => ({ body: { vpcs: [] }, headers: { 'X-Request-Id': 'rid-1' } }));
    try {
      const hw = fx.client({ endpoint: wire.endpoint, headers: { 'X-Team': 'infra' } });
      await hw.vpc.vpcs.list({}, { headers: { key1: 'value1', Key2: 'value2' } });
      const got = wire.received[0]!;
      expect(got.headers.key1).toBe('value1');
      expect(got.headers['x-team']).toBe('infra');
      expect(got.rawHeaders).toContain('Key2');
      expect(got.headers.authorization).toMatch(
        /SignedHeaders=content-type;host;key1;key2;x-project-id;x-sdk-date;x-team,/,
      );
      expect(got.headers['content-type']).toBe('application/json');
    } finally {
      await wire.close();
    }
    // And the emulator verifies such a signature.
    const hw = fx.client();
    expect((await hw.vpc.vpcs.list({}, { headers: { key1: 'value1' } })).vpcs.length).toBeGreaterThan(0);
  });

  it('lets a per-call header replace a client header spelled in another letter case', async () => {
    const wire = await recordingServer(() => ({ body: { vpcs: [] } }));
    try {
      const hw = fx.client({ endpoint: wire.endpoint, headers: { 'X-Language': 'en-us' } });
      await hw.vpc.vpcs.list({}, { headers: { 'x-language': 'zh-cn', 'content-type': 'application/json' } });
      const raw = wire.received[0]!.rawHeaders;
      const names = raw.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());
      expect(names.filter((name) => name === 'x-language')).toHaveLength(1);
      expect(names.filter((name) => name === 'content-type')).toHaveLength(1);
      expect(wire.received[0]!.headers['x-language']).toBe('zh-cn');
    } finally {
      await wire.close();
    }
  });

  it('never sends a caller’s x-project-id next to the signed X-Project-Id', async () => {
    const wire = await recordingServer(() => ({ body: { vpcs: [] } }));
    try {
      const hw = fx.client({ endpoint: wire.endpoint });
      await hw.vpc.vpcs.list({}, { headers: { 'x-project-id': 'stale-project' } });
      const raw = wire.received[0]!.rawHeaders;
      const projectHeaders = raw.filter((_, i) => i % 2 === 0 && raw[i]!.toLowerCase() === 'x-project-id');
      expect(projectHeaders).toEqual(['X-Project-Id']);
      expect(wire.received[0]!.headers['x-project-id']).toBe(fx.emulator.credentials.projectId);
    } finally {
      await wire.close();
    }
  });
});

describe('HTTP configuration', () => {
  it('goes through a proxy with user and password', async () => {
    const seenAuth: string[] = [];
    const proxy = new ProxyServer({
      port: 0,
      host: '127.0.0.1',
      prepareRequestFunction: ({ username, password }) => {
        seenAuth.push(`${username}:${password.length}`);
        return { requestAuthentication: username !== 'proxy-user' || password !== 'p@ss:word' };
      },
    });
    await proxy.listen();
    try {
      const hw = fx.client({
        http: {
          proxy: {
            protocol: 'http',
            host: '127.0.0.1',
            port: proxy.port,
            user: 'proxy-user',
            password: 'p@ss:word',
          },
        },
      });
      expect((await hw.vpc.vpcs.list()).vpcs.length).toBeGreaterThan(0);
      expect(seenAuth[0]).toBe('proxy-user:9');
      expect(proxy.stats.httpRequestCount).toBeGreaterThan(0);
    } finally {
      await proxy.close(true);
    }
  });

  it('times out a slow answer (read timeout) as a CallTimeoutException', async () => {
    fx.emulator.context.faults.set({ latencyMs: 400 });
    const hw = fx.client({ http: { timeout: [1_000, 100] }, retry: false });
    const err = await hw.vpc.vpcs.list().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(errorLevel(err)).toEqual({ level1: 'RequestTimeoutException', level2: 'CallTimeoutException' });
  });
});

describe('TLS', () => {
  let tls: HuaweiFixture;
  beforeAll(async () => {
    tls = await startHuawei({ tls: true });
  });
  afterAll(async () => tls.close());

  it('trusts the server through sslCaCert, rejects an unknown certificate, or skips verification when asked', async () => {
    const trusted = tls.client({ http: { sslCaCert: tls.emulator.certificate! } });
    expect((await trusted.vpc.vpcs.list()).vpcs.length).toBeGreaterThan(0);
    const caFile = join(tls.home, 'ca.pem');
    (await import('node:fs')).writeFileSync(caFile, tls.emulator.certificate!);
    const fromFile = tls.client({ http: { sslCaCert: caFile } });
    expect((await fromFile.ecs.flavors.list()).flavors.length).toBeGreaterThan(0);
    const strict = tls.client({ retry: false });
    const err = await strict.vpc.vpcs.list().catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(errorLevel(err)?.level2).toBe('SslHandShakeException');
    const lax = tls.client({ http: { ignoreSslVerification: true } });
    expect((await lax.vpc.vpcs.list()).vpcs.length).toBeGreaterThan(0);
  });
});
