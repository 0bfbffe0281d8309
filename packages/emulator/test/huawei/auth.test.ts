import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signHuawei } from 'yunkit/signing';
import { type HuaweiHarness, startHuawei } from './helpers.js';

let h: HuaweiHarness;
beforeEach(async () => {
  h = await startHuawei();
});
afterEach(async () => {
  await h.close();
});

const LIST = '/v1/{pid}/cloudservers/detail';

function expectGatewayRefusal(
  res: { status: number; json: Record<string, unknown>; headers: Headers },
  detail: RegExp,
) {
  expect(res.status).toBe(401);
  expect(res.json).toEqual({
    error_code: 'APIGW.0301',
    error_msg: expect.stringMatching(/^Incorrect IAM authentication information: /),
    request_id: res.headers.get('x-request-id'),
  });
  expect(res.json.error_msg).toMatch(detail);
}

describe('AK/SK signatures from the wire', () => {
  it('accepts SDK-HMAC-SHA256 and V11-HMAC-SHA256', async () => {
    expect((await h.call({ path: LIST })).status).toBe(200);
    expect((await h.call({ path: LIST, auth: 'v11', region: 'cn-north-4', service: 'ecs' })).status).toBe(
      200,
    );
  });

  it('rejects a tampered body, query, path or signature', async () => {
    const body = { vpc: { name: 'a', cidr: '10.0.0.0/16' } };
    const tamperedBody = await h.call({
      method: 'POST',
      path: '/v1/{pid}/vpcs',
      body,
      afterSign: (r) => {
        r.body = JSON.stringify({ vpc: { name: 'b', cidr: '10.0.0.0/16' } });
      },
    });
    expectGatewayRefusal(tamperedBody, /verify aksk signature fail/);
    const tamperedQuery = await h.call({
      path: LIST,
      query: { limit: '1' },
      afterSign: (r) => r.url.searchParams.set('limit', '2'),
    });
    expectGatewayRefusal(tamperedQuery, /signature/);
    const tamperedPath = await h.call({
      path: LIST,
      afterSign: (r) => (r.url.pathname = r.url.pathname.replace('detail', 'flavors')),
    });
    expectGatewayRefusal(tamperedPath, /signature/);
    const wrongSecret = await h.call({
      path: LIST,
      credentials: { accessKeyId: h.emu.credentials.accessKey!, secretAccessKey: 'x'.repeat(40) },
    });
    expectGatewayRefusal(wrongSecret, /signature/);
    const unknownKey = await h.call({
      path: LIST,
      credentials: { accessKeyId: 'NOSUCHKEY00000000000', secretAccessKey: 'y' },
    });
    expectGatewayRefusal(unknownKey, /not exist/);
    const unsigned = await h.call({ path: LIST, auth: 'none' });
    expectGatewayRefusal(unsigned, /missing/);
  });

  it('accepts 14 minutes of clock skew, rejects 16 (and honours clockSkewSeconds)', async () => {
    const now = h.clock.now();
    expect((await h.call({ path: LIST, signedAt: new Date(now - 14 * 60_000) })).status).toBe(200);
    expect((await h.call({ path: LIST, signedAt: new Date(now + 14 * 60_000) })).status).toBe(200);
    expectGatewayRefusal(await h.call({ path: LIST, signedAt: new Date(now - 16 * 60_000) }), /time window/);
    const strict = await startHuawei({ providerOptions: { clockSkewSeconds: 60 } });
    try {
      expect(
        (await strict.call({ path: LIST, signedAt: new Date(strict.clock.now() - 30_000) })).status,
      ).toBe(200);
      expect(
        (await strict.call({ path: LIST, signedAt: new Date(strict.clock.now() - 120_000) })).status,
      ).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it("decodes '+' in the query as a space by default; providerOptions.queryPlusIsSpace=false makes it a plus", async () => {
    expect((await h.call({ path: LIST, query: 'name=a+b' })).status).toBe(200);
    const literal = await startHuawei({ providerOptions: { queryPlusIsSpace: false } });
    try {
      expect((await literal.call({ path: LIST, query: 'name=a+b' })).status).toBe(401);
      expect((await literal.call({ path: LIST, query: 'name=a%2Bb' })).status).toBe(200);
    } finally {
      await literal.close();
    }
  });

  it('accepts UNSIGNED-PAYLOAD when the client declares it', async () => {
    const res = await h.call({
      method: 'POST',
      path: '/v1/{pid}/vpcs',
      body: { vpc: { name: 'unsigned', cidr: '10.1.0.0/16' } },
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
    });
    expect(res.status).toBe(200);
  });

  it('requires X-Project-Id to match the project in the path, and the project to exist', async () => {
    const projects = await h.call({ path: '/v3/projects', query: { name: 'cn-east-3' } });
    const other = projects.json.projects[0].id as string;
    expectGatewayRefusal(await h.call({ path: LIST, projectHeader: other }), /X-Project-Id/);
    expectGatewayRefusal(
      await h.call({ path: `/v1/${'f'.repeat(32)}/cloudservers/detail`, projectHeader: false }),
      /project/,
    );
    expectGatewayRefusal(
      await h.call({ path: '/v1/{project_id}/cloudservers/detail', projectHeader: false }),
      /project/,
    );
    const otherRegion = await h.call({ path: `/v1/${other}/cloudservers/detail`, projectHeader: other });
    expect(otherRegion.status).toBe(200);
    const azs = await h.call({ path: `/v1/${other}/availability-zones`, projectHeader: other });
    expect(azs.json.availability_zones[0].availability_zone_id).toBe('cn-east-3a');
  });

  it('answers an IAM call without credentials in the Keystone shape', async () => {
    const res = await h.call({ path: '/v3/projects', auth: 'none' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: 401, message: expect.any(String), title: 'Unauthorized' } });
  });

  it('answers a bad signature on an IAM path as the gateway does, or as Keystone when asked', async () => {
    const wrong = { accessKeyId: h.emu.credentials.accessKey!, secretAccessKey: 'not-the-secret' };
    expectGatewayRefusal(await h.call({ path: '/v3/projects', credentials: wrong }), /signature/);
    const keystone = await startHuawei({ providerOptions: { iamSignatureErrors: 'keystone' } });
    try {
      const res = await keystone.call({ path: '/v3/projects', credentials: wrong });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: 401, message: expect.any(String), title: 'Unauthorized' } });
    } finally {
      await keystone.close();
    }
  });
});

describe('X-Request-Id and unknown APIs', () => {
  it('puts X-Request-Id on successes, errors and unknown routes', async () => {
    const ok = await h.call({ path: LIST });
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const notFound = await h.call({ path: '/v1/{pid}/cloudservers/00000000-0000-4000-8000-000000000000' });
    expect(notFound.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const noRoute = await h.call({ path: '/v1/{pid}/nothing-here' });
    expect(noRoute.status).toBe(404);
    expect(noRoute.json).toEqual({
      error_code: 'APIGW.0101',
      error_msg: expect.any(String),
      request_id: noRoute.headers.get('x-request-id'),
    });
    expect(ok.headers.get('x-request-id')).not.toBe(notFound.headers.get('x-request-id'));
  });

  it('routes by Host when a client uses per-service hostnames', async () => {
    const send = (host: string, path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(path.replace('{pid}', h.projectId), h.emu.endpoint);
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          'X-Project-Id': h.projectId,
          host,
        };
        Object.assign(
          headers,
          signHuawei({
            method: 'GET',
            url,
            headers,
            credentials: {
              accessKeyId: h.emu.credentials.accessKey!,
              secretAccessKey: h.emu.credentials.secretKey!,
            },
            now: new Date(h.clock.now()),
          }),
        );
        const req = httpRequest(url, { method: 'GET', headers }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await send('vpc.cn-north-4.myhuaweicloud.com', '/v1/{pid}/vpcs')).status).toBe(200);
    expect((await send('vpc.cn-north-4.myhuaweicloud.com', '/v1/{pid}/publicips')).status).toBe(200);
    const wrong = await send('vpc.cn-north-4.myhuaweicloud.com', '/v1/{pid}/cloudservers/detail');
    expect(wrong.status).toBe(404);
    expect(JSON.parse(wrong.body).error_code).toBe('APIGW.0101');
    expect((await send('ecs.cn-north-4.myhuaweicloud.com', '/v1/{pid}/cloudservers/detail')).status).toBe(
      200,
    );
  });
});

describe('tokens and temporary credentials', () => {
  async function passwordToken(scope: Record<string, unknown> = { project: { name: 'cn-north-4' } }) {
    const c = h.emu.credentials;
    return h.call({
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.userName, password: c.password, domain: { name: c.domainName } } },
          },
          scope,
        },
      },
    });
  }

  it('issues a project token (X-Subject-Token) that works as X-Auth-Token for that project only', async () => {
    const issued = await passwordToken();
    expect(issued.status).toBe(201);
    const token = issued.headers.get('x-subject-token')!;
    expect(token).toMatch(/^MII/);
    expect(issued.json.token).toMatchObject({
      methods: ['password'],
      project: { id: h.projectId, name: 'cn-north-4' },
      user: { name: h.emu.credentials.userName },
    });
    expect(Array.isArray(issued.json.token.catalog)).toBe(true);
    expect(issued.text).not.toContain(h.emu.credentials.password);

    expect((await h.call({ path: LIST, auth: 'token', token })).status).toBe(200);
    const other = (await h.call({ path: '/v3/projects', query: { name: 'cn-east-3' } })).json.projects[0].id;
    expectGatewayRefusal(
      await h.call({ path: `/v1/${other}/cloudservers/detail`, auth: 'token', token, projectHeader: false }),
      /scoped/,
    );

    const validated = await h.call({
      path: '/v3/auth/tokens',
      auth: 'token',
      token,
      headers: { 'X-Subject-Token': token },
    });
    expect(validated.status).toBe(200);
    expect(validated.headers.get('x-subject-token')).toBe(token);
    expect(validated.json.token.expires_at).toMatch(/Z$/);

    h.advance(24 * 3600_000 + 1000);
    expectGatewayRefusal(await h.call({ path: LIST, auth: 'token', token }), /expired/);
  });

  it('refuses a wrong password in the Keystone shape and omits the catalog with nocatalog=true', async () => {
    const c = h.emu.credentials;
    const wrong = await h.call({
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.userName, password: 'nope', domain: { name: c.domainName } } },
          },
        },
      },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
    });
    const issued = await h.call({
      method: 'POST',
      path: '/v3/auth/tokens',
      query: { nocatalog: 'true' },
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.userName, password: c.password, domain: { name: c.domainName } } },
          },
          scope: { domain: { name: c.domainName } },
        },
      },
    });
    expect(issued.status).toBe(201);
    expect(issued.json.token.catalog).toBeUndefined();
    expect(issued.json.token.domain).toEqual({ id: c.domainId, name: c.domainName });
  });

  it('issues temporary AK/SK that need their X-Security-Token and expire', async () => {
    const token = (await passwordToken()).headers.get('x-subject-token')!;
    const issued = await h.call({
      method: 'POST',
      path: '/v3.0/OS-CREDENTIAL/securitytokens',
      auth: 'token',
      token,
      body: { auth: { identity: { methods: ['token'], token: { duration_seconds: 900 } } } },
    });
    expect(issued.status).toBe(201);
    const cred = issued.json.credential;
    expect(cred).toEqual({
      access: expect.any(String),
      secret: expect.any(String),
      securitytoken: expect.any(String),
      expires_at: expect.any(String),
    });
    const temp = {
      accessKeyId: cred.access,
      secretAccessKey: cred.secret,
      securityToken: cred.securitytoken,
    };
    expect((await h.call({ path: LIST, credentials: temp })).status).toBe(200);
    expectGatewayRefusal(
      await h.call({ path: LIST, credentials: { accessKeyId: cred.access, secretAccessKey: cred.secret } }),
      /security token/,
    );
    expectGatewayRefusal(
      await h.call({ path: LIST, credentials: { ...temp, securityToken: 'forged' } }),
      /security token/,
    );
    h.advance(901_000);
    expectGatewayRefusal(await h.call({ path: LIST, credentials: temp }), /expired/);

    const byAkSk = await h.call({
      method: 'POST',
      path: '/v3.0/OS-CREDENTIAL/securitytokens',
      body: { auth: { identity: { methods: ['token'], token: { duration_seconds: 3600 } } } },
    });
    expect(byAkSk.status).toBe(201);
    const tooShort = await h.call({
      method: 'POST',
      path: '/v3.0/OS-CREDENTIAL/securitytokens',
      body: { auth: { identity: { methods: ['token'], token: { duration_seconds: 60 } } } },
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.json.error.code).toBe(400);
  });
});
