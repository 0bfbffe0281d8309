import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  ConnectionError,
  CredentialsNotFoundError,
  consoleLogger,
  HttpTransport,
  type Logger,
  mergeCallOptions,
  type OutgoingRequest,
  Pipeline,
  type PipelineConfig,
  REDACTED,
  silentLogger,
  TimeoutError,
  YunkitError,
} from 'yunkit/core';
import { closePort, headerValue, parseTestError, sendJson, startServer, type TestServer } from './helpers.js';

let server: TestServer;
let hangs: Array<() => void> = [];
const transports: HttpTransport[] = [];
const authState = { validToken: 'token-v1' };

beforeAll(async () => {
  server = await startServer((req, res, raw) => {
    const url = new URL(req.url, 'http://x');
    switch (url.pathname) {
      case '/auth': {
        if (headerValue(req, 'x-auth-token') !== authState.validToken) {
          sendJson(res, 401, { message: 'token expired' });
          return;
        }
        sendJson(res, 200, { ok: true });
        return;
      }
      case '/empty':
        res.writeHead(204);
        res.end();
        return;
      case '/echo-error':
        // A cloud that quotes the whole request back in its error: the worst case for leaks.
        sendJson(
          res,
          400,
          {
            message: `rejected ${req.method} ${req.url} headers=${JSON.stringify(raw.rawHeaders)} body=${req.body.toString()}`,
            request: {
              headers: raw.headers,
              body: req.body.toString(),
              token: headerValue(req, 'x-auth-token'),
            },
          },
          { 'Set-Cookie': 'sid=cookie-from-server-SECRET', 'X-Subject-Token': 'subject-token-SECRET' },
        );
        return;
      case '/token-as-text':
        // A 200 whose body is not JSON but the caller's own token: JSON.parse would quote its start.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(headerValue(req, 'x-auth-token'));
        return;
      case '/unavailable':
        sendJson(res, 503, { message: `down, your token was ${headerValue(req, 'x-auth-token')}` });
        return;
      case '/hang':
        hangs.push(() => res.end());
        return;
      default:
        sendJson(res, 200, { path: url.pathname, attemptHeader: headerValue(req, 'x-attempt') });
    }
  });
});
afterAll(async () => {
  for (const h of hangs) h();
  hangs = [];
  await server.close();
});
afterEach(() => {
  for (const t of transports.splice(0)) t.close();
});

function makePipeline(overrides: Partial<PipelineConfig>): Pipeline {
  const transport = new HttpTransport();
  transports.push(transport);
  return new Pipeline({
    provider: 'huawei',
    transport,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    sign: () => {},
    parseError: parseTestError,
    ...overrides,
  });
}

describe('Pipeline signing and auth renewal', () => {
  it('signs a fresh copy of the request before every attempt', async () => {
    const attempts: number[] = [];
    let statuses = [503, 503, 200];
    const flaky = await startServer((req, res) => {
      const status = statuses.shift() ?? 200;
      sendJson(res, status, {
        attempt: headerValue(req, 'x-attempt'),
        sigs: req.rawHeaders.filter((h) => h === 'X-Sig').length,
      });
    });
    try {
      const p = makePipeline({
        sign: (request, attempt) => {
          attempts.push(attempt);
          request.headers['X-Attempt'] = String(attempt);
          request.headers['X-Sig'] = `sig-${attempt}`;
        },
      });
      const base = { method: 'GET', url: new URL(`${flaky.url}/x`), headers: { Accept: 'application/json' } };
      const { data } = await p.json<{ attempt: string; sigs: number }>(base);
      expect(attempts).toEqual([1, 2, 3]);
      expect(data).toEqual({ attempt: '3', sigs: 1 });
      expect(base.headers).toEqual({ Accept: 'application/json' });
    } finally {
      statuses = [];
      await flaky.close();
    }
  });

  it('re-signs and resends once after onAuthFailure resolves true, without using up a retry', async () => {
    authState.validToken = 'token-v2';
    let token = 'token-v1';
    const failures: Array<{ error: AuthError; request: OutgoingRequest }> = [];
    const p = makePipeline({
      retry: { maxAttempts: 1 },
      sign: (request) => {
        request.headers['X-Auth-Token'] = token;
      },
      onAuthFailure: async (error, request) => {
        failures.push({ error, request });
        token = 'token-v2';
        return true;
      },
    });
    const { data } = await p.json<{ ok: boolean }>({
      method: 'GET',
      url: new URL(`${server.url}/auth`),
      headers: {},
    });
    expect(data.ok).toBe(true);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.error).toBeInstanceOf(AuthError);
    expect(failures[0]!.request.headers['X-Auth-Token']).toBe('token-v1');
    expect(
      server.received.filter((r) => r.url === '/auth').map((r) => headerValue(r, 'x-auth-token')),
    ).toEqual(['token-v1', 'token-v2']);
  });

  it('renews at most once per call, and not at all when onAuthFailure declines', async () => {
    authState.validToken = 'never-matches';
    let renewals = 0;
    const p = makePipeline({
      sign: (request) => {
        request.headers['X-Auth-Token'] = 'stale';
      },
      onAuthFailure: async () => {
        renewals += 1;
        return renewals === 1;
      },
    });
    const before = server.received.length;
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/auth`), headers: {} }),
    ).rejects.toBeInstanceOf(AuthError);
    expect(renewals).toBe(1);
    expect(server.received.length - before).toBe(2);
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/auth`), headers: {} }),
    ).rejects.toBeInstanceOf(AuthError);
    expect(renewals).toBe(2);
    expect(server.received.length - before).toBe(3);
  });
});

describe('Pipeline conveniences', () => {
  it('gives undefined data for an empty body', async () => {
    const p = makePipeline({});
    const { data, response } = await p.json({
      method: 'DELETE',
      url: new URL(`${server.url}/empty`),
      headers: {},
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(204);
  });

  it('merges call headers into the request headers', () => {
    const merged = mergeCallOptions(
      { method: 'GET', url: new URL('http://127.0.0.1/'), headers: { 'X-Sdk': 'yunkit', Accept: 'a' } },
      { headers: { 'X-Extra': '1' }, timeoutMs: 5, retry: false },
    );
    expect(merged.headers).toEqual({ 'X-Sdk': 'yunkit', Accept: 'a', 'X-Extra': '1' });
    expect(merged.timeoutMs).toBe(5);
    expect(merged.retry).toBe(false);
    // A call header replaces the client's of the same name whatever its letter case.
    const recased = mergeCallOptions(
      { method: 'GET', url: new URL('http://127.0.0.1/'), headers: { 'Content-Type': 'a', Accept: 'b' } },
      { headers: { 'content-type': 'c' } },
    );
    expect(recased.headers).toEqual({ Accept: 'b', 'content-type': 'c' });
  });

  it('keeps going when a hook throws, and logs it', async () => {
    const warnings: unknown[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (...a) => void warnings.push(a), error() {} };
    const p = makePipeline({
      logger,
      hooks: {
        onRequest: () => {
          throw new Error('hook bug');
        },
      },
    });
    const response = await p.send({ method: 'GET', url: new URL(`${server.url}/fine`), headers: {} });
    expect(response.status).toBe(200);
    expect(JSON.stringify(warnings)).toContain('hook bug');
  });
});

describe('Pipeline never leaks secrets', () => {
  const SECRETS = {
    secretKey: 'SK-secret-key-9f8e7d6c5b4a',
    password: 'Pa55w0rd-SECRET-xyz',
    token: 'MIIauth-token-SECRET-abcdef',
    signature: 'sig0123456789abcdefSECRET',
    querySignature: 'qsig-SECRET-a1b2c3d4',
    cookie: 'cookie-session-SECRET-77',
    serverCookie: 'cookie-from-server-SECRET',
    subjectToken: 'subject-token-SECRET',
    requestSubjectToken: 'MIIrequest-subject-SECRET-42',
  };

  function secretLeaks(text: string): string[] {
    return Object.entries(SECRETS)
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => name);
  }

  function recorder() {
    const lines: unknown[] = [];
    const log =
      (level: string) =>
      (...args: unknown[]) =>
        void lines.push([level, ...args]);
    const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const hookCalls: Array<[string, unknown]> = [];
    const record = (name: string) => (info: unknown) => void hookCalls.push([name, info]);
    return {
      logger,
      hooks: {
        onRequest: record('request'),
        onResponse: record('response'),
        onError: record('error'),
        onRetry: record('retry'),
      },
      dump: () => inspect({ lines, hookCalls }, { depth: 20 }) + JSON.stringify({ lines, hookCalls }),
      hookCalls,
    };
  }

  function signedPipeline(rec: ReturnType<typeof recorder>): Pipeline {
    return makePipeline({
      logger: rec.logger,
      hooks: rec.hooks,
      sign: (request) => {
        request.headers['Authorization'] =
          `SDK-HMAC-SHA256 Access=AKPUBLIC, SignedHeaders=host;x-sdk-date, Signature=${SECRETS.signature}`;
        request.headers['X-Auth-Token'] = SECRETS.token;
        request.headers['Cookie'] = `session=${SECRETS.cookie}`;
        request.headers['X-Subject-Token'] = SECRETS.requestSubjectToken;
        request.url.searchParams.set('Signature', SECRETS.querySignature);
      },
    });
  }

  const body = JSON.stringify({
    auth: { identity: { password: { user: { name: 'admin', password: SECRETS.password } } } },
    secret_key: SECRETS.secretKey,
    nested: [{ credentials: { sk: SECRETS.secretKey } }],
  });

  function errorDump(error: unknown): string {
    const e = error as Error & Record<string, unknown>;
    return [
      inspect(error, { depth: 20, showHidden: true }),
      JSON.stringify(error),
      e.message,
      e.stack,
      JSON.stringify(e['body']),
    ].join('\n');
  }

  it('in an ApiError that quotes the whole request back, in logs and in hooks', async () => {
    const rec = recorder();
    const p = signedPipeline(rec);
    const error = await p
      .send({
        method: 'POST',
        url: new URL(`${server.url}/echo-error?password=${encodeURIComponent(SECRETS.password)}&page=2`),
        headers: { 'Content-Type': 'application/json' },
        body,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    // The server really did receive the secrets: the test would prove nothing otherwise.
    const received = server.received.at(-1)!;
    expect(secretLeaks(JSON.stringify({ ...received, body: received.body.toString() }))).toEqual(
      expect.arrayContaining([
        'token',
        'signature',
        'querySignature',
        'cookie',
        'password',
        'secretKey',
        'requestSubjectToken',
      ]),
    );
    expect(secretLeaks(errorDump(error))).toEqual([]);
    expect(apiError.url).toContain('page=2');
    expect(apiError.url).toContain(`Signature=${REDACTED}`);
    expect(apiError.cloudMessage).toContain('rejected POST');
    expect(secretLeaks(rec.dump())).toEqual([]);
    const response = rec.hookCalls.find(([name]) => name === 'response') as [
      string,
      { headers: Record<string, string> },
    ];
    expect(response[1].headers['x-subject-token']).toBe(REDACTED);
    expect(response[1].headers['set-cookie']).toBe(REDACTED);
    const request = rec.hookCalls.find(([name]) => name === 'request') as [
      string,
      { headers: Record<string, string> },
    ];
    expect(request[1].headers['Authorization']).toBe(REDACTED);
    expect(request[1].headers['Content-Type']).toBe('application/json');
  });

  it('through retries of a 5xx whose message echoes the token', async () => {
    const rec = recorder();
    const p = signedPipeline(rec);
    const error = await p
      .send({ method: 'GET', url: new URL(`${server.url}/unavailable`), headers: {} })
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(503);
    expect(rec.hookCalls.filter(([name]) => name === 'retry')).toHaveLength(2);
    expect(secretLeaks(errorDump(error))).toEqual([]);
    expect(secretLeaks(rec.dump())).toEqual([]);
  });

  it('in the cause chain: a non-JSON body and a failed token renewal that quotes the token', async () => {
    const rec = recorder();
    const notJson = await signedPipeline(rec)
      .json({ method: 'GET', url: new URL(`${server.url}/token-as-text`), headers: {} })
      .catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(YunkitError);
    expect((notJson as Error).message).toContain('expected a JSON response body');
    expect(errorDump(notJson)).not.toContain(SECRETS.token.slice(0, 8));

    authState.validToken = 'something-else';
    const renewal = await makePipeline({
      sign: (request) => {
        request.headers['X-Auth-Token'] = SECRETS.token;
      },
      onAuthFailure: async () => {
        throw new Error('token renewal failed', {
          cause: new Error(`identity service rejected ${SECRETS.token}`),
        });
      },
    })
      .send({ method: 'GET', url: new URL(`${server.url}/auth`), headers: {} })
      .catch((e: unknown) => e);
    expect((renewal as Error).message).toBe('token renewal failed');
    expect(inspect(renewal, { depth: 10 })).toContain('identity service rejected');
    expect(secretLeaks(errorDump(renewal))).toEqual([]);
  });

  it('in connection and timeout errors', async () => {
    const rec = recorder();
    const p = signedPipeline(rec);
    const port = await closePort();
    const refused = await p
      .send({
        method: 'POST',
        url: new URL(`http://127.0.0.1:${port}/x?token=${SECRETS.token}`),
        headers: {},
        body,
        retry: false,
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    const timedOut = await p
      .send({
        method: 'POST',
        url: new URL(`${server.url}/hang`),
        headers: {},
        body,
        timeoutMs: 50,
        retry: false,
      })
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(secretLeaks(errorDump(refused) + errorDump(timedOut))).toEqual([]);
    expect(secretLeaks(rec.dump())).toEqual([]);
  });
});

describe('Pipeline failure paths', () => {
  it('does not send or retry when signing fails (e.g. no credentials)', async () => {
    const before = server.received.length;
    let attempts = 0;
    const p = makePipeline({
      sign: () => {
        attempts += 1;
        throw new CredentialsNotFoundError('no credentials in the environment');
      },
    });
    await expect(
      p.send({ method: 'GET', url: new URL(`${server.url}/x`), headers: {} }),
    ).rejects.toBeInstanceOf(CredentialsNotFoundError);
    expect(attempts).toBe(1);
    expect(server.received.length).toBe(before);
  });

  it('serves 50 concurrent calls over one client', async () => {
    const p = makePipeline({});
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        p.json<{ path: string }>({ method: 'GET', url: new URL(`${server.url}/n/${i}`), headers: {} }),
      ),
    );
    expect(results.map((r) => r.data.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/n/${i}`));
  });
});

describe('consoleLogger', () => {
  it('passes through at and above its level only', () => {
    const seen: string[] = [];
    const target: Logger = {
      debug: () => void seen.push('debug'),
      info: () => void seen.push('info'),
      warn: () => void seen.push('warn'),
      error: () => void seen.push('error'),
    };
    const logger = consoleLogger('warn', target);
    logger.debug({}, 'd');
    logger.info({}, 'i');
    logger.warn({}, 'w');
    logger.error({}, 'e');
    expect(seen).toEqual(['warn', 'error']);
    silentLogger.error('never shown');
  });
});
