import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import querystring from 'node:querystring';
import url from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUAWEI_AUTH_ERROR_CODE, verifyHuaweiSignature } from '../../src/huawei/signature.js';
import type { WireRequest } from '../../src/signature-types.js';
import {
  ALNUM,
  AWKWARD,
  type CaptureServer,
  cloneWire,
  lookupFrom,
  SeededRandom,
  sendRaw,
  startServer,
  tamperings,
} from './helpers.js';

// The official SDK writes ~/.huaweicloud/application_id when a client is built (reference §4 obstacle 4).
const sdkHome = mkdtempSync(join(tmpdir(), 'yunkit-hw-sdk-'));
process.env['HOME'] = sdkHome;

type Core = typeof import('@huaweicloud/huaweicloud-sdk-core');
type Ecs = typeof import('@huaweicloud/huaweicloud-sdk-ecs');
type SignerModule = typeof import('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');
type DerivedModule = typeof import('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner.js');
let core: Core;
let ecs: Ecs;
let AKSKSigner: SignerModule['AKSKSigner'];
let DerivedAKSKSigner: DerivedModule['DerivedAKSKSigner'];

// reference/huawei-cloud.md §1.4 common inputs
const AK = 'HWAKEXAMPLE0000000001';
const SK = 'hwSecretKeyExample0000000000000000000001';
const PROJECT = '0123456789abcdef0123456789abcdef';
const VECTOR_TIME = Date.UTC(2024, 0, 15, 8, 30, 0);
const MINUTE = 60_000;
const lookup = lookupFrom({ [AK]: { secretKey: SK } });
const EMPTY = Buffer.alloc(0);
const SIGNED = 'content-type;host;x-project-id;x-sdk-date';

function vector(name: 'A' | 'B' | 'C' | 'D' | 'E'): {
  req: WireRequest;
  lookup: ReturnType<typeof lookupFrom>;
} {
  const local = {
    'content-type': 'application/json',
    host: '127.0.0.1:18080',
    'x-project-id': PROJECT,
    'x-sdk-date': '20240115T083000Z',
  };
  const real = { ...local, host: 'ecs.cn-north-4.myhuaweicloud.com' };
  const sdkAuth = (signature: string, signed = SIGNED) =>
    `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${signed}, Signature=${signature}`;
  switch (name) {
    case 'A':
      return {
        lookup,
        req: {
          method: 'GET',
          rawPath: `/v1/${PROJECT}/cloudservers/detail`,
          rawQuery: 'limit=10&offset=1',
          headers: {
            ...local,
            accept: 'application/json',
            'user-agent': 'huaweicloud-usdk-nodejs/3.0',
            authorization: sdkAuth('6ad0166c73f72506484ff94bc0ed47fcd00dc6cb478ae930ab34f71cd912a9bd'),
          },
          body: EMPTY,
        },
      };
    case 'B':
      return {
        lookup,
        req: {
          method: 'POST',
          rawPath: `/v1/${PROJECT}/cloudservers/action`,
          rawQuery: '',
          headers: {
            ...local,
            authorization: sdkAuth('f75f936df335ecc116d156ba9105a01cb2b05b241b81433e6236803b870996c6'),
          },
          body: Buffer.from('{"os-start":{"servers":[{"id":"616fb98f-46ca-475e-917e-2563e5a8cd19"}]}}'),
        },
      };
    case 'C':
      return {
        lookup,
        req: {
          method: 'GET',
          rawPath: `/v1/${PROJECT}/cloudservers/detail`,
          // The wire form (querystring.stringify, keys unsorted, `*()!'` raw) of the §1.4 C parameters.
          rawQuery: "name=web%20server*01&limit=25&not-tags=env%3Dprod&tags=b&tags=a&marker=%C3%BC(x)!'~",
          headers: {
            ...real,
            authorization: sdkAuth('933b0f89c6f35cdeb5c4eddaa6051b888b9914facac51cc66a258e3c8c046ca3'),
          },
          body: EMPTY,
        },
      };
    case 'D':
      return {
        lookup: lookupFrom({ [AK]: { secretKey: SK, securityToken: 'tokenABC' } }),
        req: {
          method: 'POST',
          rawPath: `/v1/${PROJECT}/cloudservers/delete`,
          rawQuery: '',
          headers: {
            ...real,
            'x-security-token': 'tokenABC',
            authorization: sdkAuth(
              'ed00c9e2f469d8aae9d3e7cc2377c8837fd71b30c07874d848581a362cba1567',
              `${SIGNED};x-security-token`,
            ),
          },
          body: Buffer.from(
            '{"servers":[{"id":"616fb98f-46ca-475e-917e-2563e5a8cd19"}],"delete_publicip":true,"delete_volume":true}',
          ),
        },
      };
    case 'E':
      return {
        lookup,
        req: {
          method: 'GET',
          rawPath: `/v1/${PROJECT}/cloudservers/detail`,
          rawQuery: 'limit=10&offset=1',
          headers: {
            ...real,
            authorization: `V11-HMAC-SHA256 Credential=${AK}/20240115/cn-north-4/ecs, SignedHeaders=${SIGNED}, Signature=302f1b44c827ac8af785a041e0884d4250a9b5e13389fc0c3decb3a225d0fa1e`,
          },
          body: EMPTY,
        },
      };
  }
}

function expectAuthFailure(result: ReturnType<typeof verifyHuaweiSignature>, label: string): void {
  expect(result, label).toMatchObject({ ok: false, status: 401, code: HUAWEI_AUTH_ERROR_CODE });
  expect(result.ok ? '' : result.message, label).toMatch(/^Incorrect IAM authentication information: /);
}

/** One seeded request signed by the official signer (`derived` selects V11-HMAC-SHA256). */
function officialSigned(
  random: SeededRandom,
  signedAt: number,
  derived: boolean,
  credentials = { ak: AK, sk: SK },
): { wire: WireRequest; signedHeaders: string[]; token?: string } {
  const endpoint = random.pick(['http://127.0.0.1:18080', 'https://ecs.cn-north-4.myhuaweicloud.com']);
  const method = random.pick(['GET', 'POST', 'PUT', 'DELETE']);
  const segments = ['v1', PROJECT, random.pick(['cloudservers', 'cloudimages', 'vpcs'])];
  if (random.next() < 0.5) segments.push(random.string(8, ALNUM));
  if (random.next() < 0.25) segments.push('a b'); // url.parse escapes it; the signer then double-encodes
  const path = `/${segments.join('/')}`;
  const queryParams: Record<string, string | string[]> = {};
  for (let i = random.int(4); i > 0; i--)
    queryParams[random.string(4, 'abcXYZ_-')] = random.string(6, AWKWARD);
  if (random.next() < 0.3) queryParams['tags'] = [random.string(3, ALNUM), random.string(3, ALNUM)];
  const sdkDate = new Date(signedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'X-Project-Id': PROJECT,
    'X-Sdk-Date': sdkDate,
  };
  let token: string | undefined;
  if (random.next() < 0.3) {
    token = random.string(24, ALNUM);
    headers['X-Security-Token'] = token;
  }
  if (random.next() < 0.3) headers['X-Client-Token'] = random.string(16, ALNUM);
  // The failover re-sign signs user-agent (§3.4): any declared set must verify.
  if (random.next() < 0.3)
    headers['User-Agent'] = `huaweicloud-usdk-nodejs/3.0; app/${random.string(8, ALNUM)}`;
  const data = method === 'GET' ? undefined : { name: random.string(6, AWKWARD), count: random.int(9) };
  const wireQuery = querystring.stringify(queryParams);
  const credential = new core.BasicCredentials()
    .withAk(credentials.ak)
    .withSk(credentials.sk)
    .withProjectId(PROJECT);
  if (derived) {
    credential.withRegionId('cn-north-4');
    credential.processDerivedAuthParams('ecs', 'cn-north-4');
  }
  const request = { endpoint: `${endpoint}${path}`, method, headers, queryParams, data };
  const signed = (
    derived ? DerivedAKSKSigner.sign(request, credential) : AKSKSigner.sign(request, credential)
  ) as Record<string, string>;
  const wireHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed)) wireHeaders[name.toLowerCase()] = String(value);
  wireHeaders['accept'] = 'application/json';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(wireHeaders['authorization']!)![1]!.split(';');
  const result: { wire: WireRequest; signedHeaders: string[]; token?: string } = {
    wire: {
      method,
      rawPath: url.parse(`${endpoint}${path}`).pathname!,
      rawQuery: wireQuery,
      headers: wireHeaders,
      body: data === undefined ? EMPTY : Buffer.from(JSON.stringify(data)),
    },
    signedHeaders,
  };
  if (token !== undefined) result.token = token;
  return result;
}

beforeAll(async () => {
  core = await import('@huaweicloud/huaweicloud-sdk-core');
  ecs = await import('@huaweicloud/huaweicloud-sdk-ecs');
  ({ AKSKSigner } = await import('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js'));
  ({ DerivedAKSKSigner } = await import('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner.js'));
  // The SDK configures log4js at import and dumps every failed request (signed headers included) to
  // stdout (§3.6); no signature may reach the test output, so switch that logger off.
  const log4js = (await import('log4js')).default;
  log4js.configure({
    appenders: { quiet: { type: 'stdout' } },
    categories: { default: { appenders: ['quiet'], level: 'off' } },
  });
});

afterAll(() => rmSync(sdkHome, { recursive: true, force: true }));

describe('verifyHuaweiSignature', () => {
  it('accepts the §1.4 vectors A–E and reports algorithm, AK and project/token headers', () => {
    for (const name of ['A', 'B', 'C', 'D'] as const) {
      const { req, lookup: records } = vector(name);
      expect(verifyHuaweiSignature(req, records, VECTOR_TIME), name).toMatchObject({
        ok: true,
        accessKey: AK,
        algorithm: 'SDK-HMAC-SHA256',
        projectId: PROJECT,
      });
    }
    expect(verifyHuaweiSignature(vector('D').req, vector('D').lookup, VECTOR_TIME)).toMatchObject({
      securityToken: 'tokenABC',
    });
    expect(verifyHuaweiSignature(vector('E').req, lookup, VECTOR_TIME)).toEqual({
      ok: true,
      accessKey: AK,
      algorithm: 'V11-HMAC-SHA256',
      projectId: PROJECT,
      region: 'cn-north-4',
      service: 'ecs',
      signedHeaders: SIGNED.split(';'),
    });
  });

  it('rejects every tampered variant of the vectors with 401 APIGW.0301', () => {
    for (const name of ['A', 'B', 'C', 'D', 'E'] as const) {
      const { req, lookup: records } = vector(name);
      const signed = /SignedHeaders=([^,]+)/.exec(req.headers['authorization']!)![1]!.split(';');
      for (const variant of tamperings(req, signed)) {
        const tampered = cloneWire(req);
        variant.apply(tampered);
        expectAuthFailure(verifyHuaweiSignature(tampered, records, VECTOR_TIME), `${name}: ${variant.name}`);
      }
    }
  });

  it('lets unsigned headers change (accept, user-agent) but not signed ones', () => {
    const { req } = vector('A');
    const changed = { ...req, headers: { ...req.headers, accept: '*/*', 'user-agent': 'other' } };
    expect(verifyHuaweiSignature(changed, lookup, VECTOR_TIME).ok).toBe(true);
    const missing = { ...req, headers: { ...req.headers } };
    delete missing.headers['x-project-id'];
    expectAuthFailure(verifyHuaweiSignature(missing, lookup, VECTOR_TIME), 'signed header removed');
  });

  it('rejects a wrong secret and an unknown AK with the real APIG texts', () => {
    const result = verifyHuaweiSignature(
      vector('A').req,
      lookupFrom({ [AK]: { secretKey: 'not-the-secret' } }),
      VECTOR_TIME,
    );
    expect(result).toEqual({
      ok: false,
      status: 401,
      code: 'APIGW.0301',
      message: 'Incorrect IAM authentication information: verify aksk signature fail',
    });
    expect(verifyHuaweiSignature(vector('A').req, lookupFrom({}), VECTOR_TIME)).toEqual({
      ok: false,
      status: 401,
      code: 'APIGW.0301',
      message: `Incorrect IAM authentication information: ak ${AK} not exist`,
    });
    // V11 with a wrong secret derives a different key.
    expectAuthFailure(
      verifyHuaweiSignature(
        vector('E').req,
        lookupFrom({ [AK]: { secretKey: 'not-the-secret' } }),
        VECTOR_TIME,
      ),
      'V11 wrong secret',
    );
  });

  it('applies the ±15 minute window in both directions (§1.3 step 7)', () => {
    const { req } = vector('A');
    expect(verifyHuaweiSignature(req, lookup, VECTOR_TIME + 15 * MINUTE).ok).toBe(true);
    expect(verifyHuaweiSignature(req, lookup, VECTOR_TIME - 15 * MINUTE).ok).toBe(true);
    expectAuthFailure(verifyHuaweiSignature(req, lookup, VECTOR_TIME + 15 * MINUTE + 1000), 'stale');
    expectAuthFailure(verifyHuaweiSignature(req, lookup, VECTOR_TIME - 15 * MINUTE - 1000), 'future');
    expect(verifyHuaweiSignature(req, lookup, VECTOR_TIME + 20 * MINUTE, { skewMs: 30 * MINUTE }).ok).toBe(
      true,
    );
  });

  it('rejects missing or garbled Authorization and X-Sdk-Date', () => {
    const { req } = vector('A');
    const auth = req.headers['authorization']!;
    const variants: Array<[string, Record<string, string | undefined>]> = [
      ['no authorization', { authorization: undefined }],
      ['token scheme', { authorization: 'Bearer abc' }],
      ['AWS scheme', { authorization: auth.replace('SDK-HMAC-SHA256', 'AWS4-HMAC-SHA256') }],
      ['no signature', { authorization: auth.replace(/, Signature=.*/, '') }],
      ['signature not hex', { authorization: auth.replace(/Signature=.*/, 'Signature=zz') }],
      [
        'bad V11 credential',
        { authorization: vector('E').req.headers['authorization']!.replace('/20240115/', '/2024/') },
      ],
      ['no date', { 'x-sdk-date': undefined }],
      ['garbled date', { 'x-sdk-date': '2024-01-15T08:30:00Z' }],
      ['impossible date', { 'x-sdk-date': '20240231T083000Z' }],
    ];
    for (const [label, patch] of variants) {
      const headers: Record<string, string> = { ...req.headers };
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined) delete headers[name];
        else headers[name] = value;
      }
      expectAuthFailure(verifyHuaweiSignature({ ...req, headers }, lookup, VECTOR_TIME), label);
    }
  });

  it('requires the temporary key token, and only on temporary keys', () => {
    const { req } = vector('D');
    expectAuthFailure(verifyHuaweiSignature(req, lookup, VECTOR_TIME), 'token on a permanent key');
    const otherToken = lookupFrom({ [AK]: { secretKey: SK, securityToken: 'tokenXYZ' } });
    expectAuthFailure(verifyHuaweiSignature(req, otherToken, VECTOR_TIME), 'token of another session');
    const withToken = lookupFrom({ [AK]: { secretKey: SK, securityToken: 'tokenABC' } });
    expectAuthFailure(
      verifyHuaweiSignature(vector('A').req, withToken, VECTOR_TIME),
      'temporary key without token',
    );
  });

  it('honours X-Sdk-Content-Sha256 UNSIGNED-PAYLOAD but not a hash that disagrees with the body', () => {
    const { req } = vector('B');
    const lying = { ...req, headers: { ...req.headers, 'x-sdk-content-sha256': '0'.repeat(64) } };
    expectAuthFailure(
      verifyHuaweiSignature(lying, lookup, VECTOR_TIME),
      'declared hash differs from the body',
    );
  });

  it('checks V11 pins and the credential date', () => {
    const { req } = vector('E');
    expect(verifyHuaweiSignature(req, lookup, VECTOR_TIME, { region: 'cn-north-4', service: 'ecs' }).ok).toBe(
      true,
    );
    expectAuthFailure(
      verifyHuaweiSignature(req, lookup, VECTOR_TIME, { region: 'cn-south-1' }),
      'region pin',
    );
    expectAuthFailure(verifyHuaweiSignature(req, lookup, VECTOR_TIME, { service: 'vpc' }), 'service pin');
  });

  it('accepts the Go SDK canonical form (lower-cased query keys) unless disabled', () => {
    // The Go SDK lower-cases query keys before signing: `?Limit=10` on the wire is signed as `limit=10`.
    const path = `/v1/${PROJECT}/cloudservers/detail`;
    const request = {
      endpoint: `http://127.0.0.1:18080${path}`,
      method: 'GET',
      headers: {
        'content-type': 'application/json',
        'X-Project-Id': PROJECT,
        'X-Sdk-Date': '20240115T083000Z',
      },
      queryParams: { limit: '10' },
    };
    const signed = AKSKSigner.sign(request, new core.BasicCredentials().withAk(AK).withSk(SK)) as Record<
      string,
      string
    >;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
    const wire: WireRequest = { method: 'GET', rawPath: path, rawQuery: 'Limit=10', headers, body: EMPTY };
    expect(verifyHuaweiSignature({ ...wire, rawQuery: 'limit=10' }, lookup, VECTOR_TIME).ok).toBe(true);
    expect(verifyHuaweiSignature(wire, lookup, VECTOR_TIME).ok).toBe(true);
    expectAuthFailure(
      verifyHuaweiSignature(wire, lookup, VECTOR_TIME, { acceptGoCanonicalForm: false }),
      'Go form disabled',
    );
  });

  it('never puts the secret or the expected signature in a message', () => {
    const result = verifyHuaweiSignature(
      vector('A').req,
      lookupFrom({ [AK]: { secretKey: 'another-secret' } }),
      VECTOR_TIME,
    );
    const text = JSON.stringify(result);
    expect(text).not.toContain('another-secret');
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  for (const derived of [false, true]) {
    const algorithm = derived ? 'V11-HMAC-SHA256' : 'SDK-HMAC-SHA256';
    it(`accepts 50 seeded requests signed by the official ${algorithm} signer and rejects their tampered variants`, () => {
      const random = new SeededRandom(derived ? 1115 : 2024);
      for (let i = 0; i < 50; i++) {
        const signedAt = VECTOR_TIME + random.int(100_000) * MINUTE;
        const { wire, signedHeaders, token } = officialSigned(random, signedAt, derived);
        const records = lookupFrom({
          [AK]: token === undefined ? { secretKey: SK } : { secretKey: SK, securityToken: token },
        });
        const now = signedAt + (random.int(29) - 14) * MINUTE;
        expect(verifyHuaweiSignature(wire, records, now), `request ${i}`).toMatchObject({
          ok: true,
          algorithm,
        });
        for (const variant of tamperings(wire, signedHeaders)) {
          const tampered = cloneWire(wire);
          variant.apply(tampered);
          expectAuthFailure(verifyHuaweiSignature(tampered, records, now), `request ${i}: ${variant.name}`);
        }
        expectAuthFailure(
          verifyHuaweiSignature(wire, records, signedAt + 16 * MINUTE),
          `request ${i}: stale`,
        );
        expectAuthFailure(
          verifyHuaweiSignature(wire, records, signedAt - 16 * MINUTE),
          `request ${i}: future`,
        );
        const wrongSecret = lookupFrom({
          [AK]: { secretKey: `${SK}!`, ...(token ? { securityToken: token } : {}) },
        });
        expectAuthFailure(verifyHuaweiSignature(wire, wrongSecret, now), `request ${i}: wrong secret`);
      }
    });
  }

  describe('over real HTTP with the official EcsClient', () => {
    let server: CaptureServer;
    const seen: Array<{ rawPath: string; rawQuery: string; algorithm: string }> = [];
    beforeAll(async () => {
      server = await startServer((wire) => {
        const result = verifyHuaweiSignature(wire, lookup, Date.now());
        if (!result.ok) {
          return {
            status: result.status,
            body: { error_msg: result.message, error_code: result.code, request_id: 'r1' },
          };
        }
        seen.push({ rawPath: wire.rawPath, rawQuery: wire.rawQuery, algorithm: result.algorithm });
        return { status: 200, body: { servers: [], count: 0 } };
      });
    });
    afterAll(() => server.close());

    function client(derived: boolean, sk = SK) {
      const credential = new core.BasicCredentials().withAk(AK).withSk(sk).withProjectId(PROJECT);
      const builder = ecs.EcsClient.newBuilder().withCredential(credential);
      if (derived) {
        credential.withDerivedPredicate((request) =>
          core.BasicCredentials.getDefaultDerivedPredicate(request),
        );
        builder.withRegion(new core.Region('cn-north-4', server.url)).withDerivedAuthServiceName('ecs');
      } else {
        builder.withEndpoint(server.url);
      }
      return builder.build();
    }

    it('accepts ListServersDetails with an awkward query, signed both ways', async () => {
      for (const derived of [false, true]) {
        const request = new ecs.ListServersDetailsRequest().withLimit(25).withName("web server*01(x)!'~中");
        const response = await client(derived).listServersDetails(request);
        expect(response.count).toBe(0);
      }
      expect(seen.map((s) => s.algorithm)).toEqual(['SDK-HMAC-SHA256', 'V11-HMAC-SHA256']);
      // Proves the raw form reached the verifier: `*()!'` unescaped, as querystring.stringify writes them.
      expect(seen[0]!.rawQuery).toContain("web%20server*01(x)!'~");
    });

    it('accepts a POST with a body and rejects the SDK when its secret is wrong', async () => {
      const body = new ecs.BatchStartServersRequestBody().withOsStart(
        new ecs.BatchStartServersOption().withServers([
          new ecs.ServerId().withId('616fb98f-46ca-475e-917e-2563e5a8cd19'),
        ]),
      );
      await client(false).batchStartServers(new ecs.BatchStartServersRequest().withBody(body));
      expect(seen.at(-1)!.rawPath).toBe(`/v1/${PROJECT}/cloudservers/action`);
      await expect(
        client(false, 'wrong-secret').listServersDetails(new ecs.ListServersDetailsRequest()),
      ).rejects.toMatchObject({ httpStatusCode: 401, errorCode: 'APIGW.0301' });
    });

    it('sees a tampered raw query on the wire as a signature failure', async () => {
      const random = new SeededRandom(99);
      let signed = officialSigned(random, Date.now(), false);
      while (signed.token !== undefined) signed = officialSigned(random, Date.now(), false);
      const { wire } = signed;
      const headers = Object.entries(wire.headers) as Array<[string, string]>;
      const target = `${wire.rawPath}?${wire.rawQuery}`;
      const ok = await sendRaw(server.port, { method: wire.method, target, headers, body: wire.body });
      expect(ok.status).toBe(200);
      const bad = await sendRaw(server.port, {
        method: wire.method,
        target: `${target}&extra=1`,
        headers,
        body: wire.body,
      });
      expect(bad).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    });
  });
});
