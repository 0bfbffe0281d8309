import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSangforPassword } from 'yunkit/signing';
import { ec2Headers, login, rawRequest, type Scp, startScp, T0 } from './helpers.js';

const SERVERS = '/janus/20180725/servers';

describe('sangfor emulator: token auth', () => {
  let scp: Scp;
  beforeAll(async () => {
    scp = await startScp({ providerOptions: { tokenLifetimeSeconds: 120 } });
  });
  afterAll(async () => {
    await scp.close();
  });

  it('serves a 2048-bit upper-case hex modulus with a trailing newline inside data.public_key', async () => {
    const answer = await rawRequest(scp.emulator, 'GET', '/janus/public-key', {});
    expect(answer.status).toBe(200);
    expect(answer.json.code).toBe(0);
    expect(answer.json.message).toBe('');
    expect(answer.json.data.public_key).toMatch(/^[0-9A-F]{512}\n$/);
  });

  it('accepts the public-key call with an aCMPAuthToken cookie too', async () => {
    const answer = await rawRequest(scp.emulator, 'GET', '/janus/public-key', {
      Cookie: `aCMPAuthToken=${randomBytes(16).toString('hex')}`,
    });
    expect(answer.status).toBe(200);
  });

  it('answers authenticate with the Keystone v2 access document', async () => {
    const answer = await login(scp.emulator);
    expect(answer.status).toBe(200);
    expect(answer.json.code).toBe(0);
    const { token, user } = answer.json.data.access;
    expect(token.id).toMatch(/^[0-9a-f]{32}$/);
    expect(token.issued_at).toBe('2024-07-25T08:00:00.000000Z');
    expect(token.expires).toBe('2024-07-25T08:02:00.000000Z');
    expect(token.tenant).toMatchObject({ name: 'admin', enabled: true });
    expect(Array.isArray(token.audit_ids)).toBe(true);
    expect(user).toMatchObject({
      username: 'admin',
      name: 'admin',
      roles_links: [],
      roles: [{ name: 'admin' }],
    });
  });

  it('accepts a fresh token and rejects it once expired', async () => {
    const answer = await login(scp.emulator);
    const token = answer.json.data.access.token.id as string;
    const ok = await rawRequest(scp.emulator, 'GET', SERVERS, { Authorization: `Token ${token}` });
    expect(ok.status).toBe(200);
    scp.advance(120_000);
    const expired = await rawRequest(scp.emulator, 'GET', SERVERS, { Authorization: `Token ${token}` });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ code: 401, message: 'Token已过期，请重新认证', data: null });
  });

  it('rejects a wrong password with 401 and a Chinese message written as \\u escapes', async () => {
    const answer = await login(scp.emulator, 'not-the-password');
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ code: 401, message: '用户名或密码错误', data: null });
    expect(answer.text).toContain('\\u7528\\u6237');
    expect(answer.text).not.toContain('not-the-password');
  });

  it('rejects a password that is not encrypted with its key', async () => {
    const body = JSON.stringify({
      auth: { passwordCredentials: { username: 'admin', password: 'Sangfor@123' } },
    });
    const answer = await rawRequest(
      scp.emulator,
      'POST',
      '/janus/authenticate',
      { 'Content-Type': 'application/json' },
      body,
    );
    expect(answer.status).toBe(401);
    expect(answer.json.message).toBe('用户名或密码错误');
  });

  it('rejects a wrong user name', async () => {
    const key = await rawRequest(scp.emulator, 'GET', '/janus/public-key', {});
    const cipher = encryptSangforPassword(key.json.data.public_key, scp.emulator.credentials['password']!);
    const body = JSON.stringify({ auth: { passwordCredentials: { username: 'root', password: cipher } } });
    const answer = await rawRequest(
      scp.emulator,
      'POST',
      '/janus/authenticate',
      { 'Content-Type': 'application/json' },
      body,
    );
    expect(answer.status).toBe(401);
  });

  it('answers a malformed auth body with 400', async () => {
    const answer = await rawRequest(
      scp.emulator,
      'POST',
      '/janus/authenticate',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ auth: {} }),
    );
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe(400);
    expect(answer.json.data).toBeNull();
  });

  it('rejects unknown tokens, missing credentials and other schemes', async () => {
    const unknown = await rawRequest(scp.emulator, 'GET', SERVERS, {
      Authorization: `Token ${'0'.repeat(32)}`,
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json.message).toBe('Token无效，请重新认证');
    const missing = await rawRequest(scp.emulator, 'GET', SERVERS, {});
    expect(missing.status).toBe(401);
    const basic = await rawRequest(scp.emulator, 'GET', SERVERS, { Authorization: 'Basic YWRtaW46YWRtaW4=' });
    expect(basic.status).toBe(401);
  });
});

describe('sangfor emulator: EC2 auth', () => {
  let scp: Scp;
  beforeAll(async () => {
    scp = await startScp();
  });
  afterAll(async () => {
    await scp.close();
  });

  const now = () => new Date(scp.clock.now());

  it('accepts a signed GET whose query is not signed', async () => {
    const headers = ec2Headers(scp.emulator, 'GET', SERVERS, '', now());
    const answer = await rawRequest(scp.emulator, 'GET', `${SERVERS}?page_num=0&page_size=1`, headers);
    expect(answer.status).toBe(200);
    expect(answer.json.data.page_size).toBe(1);
  });

  it('accepts a signed POST and rejects the same headers over a tampered body', async () => {
    const path = `/janus/20180725/vpcs`;
    const body = JSON.stringify({ az_id: 'a2a00001-5cf1-4b6e-9d2a-000000000001', name: 'ec2-vpc' });
    const headers = ec2Headers(scp.emulator, 'POST', path, body, now());
    const tampered = body.replace('ec2-vpc', 'ec2-vpX');
    const refused = await rawRequest(scp.emulator, 'POST', path, headers, tampered);
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe(401);
    expect(refused.json.data).toBeNull();
    const accepted = await rawRequest(scp.emulator, 'POST', path, headers, body);
    expect(accepted.status).toBe(200);
    expect(accepted.json.data.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a signature made for another path', async () => {
    const headers = ec2Headers(scp.emulator, 'GET', '/janus/20180725/volumes', '', now());
    const answer = await rawRequest(scp.emulator, 'GET', SERVERS, headers);
    expect(answer.status).toBe(401);
  });

  it('rejects a tampered signature and an unknown access key', async () => {
    const headers = ec2Headers(scp.emulator, 'GET', SERVERS, '', now());
    const flipped = headers['Authorization']!.replace(/Signature=([0-9a-f])/, (_m, c: string) => {
      return `Signature=${c === '0' ? '1' : '0'}`;
    });
    const bad = await rawRequest(scp.emulator, 'GET', SERVERS, { ...headers, Authorization: flipped });
    expect(bad.status).toBe(401);
    const otherKey = headers['Authorization']!.replace(scp.emulator.credentials['accessKey']!, 'AKUNKNOWN');
    const unknown = await rawRequest(scp.emulator, 'GET', SERVERS, { ...headers, Authorization: otherKey });
    expect(unknown.status).toBe(401);
  });

  it('rejects a tampered signed cookie', async () => {
    const headers = ec2Headers(scp.emulator, 'GET', SERVERS, '', now());
    const answer = await rawRequest(scp.emulator, 'GET', SERVERS, {
      ...headers,
      Cookie: 'aCMPAuthToken=other',
    });
    expect(answer.status).toBe(401);
  });

  it('applies the 15-minute past-only freshness window', async () => {
    const stale = ec2Headers(scp.emulator, 'GET', SERVERS, '', new Date(scp.clock.now() - 16 * 60_000));
    const refused = await rawRequest(scp.emulator, 'GET', SERVERS, stale);
    expect(refused.status).toBe(401);
    expect(refused.json.message).toBe('Credential is expired');
    const recent = ec2Headers(scp.emulator, 'GET', SERVERS, '', new Date(scp.clock.now() - 14 * 60_000));
    expect((await rawRequest(scp.emulator, 'GET', SERVERS, recent)).status).toBe(200);
    const future = ec2Headers(scp.emulator, 'GET', SERVERS, '', new Date(scp.clock.now() + 8 * 3_600_000));
    expect((await rawRequest(scp.emulator, 'GET', SERVERS, future)).status).toBe(200);
  });
});

describe('sangfor emulator: auth variants', () => {
  it('requires the aCMPAuthToken cookie when requireCookie is set', async () => {
    const scp = await startScp({ providerOptions: { requireCookie: true } });
    try {
      const token = await scp.token();
      const without = await rawRequest(scp.emulator, 'GET', SERVERS, { Authorization: `Token ${token}` });
      expect(without.status).toBe(401);
      const withCookie = await rawRequest(scp.emulator, 'GET', SERVERS, {
        Authorization: `Token ${token}`,
        Cookie: 'aCMPAuthToken=0123456789abcdef0123456789abcdef',
      });
      expect(withCookie.status).toBe(200);
    } finally {
      await scp.close();
    }
  });

  it('serves public_key at the top level and under /janus/v2 when configured', async () => {
    const scp = await startScp({ providerOptions: { publicKeyLocation: 'top-level', publicKeyV2: true } });
    try {
      const v1 = await rawRequest(scp.emulator, 'GET', '/janus/public-key', {});
      expect(v1.json.public_key).toMatch(/^[0-9A-F]{512}\n$/);
      const v2 = await rawRequest(scp.emulator, 'GET', '/janus/v2/public-key', {});
      expect(v2.json.public_key).toBe(v1.json.public_key);
    } finally {
      await scp.close();
    }
  });

  it('has no /janus/v2/public-key by default', async () => {
    const scp = await startScp();
    try {
      const answer = await rawRequest(scp.emulator, 'GET', '/janus/v2/public-key', {});
      expect(answer.status).toBe(404);
      expect(answer.json).toEqual({ code: 404, message: '请求的资源不存在', data: null });
    } finally {
      await scp.close();
    }
  });

  it('uses S1 errcode bodies when errorField is errcode', async () => {
    const scp = await startScp({ providerOptions: { errorField: 'errcode' } });
    try {
      const answer = await rawRequest(scp.emulator, 'GET', SERVERS, {});
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ errcode: '0x00000191', message: '缺少认证信息', data: null });
    } finally {
      await scp.close();
    }
  });

  it('checks header-name case only in strictHeaderCase mode', async () => {
    const lowerCased = (scp: Scp) => {
      const headers = ec2Headers(scp.emulator, 'GET', SERVERS, '', new Date(T0));
      return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    };
    const lenient = await startScp();
    try {
      expect((await rawRequest(lenient.emulator, 'GET', SERVERS, lowerCased(lenient))).status).toBe(200);
    } finally {
      await lenient.close();
    }
    const strict = await startScp({ providerOptions: { strictHeaderCase: true } });
    try {
      expect((await rawRequest(strict.emulator, 'GET', SERVERS, lowerCased(strict))).status).toBe(401);
      const exact = ec2Headers(strict.emulator, 'GET', SERVERS, '', new Date(T0));
      expect((await rawRequest(strict.emulator, 'GET', SERVERS, exact)).status).toBe(200);
      const { Cookie: cookie, ...withoutCookie } = exact;
      const lowerCookie = { ...withoutCookie, cookie: cookie! };
      expect((await rawRequest(strict.emulator, 'GET', SERVERS, lowerCookie)).status).toBe(401);
      const token = await strict.token();
      expect(
        (await rawRequest(strict.emulator, 'GET', SERVERS, { Authorization: `Token ${token}` })).status,
      ).toBe(200);
      const lowerToken = await rawRequest(strict.emulator, 'GET', SERVERS, {
        authorization: `Token ${token}`,
      });
      expect(lowerToken.status).toBe(401);
      expect(lowerToken.json.code).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it('pins the EC2 region when configured', async () => {
    const scp = await startScp({ providerOptions: { ec2Region: 'cn-south-1' } });
    try {
      const headers = ec2Headers(scp.emulator, 'GET', SERVERS, '', new Date(T0));
      const answer = await rawRequest(scp.emulator, 'GET', SERVERS, headers);
      expect(answer.status).toBe(401);
    } finally {
      await scp.close();
    }
  });

  it('refuses unknown provider options at start', async () => {
    await expect(startScp({ providerOptions: { tokenLifetime: 5 } })).rejects.toThrow(/tokenLifetime/);
  });
});
