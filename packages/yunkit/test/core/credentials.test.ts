import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialsNotFoundError,
  chainCredentials,
  envCredentials,
  HttpTransport,
  type OutgoingRequest,
  Pipeline,
  profileFileCredentials,
  RefreshingCredentials,
  staticCredentials,
  ValidationError,
} from 'yunkit/core';
import { headerValue, parseTestError, sendJson, startServer, type TestServer } from './helpers.js';

interface Token {
  token: string;
  expiresAt?: Date;
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('RefreshingCredentials', () => {
  it('fetches once for 50 concurrent callers, and once more for 50 callers after expiry', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    let fetches = 0;
    const creds = new RefreshingCredentials<Token>(
      async () => {
        fetches += 1;
        await tick();
        return { token: `t${fetches}`, expiresAt: new Date(now + 3_600_000) };
      },
      { refreshBeforeMs: 300_000, now: () => now },
    );
    const first = await Promise.all(Array.from({ length: 50 }, () => creds.get()));
    expect(fetches).toBe(1);
    expect(new Set(first.map((c) => c.token))).toEqual(new Set(['t1']));

    now += 3_600_000 - 299_000; // inside the refresh window, not yet expired
    const second = await Promise.all(Array.from({ length: 50 }, () => creds.get()));
    expect(fetches).toBe(2);
    expect(new Set(second.map((c) => c.token))).toEqual(new Set(['t2']));
    expect(creds.refreshCount).toBe(2);
    expect((await creds.get()).token).toBe('t2');
    expect(fetches).toBe(2);

    now += 7_200_000; // past expiry: nothing usable is left, and still only one fetch
    const third = await Promise.all(Array.from({ length: 50 }, () => creds.get()));
    expect(fetches).toBe(3);
    expect(new Set(third.map((c) => c.token))).toEqual(new Set(['t3']));
  });

  it('recovers after a fetch that throws synchronously', async () => {
    let fail = true;
    const creds = new RefreshingCredentials<Token>((() => {
      if (fail) throw new Error('no identity endpoint configured');
      return Promise.resolve({ token: 'late' });
    }) as () => Promise<Token>);
    await expect(creds.get()).rejects.toThrow('no identity endpoint configured');
    fail = false;
    expect((await creds.get()).token).toBe('late');
  });

  it('keeps still-valid credentials when an early refresh fails, but throws once they expired', async () => {
    let now = 0;
    let fail = false;
    const creds = new RefreshingCredentials<Token>(
      async () => {
        if (fail) throw new Error('identity service down');
        return { token: 'ok', expiresAt: new Date(now + 1000) };
      },
      { refreshBeforeMs: 500, now: () => now },
    );
    await creds.get();
    fail = true;
    now = 600;
    expect((await creds.get()).token).toBe('ok');
    now = 1000;
    await expect(creds.get()).rejects.toThrow('identity service down');
  });

  it("refreshes at a value's own refreshAt, and keeps it if that refresh fails before expiresAt", async () => {
    let now = 0;
    let fetches = 0;
    let fail = false;
    const creds = new RefreshingCredentials<Token & { refreshAt: Date }>(
      async () => {
        if (fail) throw new Error('login refused');
        fetches += 1;
        return { token: `t${fetches}`, expiresAt: new Date(now + 1000), refreshAt: new Date(now + 900) };
      },
      { refreshBeforeMs: 10, now: () => now },
    );
    expect((await creds.get()).token).toBe('t1');
    now = 899;
    expect((await creds.get()).token).toBe('t1');
    now = 900; // the value's own margin, not refreshBeforeMs, says when
    expect((await creds.get()).token).toBe('t2');
    fail = true;
    now = 1850; // t2 is due (refreshAt 1800) but valid until 1900
    expect((await creds.get()).token).toBe('t2');
    now = 1900;
    await expect(creds.get()).rejects.toThrow('login refused');
  });

  it('forceRefresh and invalidate() refresh; invalidate(stale) after a refresh does not', async () => {
    let fetches = 0;
    const creds = new RefreshingCredentials<Token>(async () => ({ token: `t${++fetches}` }));
    const t1 = await creds.get();
    expect((await creds.get({ forceRefresh: true })).token).toBe('t2');
    creds.invalidate(t1); // t1 is no longer current: nothing to do
    expect((await creds.get()).token).toBe('t2');
    creds.invalidate();
    expect((await creds.get()).token).toBe('t3');
    expect(fetches).toBe(3);
  });
});

describe('one refresh on an auth failure shared by 50 concurrent calls', () => {
  let server: TestServer;
  let validToken = 'token-1';
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (headerValue(req, 'x-auth-token') === validToken) sendJson(res, 200, { ok: true });
      else sendJson(res, 401, { message: 'The token is expired' });
    });
  });
  afterAll(() => server.close());

  it('invalidates exactly the token the failed request used', async () => {
    let fetches = 0;
    const creds = new RefreshingCredentials<Token>(async () => {
      fetches += 1;
      await tick(10);
      return { token: `token-${fetches}`, expiresAt: new Date(Date.now() + 3_600_000) };
    });
    const used = new WeakMap<OutgoingRequest, Token>();
    const transport = new HttpTransport();
    const pipeline = new Pipeline({
      provider: 'huawei',
      transport,
      sign: async (request) => {
        const current = await creds.get();
        used.set(request, current);
        request.headers['X-Auth-Token'] = current.token;
      },
      parseError: parseTestError,
      onAuthFailure: async (_error, request) => {
        creds.invalidate(used.get(request));
        return true;
      },
    });
    try {
      await pipeline.send({ method: 'GET', url: new URL(`${server.url}/warm`), headers: {} });
      expect(fetches).toBe(1);
      validToken = 'token-2'; // the cloud revoked token-1 early
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          pipeline.json<{ ok: boolean }>({
            method: 'GET',
            url: new URL(`${server.url}/c/${i}`),
            headers: {},
          }),
        ),
      );
      expect(results.every((r) => r.data.ok)).toBe(true);
      expect(fetches).toBe(2);
      const tokens = server.received
        .filter((r) => r.url.startsWith('/c/'))
        .map((r) => headerValue(r, 'x-auth-token'));
      expect(tokens.filter((t) => t === 'token-2')).toHaveLength(50);
    } finally {
      transport.close();
    }
  });
});

describe('credential sources', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yunkit-creds-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const readAkSk = (env: NodeJS.ProcessEnv) =>
    env['HUAWEICLOUD_SDK_AK'] && env['HUAWEICLOUD_SDK_SK']
      ? { ak: env['HUAWEICLOUD_SDK_AK'], sk: env['HUAWEICLOUD_SDK_SK'] }
      : undefined;
  const parseIni = (text: string) => {
    const ak = /^ak\s*=\s*(\S+)/m.exec(text)?.[1];
    const sk = /^sk\s*=\s*(\S+)/m.exec(text)?.[1];
    return ak && sk ? { ak, sk } : undefined;
  };

  it('static and env providers', async () => {
    expect(await staticCredentials({ ak: 'a', sk: 'b' }).get()).toEqual({ ak: 'a', sk: 'b' });
    expect(
      await envCredentials(readAkSk, { HUAWEICLOUD_SDK_AK: 'A', HUAWEICLOUD_SDK_SK: 'S' }).get(),
    ).toEqual({ ak: 'A', sk: 'S' });
    const missing = await envCredentials(readAkSk, {})
      .get()
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CredentialsNotFoundError);
    expect(missing).toBeInstanceOf(ValidationError);
  });

  it('profile file: reads, caches, re-reads on forceRefresh, reports a missing file as not found', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, '[default]\nak = AK1\nsk = SK1\n');
    const provider = profileFileCredentials(file, parseIni);
    expect(await provider.get()).toEqual({ ak: 'AK1', sk: 'SK1' });
    await writeFile(file, '[default]\nak = AK2\nsk = SK2\n');
    expect(await provider.get()).toEqual({ ak: 'AK1', sk: 'SK1' });
    expect(await provider.get({ forceRefresh: true })).toEqual({ ak: 'AK2', sk: 'SK2' });
    await expect(profileFileCredentials(join(dir, 'nope'), parseIni).get()).rejects.toBeInstanceOf(
      CredentialsNotFoundError,
    );
    await writeFile(join(dir, 'empty'), '[default]\n');
    await expect(profileFileCredentials(join(dir, 'empty'), parseIni).get()).rejects.toBeInstanceOf(
      CredentialsNotFoundError,
    );
  });

  it('chain: the first that yields wins; a real failure stops the chain; nothing found says what was tried', async () => {
    const file = join(dir, 'chain');
    await writeFile(file, 'ak = FILEAK\nsk = FILESK\n');
    const chain = chainCredentials(envCredentials(readAkSk, {}), profileFileCredentials(file, parseIni));
    expect(await chain.get()).toEqual({ ak: 'FILEAK', sk: 'FILESK' });
    const broken = chainCredentials(
      { get: () => Promise.reject(new Error('keychain locked')) },
      staticCredentials({ ak: 'x', sk: 'y' }),
    );
    await expect(broken.get()).rejects.toThrow('keychain locked');
    const none = await chainCredentials(
      envCredentials(readAkSk, {}),
      profileFileCredentials(join(dir, 'nope'), parseIni),
    )
      .get()
      .catch((e: unknown) => e);
    expect(none).toBeInstanceOf(CredentialsNotFoundError);
    expect((none as Error).message).toContain('environment');
  });
});
