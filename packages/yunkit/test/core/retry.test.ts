import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  backoffDelay,
  ConnectionError,
  HttpTransport,
  isRetryable,
  Pipeline,
  type PipelineConfig,
  parseRetryAfter,
  RateLimitError,
  RetryBudget,
  type RetryHookInfo,
  ServerError,
  TimeoutError,
} from 'yunkit/core';
import { closePort, headerValue, parseTestError, sendJson, startServer, type TestServer } from './helpers.js';

describe('parseRetryAfter', () => {
  it('reads seconds, fractional seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling with a cap', () => {
    expect(backoffDelay(1, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBe(399);
    expect(backoffDelay(30, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(0);
  });
});

describe('isRetryable', () => {
  const api = (status: number) => ApiError.from({ provider: 'zstack', status, code: 'x', message: 'm' });
  const post = { method: 'POST' };
  const postWithToken = { method: 'POST', idempotencyToken: 'tok' };
  const get = { method: 'GET' };

  it('always retries throttling and failures before anything was sent', () => {
    expect(isRetryable(api(429), post)).toBe(true);
    expect(isRetryable(new ConnectionError('x', { phase: 'connect', code: 'ECONNREFUSED' }), post)).toBe(
      true,
    );
    expect(isRetryable(new ConnectionError('x', { phase: 'tls', code: 'ECONNRESET' }), post)).toBe(true);
    expect(isRetryable(new TimeoutError('x', { timeoutMs: 1, kind: 'connect' }), post)).toBe(true);
  });

  it('never retries certificate failures, refused proxy auth or client errors', () => {
    expect(
      isRetryable(new ConnectionError('x', { phase: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), get),
    ).toBe(false);
    expect(
      isRetryable(new ConnectionError('x', { phase: 'connect', code: 'ERR_PROXY_AUTH_REQUIRED' }), get),
    ).toBe(false);
    for (const status of [400, 401, 403, 404, 409]) expect(isRetryable(api(status), get)).toBe(false);
    expect(isRetryable(new Error('bug'), get)).toBe(false);
  });

  it('retries ambiguous failures only for idempotent methods or with an idempotency token', () => {
    const ambiguous = [
      api(500),
      api(503),
      new ConnectionError('x', { phase: 'request', code: 'ECONNRESET' }),
      new TimeoutError('x', { timeoutMs: 1, kind: 'request' }),
    ];
    for (const error of ambiguous) {
      expect(isRetryable(error, post)).toBe(false);
      expect(isRetryable(error, postWithToken)).toBe(true);
      for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get'])
        expect(isRetryable(error, { method })).toBe(true);
      expect(isRetryable(error, { method: 'PATCH' })).toBe(false);
    }
  });
});

describe('RetryBudget', () => {
  it('spends per retry, more for timeouts, and refills on success', () => {
    const budget = new RetryBudget({ capacity: 20, retryCost: 5, timeoutCost: 10, successRefund: 1 });
    expect(
      budget.tryAcquire(new ServerError({ provider: 'huawei', status: 500, code: 'x', message: 'm' })),
    ).toBe(5);
    expect(budget.tryAcquire(new TimeoutError('t', { timeoutMs: 1, kind: 'request' }))).toBe(10);
    expect(budget.available).toBe(5);
    expect(budget.tryAcquire(new TimeoutError('t', { timeoutMs: 1, kind: 'request' }))).toBeUndefined();
    expect(budget.available).toBe(5);
    budget.recordSuccess(15);
    expect(budget.available).toBe(20);
    budget.recordSuccess(0);
    expect(budget.available).toBe(20);
  });
});

describe('Pipeline retries against a real server', () => {
  let server: TestServer;
  const script = new Map<string, Array<'drop' | number | [number, Record<string, string>]>>();
  const transports: HttpTransport[] = [];

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      const steps = script.get(path);
      const step = steps && steps.length > 1 ? steps.shift()! : steps?.[0];
      if (step === 'drop') {
        // The ambiguous failure: the request was read (and maybe acted on), no answer comes back.
        res.socket?.destroy();
        return;
      }
      const [status, headers] = Array.isArray(step) ? step : [step ?? 200, {}];
      sendJson(res, status, status < 400 ? { ok: true, path } : { message: `failure ${status}` }, headers);
    });
  });
  afterAll(() => server.close());
  afterEach(() => {
    for (const t of transports.splice(0)) t.close();
    script.clear();
  });

  function pipeline(overrides: Partial<PipelineConfig> = {}): {
    pipeline: Pipeline;
    retries: RetryHookInfo[];
  } {
    const transport = new HttpTransport();
    transports.push(transport);
    const retries: RetryHookInfo[] = [];
    const p = new Pipeline({
      provider: 'huawei',
      transport,
      retry: { baseDelayMs: 1, maxDelayMs: 10 },
      sign: () => {},
      parseError: parseTestError,
      hooks: { onRetry: (info) => void retries.push(info) },
      ...overrides,
    });
    return { pipeline: p, retries };
  }
  const requestsTo = (path: string) => server.received.filter((r) => r.url.startsWith(path));

  it('honours Retry-After in seconds on a 429, even for a POST without a token', async () => {
    script.set('/throttled', [[429, { 'Retry-After': '1' }], 200]);
    const { pipeline: p, retries } = pipeline();
    const { data } = await p.json<{ ok: boolean }>({
      method: 'POST',
      url: new URL(`${server.url}/throttled`),
      headers: {},
      body: '{}',
    });
    expect(data.ok).toBe(true);
    expect(requestsTo('/throttled')).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.delayMs).toBe(1000);
    expect(retries[0]!.error).toBeInstanceOf(RateLimitError);
  });

  it('honours Retry-After as an HTTP date on a 503', async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    script.set('/date', [[503, { 'Retry-After': at }], 200]);
    const { pipeline: p, retries } = pipeline();
    await p.send({ method: 'GET', url: new URL(`${server.url}/date`), headers: {} });
    expect(requestsTo('/date')).toHaveLength(2);
    // The date has whole seconds: the wait is what is left until then, up to 2 s, and far above
    // the 10 ms backoff cap that would apply without the header.
    expect(retries[0]!.delayMs).toBeGreaterThan(100);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(2000);
  });

  it('gives up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    script.set('/long', [[429, { 'Retry-After': '3600' }], 200]);
    const { pipeline: p } = pipeline();
    const error = await p
      .send({ method: 'GET', url: new URL(`${server.url}/long`), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(requestsTo('/long')).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error class', async () => {
    script.set('/down', [503]);
    const { pipeline: p, retries } = pipeline();
    const error = await p
      .send({ method: 'GET', url: new URL(`${server.url}/down`), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect(requestsTo('/down')).toHaveLength(3);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
  });

  it('takes per-call overrides: maxAttempts and retry: false', async () => {
    script.set('/down2', [500]);
    const { pipeline: p } = pipeline();
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/down2`), headers: {}, retry: { maxAttempts: 5 } }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(requestsTo('/down2')).toHaveLength(5);
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/down2`), headers: {}, retry: false }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(requestsTo('/down2')).toHaveLength(6);
  });

  it('does not retry a 4xx', async () => {
    script.set('/bad', [400]);
    const { pipeline: p } = pipeline();
    const error = await p
      .send({ method: 'GET', url: new URL(`${server.url}/bad`), headers: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(requestsTo('/bad')).toHaveLength(1);
  });

  it('stops retrying once the shared budget is spent, and refills it on success', async () => {
    script.set('/budget', [503]);
    const budget = new RetryBudget({ capacity: 10, retryCost: 5, successRefund: 5 });
    const { pipeline: p } = pipeline({ retry: { baseDelayMs: 1, maxAttempts: 10, budget } });
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/budget`), headers: {} }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(requestsTo('/budget')).toHaveLength(3); // first attempt + the two retries the budget paid for
    expect(budget.available).toBe(0);
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/budget`), headers: {} }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(requestsTo('/budget')).toHaveLength(4); // no retry at all now
    script.set('/ok', [200]);
    await p.send({ method: 'GET', url: new URL(`${server.url}/ok`), headers: {} });
    expect(budget.available).toBe(5);
    expect(p.retryBudget).toBe(budget);
  });

  it('takes a per-call budget instead of the client one', async () => {
    script.set('/own-budget', [503]);
    const { pipeline: p } = pipeline();
    const empty = new RetryBudget({ capacity: 0 });
    const clientTokens = p.retryBudget.available;
    await expect(
      p.send({
        method: 'GET',
        url: new URL(`${server.url}/own-budget`),
        headers: {},
        retry: { budget: empty },
      }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(requestsTo('/own-budget')).toHaveLength(1);
    expect(p.retryBudget.available).toBe(clientTokens);
  });

  it('does NOT retry a POST without an idempotency token after an ambiguous failure', async () => {
    script.set('/create', ['drop', 200]);
    const { pipeline: p } = pipeline();
    const error = await p
      .send({
        method: 'POST',
        url: new URL(`${server.url}/create`),
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).phase).toBe('request');
    expect(requestsTo('/create')).toHaveLength(1);
  });

  it('retries a POST that carries an idempotency token, sending the same token every time', async () => {
    script.set('/create-safe', ['drop', 'drop', 200]);
    const { pipeline: p } = pipeline();
    const token = 'c1f0b2a4-token-once-per-call';
    const { data } = await p.json<{ ok: boolean }>({
      method: 'POST',
      url: new URL(`${server.url}/create-safe`),
      headers: { 'Content-Type': 'application/json', 'X-Client-Token': token },
      body: JSON.stringify({ ClientToken: token }),
      idempotencyToken: token,
    });
    expect(data.ok).toBe(true);
    const seen = requestsTo('/create-safe');
    expect(seen).toHaveLength(3);
    expect(seen.map((r) => headerValue(r, 'x-client-token'))).toEqual([token, token, token]);
    expect(seen.map((r) => JSON.parse(r.body.toString()).ClientToken)).toEqual([token, token, token]);
  });

  it('retries a refused connection even for a POST (nothing was sent)', async () => {
    const port = await closePort();
    let attempts = 0;
    const { pipeline: p } = pipeline({ hooks: { onRequest: () => void attempts++ } });
    const error = await p
      .send({ method: 'POST', url: new URL(`http://127.0.0.1:${port}/x`), headers: {}, body: '{}' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).phase).toBe('connect');
    expect(attempts).toBe(3);
  });

  it('aborts while waiting between attempts', async () => {
    script.set('/slow-retry', [[503, { 'Retry-After': '30' }]]);
    const controller = new AbortController();
    const { pipeline: p } = pipeline({
      hooks: { onRetry: () => void setTimeout(() => controller.abort(), 1) },
    });
    const error = await p
      .send({
        method: 'GET',
        url: new URL(`${server.url}/slow-retry`),
        headers: {},
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(requestsTo('/slow-retry')).toHaveLength(1);
  });
});
