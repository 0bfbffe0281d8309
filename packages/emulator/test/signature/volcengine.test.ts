import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import querystring from 'node:querystring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRequest } from '../../src/signature-types.js';
import { type VolcengineVerifyResult, verifyVolcengineSignature } from '../../src/volcengine/signature.js';
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

// `@volcengine/openapi` reads ~/.volc/config at import; keep it away from the real home directory.
const sdkHome = mkdtempSync(join(tmpdir(), 'yunkit-volc-sdk-'));
process.env['HOME'] = sdkHome;

type OpenApi = typeof import('@volcengine/openapi');
let Signer: OpenApi['Signer'];
let Service: OpenApi['Service'];

// reference/volcengine.md §1.6 common inputs
const AK = 'AKLTexampleAK';
const SK = 'exampleSK';
const TOKEN = 'STS2exampleToken';
const X_DATE = '20240102T030405Z';
const VECTOR_TIME = Date.UTC(2024, 0, 2, 3, 4, 5);
const MINUTE = 60_000;
const EMPTY = Buffer.alloc(0);
const lookup = lookupFrom({ [AK]: { secretKey: SK } });
const stsLookup = lookupFrom({ [AK]: { secretKey: SK, securityToken: TOKEN } });

function auth(scope: string, signed: string, signature: string): string {
  return `HMAC-SHA256 Credential=${AK}/20240102/${scope}/request, SignedHeaders=${signed}, Signature=${signature}`;
}

const V1_QUERY =
  'Action=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01';

/** Vectors V1–V5 and V7 of §1.6, as they arrive on the wire. */
const VECTORS: Record<string, { req: WireRequest; sts: boolean }> = {
  V1: {
    sts: false,
    req: {
      method: 'GET',
      rawPath: '/',
      rawQuery: V1_QUERY,
      headers: {
        'x-date': X_DATE,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'volc-sdk-nodejs/v1.36.2',
        authorization: auth(
          'cn-beijing/ecs',
          'x-date',
          'ea791bb6c6255f85da690ce9e538e7a022d54e778506073391893059059a033b',
        ),
      },
      body: EMPTY,
    },
  },
  V2: {
    sts: true,
    req: {
      method: 'POST',
      rawPath: '/',
      rawQuery: 'Action=CreateVpc&Version=2020-04-01',
      headers: {
        'x-date': X_DATE,
        'content-type': 'application/json; charset=utf-8',
        'x-content-sha256': '18a394960af8ad1eafa47d2ab83aa497bc8586091d332e4059962cb88fcb13bc',
        'x-security-token': TOKEN,
        authorization: auth(
          'cn-shanghai/vpc',
          'x-content-sha256;x-date;x-security-token',
          '8015f07ab143e1145a5af5b5e2a1ba3dafd05d486f866476bb05220153a3d6c2',
        ),
      },
      body: Buffer.from('{"VpcName":"demo","CidrBlock":"10.0.0.0/16"}'),
    },
  },
  V3: {
    sts: false,
    req: {
      method: 'GET',
      rawPath: '/',
      // querystring.stringify wire form: `*()!'` raw, the array in given (unsorted) order.
      rawQuery:
        "Action=DescribeInstances&Version=2020-04-01&InstanceName=a%20b*c(d)!e'f~g%2Fh%2Bi%3Dj%26k%E4%B8%AD&Tag.1.Key=k&zeta=2&zeta=1",
      headers: {
        'x-date': X_DATE,
        authorization: auth(
          'cn-beijing/ecs',
          'x-date',
          '16673b9788c80c39f07746c2bfab548f4c2605fb863d137c6344b2269e1abe1a',
        ),
      },
      body: EMPTY,
    },
  },
  V4: {
    sts: false,
    req: {
      method: 'GET',
      rawPath: '/',
      rawQuery: V1_QUERY,
      headers: {
        'x-date': X_DATE,
        host: '127.0.0.1:18080',
        'content-type': 'text/plain',
        authorization: auth(
          'cn-beijing/ecs',
          'host;x-date',
          '0811a404cd45765ce1199bcb630c3fb3884ed793ee522686f64893800728cc97',
        ),
      },
      body: EMPTY,
    },
  },
  V5: {
    sts: true,
    req: {
      method: 'POST',
      rawPath: '/',
      rawQuery: 'Action=CreatePlacementGroup&Version=2020-04-01',
      headers: {
        'x-date': X_DATE,
        host: '127.0.0.1:18080',
        'x-content-sha256': 'fd5fef5e07956606a9d27d1179d6cfc4904eb4a231269684fded03b4e3d27241',
        'x-security-token': TOKEN,
        authorization: auth(
          'cn-shanghai/storage_ebs',
          'host;x-content-sha256;x-date;x-security-token',
          '6ee37b69a46c330b7ce10aeaba13c3bb8f6e54ea68ab4aa913b2c94b3b057124',
        ),
      },
      body: Buffer.from('{"PlacementGroupName":"pg"}'),
    },
  },
  V7: {
    sts: false,
    req: {
      method: 'GET',
      rawPath: '/',
      rawQuery: V1_QUERY,
      headers: {
        'x-date': X_DATE,
        host: 'open.volcengineapi.com',
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        authorization: auth(
          'cn-beijing/ecs',
          'content-type;host;x-content-sha256;x-date',
          '36217d98b8b00b5c3b3e222b224215a213aa5db62f745b4c9bb122d818e09353',
        ),
      },
      body: EMPTY,
    },
  },
};

const V6_QUERY =
  'Action=DescribeInstances&Version=2020-04-01&X-Algorithm=HMAC-SHA256&X-Credential=AKLTexampleAK%2F20240102%2Fcn-beijing%2Fecs%2Frequest&X-Date=20240102T030405Z&X-NotSignBody=&X-SignedHeaders=&X-SignedQueries=Action%3BVersion%3BX-Algorithm%3BX-Credential%3BX-Date%3BX-NotSignBody%3BX-SignedHeaders&X-Signature=30436953e8f2d3dade5a9fb518a365a31b290c2f07fd5b4a299fcbb43c34acae';

function signedHeadersOf(req: WireRequest): string[] {
  return /SignedHeaders=([^,]*)/.exec(req.headers['authorization'] ?? '')?.[1]?.split(';') ?? [];
}

function expectFailure(result: VolcengineVerifyResult, code: string, status: number, label: string): void {
  expect(result, label).toMatchObject({ ok: false, code, status });
}

/** One seeded request signed by the official `@volcengine/openapi` Signer, in its wire form. */
function officialSigned(
  random: SeededRandom,
  signedAt: number,
  credentials: { accessKeyId: string; secretKey: string; sessionToken?: string } = {
    accessKeyId: AK,
    secretKey: SK,
  },
): { wire: WireRequest; signedHeaders: string[] } {
  const region = random.pick(['cn-beijing', 'cn-shanghai', 'ap-southeast-1']);
  const service = random.pick(['ecs', 'vpc', 'storage_ebs']);
  const method = random.pick(['GET', 'GET', 'POST']);
  const params: Record<string, string | string[]> = {
    Action: random.pick(['DescribeInstances', 'RunInstances', 'CreateVpc']),
    Version: '2020-04-01',
  };
  for (let i = random.int(4); i > 0; i--)
    params[`${random.pick(['Instance', 'Tag', 'zeta'])}.${i}.${random.string(3, ALNUM)}`] = random.string(
      7,
      AWKWARD,
    );
  if (random.next() < 0.3)
    params['Ids'] = [random.string(3, ALNUM), random.string(3, ALNUM), random.string(3, ALNUM)];
  const headers: Record<string, string> = {};
  if (random.next() < 0.4) headers['Host'] = '127.0.0.1:18080'; // sdk-core style: host signed
  if (random.next() < 0.3) headers['X-Custom-Trace'] = random.string(10, ALNUM);
  let body: string | undefined;
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    body = JSON.stringify({ Name: random.string(6, AWKWARD), Size: random.int(100) });
  }
  const request = { region, method, params, pathname: '/', headers, body };
  new Signer(request, service).addAuthorization(credentials, new Date(signedAt));
  const wireHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    wireHeaders[name.toLowerCase()] = String(value);
  const wire: WireRequest = {
    method,
    rawPath: '/',
    rawQuery: querystring.stringify(params),
    headers: wireHeaders,
    body: body === undefined ? EMPTY : Buffer.from(body),
  };
  return { wire, signedHeaders: signedHeadersOf(wire) };
}

beforeAll(async () => {
  ({ Signer, Service } = await import('@volcengine/openapi'));
});

afterAll(() => rmSync(sdkHome, { recursive: true, force: true }));

describe('verifyVolcengineSignature', () => {
  it('accepts the §1.6 header vectors V1–V5 and V7', () => {
    for (const [name, { req, sts }] of Object.entries(VECTORS)) {
      const result = verifyVolcengineSignature(req, sts ? stsLookup : lookup, VECTOR_TIME);
      expect(result, name).toMatchObject({ ok: true, accessKey: AK, via: 'header' });
      if (sts) expect(result, name).toMatchObject({ securityToken: TOKEN });
    }
    expect(verifyVolcengineSignature(VECTORS['V5']!.req, stsLookup, VECTOR_TIME)).toEqual({
      ok: true,
      accessKey: AK,
      region: 'cn-shanghai',
      service: 'storage_ebs',
      securityToken: TOKEN,
      via: 'header',
    });
  });

  it('accepts the presigned vector V6 and rejects it once a signed query value changes', () => {
    const req: WireRequest = { method: 'GET', rawPath: '/', rawQuery: V6_QUERY, headers: {}, body: EMPTY };
    expect(verifyVolcengineSignature(req, lookup, VECTOR_TIME)).toMatchObject({
      ok: true,
      via: 'query',
      service: 'ecs',
    });
    const changed = { ...req, rawQuery: V6_QUERY.replace('DescribeInstances', 'DeleteInstance') };
    expectFailure(
      verifyVolcengineSignature(changed, lookup, VECTOR_TIME),
      'SignatureDoesNotMatch',
      401,
      'action',
    );
    const extra = { ...req, rawQuery: `${V6_QUERY}&InstanceId=i-1` };
    expectFailure(
      verifyVolcengineSignature(extra, lookup, VECTOR_TIME),
      'SignatureDoesNotMatch',
      401,
      'unsigned extra',
    );
    expectFailure(
      verifyVolcengineSignature(req, lookup, VECTOR_TIME + 16 * MINUTE),
      'InvalidTimestamp',
      400,
      'stale',
    );
  });

  it('rejects every tampered variant of the vectors', () => {
    for (const [name, { req, sts }] of Object.entries(VECTORS)) {
      for (const variant of tamperings(req, signedHeadersOf(req))) {
        const tampered = cloneWire(req);
        variant.apply(tampered);
        const result = verifyVolcengineSignature(tampered, sts ? stsLookup : lookup, VECTOR_TIME);
        if (variant.name === 'header x-date') {
          expectFailure(result, 'InvalidTimestamp', 400, `${name}: ${variant.name}`);
        } else {
          expectFailure(result, 'SignatureDoesNotMatch', 401, `${name}: ${variant.name}`);
          expect(result.ok ? 0 : result.codeN).toBe(100010);
        }
      }
    }
  });

  it('does not care about unsigned headers (content-type, user-agent)', () => {
    const { req } = VECTORS['V1']!;
    const changed = {
      ...req,
      headers: { ...req.headers, 'content-type': 'text/plain', 'user-agent': 'curl' },
    };
    expect(verifyVolcengineSignature(changed, lookup, VECTOR_TIME).ok).toBe(true);
  });

  it('answers a wrong secret, an unknown key and a broken token with the gateway codes', () => {
    const { req } = VECTORS['V1']!;
    expect(verifyVolcengineSignature(req, lookupFrom({ [AK]: { secretKey: 'nope' } }), VECTOR_TIME)).toEqual({
      ok: false,
      status: 401,
      code: 'SignatureDoesNotMatch',
      codeN: 100010,
      message:
        'The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method. Consult the service documentation for details.',
    });
    expect(verifyVolcengineSignature(req, lookupFrom({}), VECTOR_TIME)).toEqual({
      ok: false,
      status: 401,
      code: 'InvalidAccessKey',
      codeN: 100009,
      message: `The accesskey [${AK}] included in the request is invalid.`,
    });
    expectFailure(
      verifyVolcengineSignature(req, lookupFrom({}), VECTOR_TIME, {
        invalidAccessKeyCode: 'InvalidClientTokenId',
      }),
      'InvalidClientTokenId',
      401,
      'alternative code',
    );
    // STS: the token must be present, signed and belong to the key.
    expectFailure(
      verifyVolcengineSignature(VECTORS['V2']!.req, lookup, VECTOR_TIME),
      'InvalidAccessKey',
      401,
      'token on permanent key',
    );
    expectFailure(
      verifyVolcengineSignature(req, stsLookup, VECTOR_TIME),
      'InvalidAccessKey',
      401,
      'STS key without token',
    );
    const otherToken = lookupFrom({ [AK]: { secretKey: SK, securityToken: 'STS2other' } });
    expectFailure(
      verifyVolcengineSignature(VECTORS['V2']!.req, otherToken, VECTOR_TIME),
      'InvalidAccessKey',
      401,
      'other token',
    );
  });

  it('rejects stale and future X-Date beyond 15 minutes with InvalidTimestamp (400, or 403 by option)', () => {
    const { req } = VECTORS['V1']!;
    expect(verifyVolcengineSignature(req, lookup, VECTOR_TIME + 15 * MINUTE).ok).toBe(true);
    expect(verifyVolcengineSignature(req, lookup, VECTOR_TIME - 15 * MINUTE).ok).toBe(true);
    expect(verifyVolcengineSignature(req, lookup, VECTOR_TIME + 16 * MINUTE)).toEqual({
      ok: false,
      status: 400,
      code: 'InvalidTimestamp',
      codeN: 100006,
      message: 'The signature of the request is expired.',
    });
    expectFailure(
      verifyVolcengineSignature(req, lookup, VECTOR_TIME - 16 * MINUTE),
      'InvalidTimestamp',
      400,
      'future',
    );
    expectFailure(
      verifyVolcengineSignature(req, lookup, VECTOR_TIME + 16 * MINUTE, { invalidTimestampStatus: 403 }),
      'InvalidTimestamp',
      403,
      '403 variant',
    );
  });

  it('rejects missing or garbled Authorization', () => {
    const { req } = VECTORS['V1']!;
    const a = req.headers['authorization']!;
    const cases: Array<[string | undefined, string, number]> = [
      [undefined, 'MissingAuthenticationToken', 401],
      ['Bearer abc', 'MissingAuthenticationToken', 401],
      [
        a.replace(/Credential=[^,]+/, 'Credential=AKLTexampleAK/20240102/cn-beijing'),
        'MissingRequestInfo',
        400,
      ],
      [
        a.replace(/Credential=[^,]+/, 'Credential=/20240102/cn-beijing/ecs/request'),
        'MissingRequestInfo',
        400,
      ],
      [a.replace(/, Signature=.*/, ''), 'MissingSignature', 401],
      [a.replace(/Signature=.*/, 'Signature=00'), 'SignatureDoesNotMatch', 401],
      [a.replace('/20240102/', '/20240103/'), 'SignatureDoesNotMatch', 401],
    ];
    for (const [authorization, code, status] of cases) {
      const headers: Record<string, string> = { ...req.headers };
      if (authorization === undefined) delete headers['authorization'];
      else headers['authorization'] = authorization;
      expectFailure(
        verifyVolcengineSignature({ ...req, headers }, lookup, VECTOR_TIME),
        code,
        status,
        String(authorization),
      );
    }
    const noDate = { ...req, headers: { ...req.headers } };
    delete noDate.headers['x-date'];
    expectFailure(
      verifyVolcengineSignature(noDate, lookup, VECTOR_TIME),
      'InvalidTimestamp',
      400,
      'no X-Date',
    );
  });

  it('tolerates extra Authorization fields and enforces host signing only in strict mode', () => {
    const { req } = VECTORS['V1']!;
    const extra = {
      ...req,
      headers: {
        ...req.headers,
        authorization: `${req.headers['authorization']}, SignedQueries=Action;Version`,
      },
    };
    expect(verifyVolcengineSignature(extra, lookup, VECTOR_TIME).ok).toBe(true);
    const withHost = { ...req, headers: { ...req.headers, host: '127.0.0.1:18080' } };
    expect(verifyVolcengineSignature(withHost, lookup, VECTOR_TIME).ok).toBe(true);
    expectFailure(
      verifyVolcengineSignature(withHost, lookup, VECTOR_TIME, { requireHostSigned: true }),
      'SignatureDoesNotMatch',
      401,
      'strict host',
    );
    expect(
      verifyVolcengineSignature(VECTORS['V4']!.req, lookup, VECTOR_TIME, { requireHostSigned: true }).ok,
    ).toBe(true);
  });

  it('never puts the secret or the expected signature in a message', () => {
    const result = verifyVolcengineSignature(
      VECTORS['V1']!.req,
      lookupFrom({ [AK]: { secretKey: 'another-secret' } }),
      VECTOR_TIME,
    );
    const text = JSON.stringify(result);
    expect(text).not.toContain('another-secret');
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('accepts 80 seeded requests signed by the official Signer and rejects their tampered variants', () => {
    const random = new SeededRandom(1_020_304);
    for (let i = 0; i < 80; i++) {
      const signedAt = VECTOR_TIME + random.int(100_000) * MINUTE;
      const sts = random.next() < 0.3;
      const credentials = sts
        ? { accessKeyId: AK, secretKey: SK, sessionToken: TOKEN }
        : { accessKeyId: AK, secretKey: SK };
      const { wire, signedHeaders } = officialSigned(random, signedAt, credentials);
      const records = sts ? stsLookup : lookup;
      const now = signedAt + (random.int(29) - 14) * MINUTE;
      expect(verifyVolcengineSignature(wire, records, now), `request ${i}`).toMatchObject({ ok: true });
      for (const variant of tamperings(wire, signedHeaders)) {
        const tampered = cloneWire(wire);
        variant.apply(tampered);
        const result = verifyVolcengineSignature(tampered, records, now);
        const expected =
          variant.name === 'header x-date' ? '400 InvalidTimestamp' : '401 SignatureDoesNotMatch';
        expect(
          result.ok ? 'accepted' : `${result.status} ${result.code}`,
          `request ${i}: ${variant.name}`,
        ).toBe(expected);
      }
      expectFailure(
        verifyVolcengineSignature(wire, records, signedAt + 16 * MINUTE),
        'InvalidTimestamp',
        400,
        'stale',
      );
      expectFailure(
        verifyVolcengineSignature(wire, records, signedAt - 16 * MINUTE),
        'InvalidTimestamp',
        400,
        'future',
      );
      const wrong = lookupFrom({ [AK]: { secretKey: `${SK}x`, ...(sts ? { securityToken: TOKEN } : {}) } });
      expectFailure(
        verifyVolcengineSignature(wire, wrong, now),
        'SignatureDoesNotMatch',
        401,
        'wrong secret',
      );
      expectFailure(
        verifyVolcengineSignature(wire, lookupFrom({}), now),
        'InvalidAccessKey',
        401,
        'unknown key',
      );
    }
  });

  it('accepts an empty query key, which the Node signer leaves out of the signature but sends', () => {
    const params = { Action: 'DescribeInstances', Version: '2020-04-01', '': 'stray' };
    const request = { region: 'cn-beijing', method: 'GET', params, pathname: '/', headers: {} };
    new Signer(request, 'ecs').addAuthorization({ accessKeyId: AK, secretKey: SK }, new Date(VECTOR_TIME));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = String(value);
    const wire: WireRequest = {
      method: 'GET',
      rawPath: '/',
      rawQuery: querystring.stringify(params),
      headers,
      body: EMPTY,
    };
    expect(wire.rawQuery).toContain('=stray');
    expect(verifyVolcengineSignature(wire, lookup, VECTOR_TIME)).toMatchObject({ ok: true, accessKey: AK });
    const changed = { ...wire, rawQuery: wire.rawQuery.replace('DescribeInstances', 'DeleteInstances') };
    expectFailure(
      verifyVolcengineSignature(changed, lookup, VECTOR_TIME),
      'SignatureDoesNotMatch',
      401,
      'signed value changed',
    );
  });

  it('accepts presigned URLs from the official Signer.getSignUrl', () => {
    const random = new SeededRandom(66);
    for (let i = 0; i < 20; i++) {
      const signedAt = VECTOR_TIME + random.int(10_000) * MINUTE;
      const params = {
        Action: 'DescribeInstances',
        Version: '2020-04-01',
        InstanceName: random.string(8, AWKWARD),
      };
      const query = new Signer({ region: 'cn-beijing', method: 'GET', params }, 'ecs').getSignUrl(
        { accessKeyId: AK, secretKey: SK },
        new Date(signedAt),
      );
      const req: WireRequest = { method: 'GET', rawPath: '/', rawQuery: query, headers: {}, body: EMPTY };
      expect(verifyVolcengineSignature(req, lookup, signedAt), `url ${i}`).toMatchObject({
        ok: true,
        via: 'query',
      });
      const tampered = { ...req, rawQuery: query.replace('InstanceName=', 'InstanceName=Z') };
      expectFailure(
        verifyVolcengineSignature(tampered, lookup, signedAt),
        'SignatureDoesNotMatch',
        401,
        `url ${i} tampered`,
      );
    }
  });

  describe('over real HTTP with the official Service client', () => {
    let server: CaptureServer;
    const seen: WireRequest[] = [];
    beforeAll(async () => {
      server = await startServer((wire) => {
        const result = verifyVolcengineSignature(wire, stsLookup, Date.now());
        const metadata = {
          RequestId: 'r1',
          Action: 'DescribeInstances',
          Version: '2020-04-01',
          Service: 'ecs',
          Region: 'cn-beijing',
        };
        if (!result.ok) {
          return {
            status: result.status,
            body: {
              ResponseMetadata: {
                ...metadata,
                Error: { CodeN: result.codeN, Code: result.code, Message: result.message },
              },
            },
          };
        }
        seen.push(wire);
        return { status: 200, body: { ResponseMetadata: metadata, Result: { Instances: [] } } };
      });
    });
    afterAll(() => server.close());

    function service(secretKey = SK) {
      return new Service({
        serviceName: 'ecs',
        host: `127.0.0.1:${server.port}`,
        protocol: 'http:',
        region: 'cn-beijing',
        accessKeyId: AK,
        secretKey,
        sessionToken: TOKEN,
        defaultVersion: '2020-04-01',
      });
    }

    it('accepts GET with `*()!` raw on the wire and a POST JSON body', async () => {
      const describe = service().createAPI('DescribeInstances', { Version: '2020-04-01' });
      const ok = await describe({ MaxResults: 10, 'InstanceIds.1': 'i-abc', InstanceName: "a b*(x)!'中" });
      expect(ok).toMatchObject({ Result: { Instances: [] } });
      expect(seen.at(-1)!.rawQuery).toContain('InstanceName=a%20b*(x)!');
      const create = service().createJSONAPI('CreateVpc', { Version: '2020-04-01' });
      const created = await create({ VpcName: 'demo', CidrBlock: '10.0.0.0/16' }, undefined, {
        serviceName: 'vpc',
        region: 'cn-beijing',
      });
      expect(created).toMatchObject({ Result: { Instances: [] } });
      expect(seen.at(-1)!.body.toString()).toBe('{"VpcName":"demo","CidrBlock":"10.0.0.0/16"}');
    });

    it('returns the gateway error envelope for a wrong secret', async () => {
      const describe = service('wrong').createAPI('DescribeInstances', { Version: '2020-04-01' });
      const result = await describe({ MaxResults: 10 });
      expect(result).toMatchObject({
        ResponseMetadata: { Error: { Code: 'SignatureDoesNotMatch', CodeN: 100010 } },
      });
    });

    it('rejects a request whose raw query was changed in flight', async () => {
      const random = new SeededRandom(5);
      const { wire } = officialSigned(random, Date.now(), {
        accessKeyId: AK,
        secretKey: SK,
        sessionToken: TOKEN,
      });
      const headers = Object.entries(wire.headers).filter(([name]) => name !== 'host') as Array<
        [string, string]
      >;
      if (wire.headers['host'] !== undefined) headers.push(['Host', wire.headers['host']]);
      const target = `/?${wire.rawQuery}`;
      expect(
        (await sendRaw(server.port, { method: wire.method, target, headers, body: wire.body })).status,
      ).toBe(200);
      const bad = await sendRaw(server.port, {
        method: wire.method,
        target: `${target}&MaxResults=1`,
        headers,
        body: wire.body,
      });
      expect(bad).toMatchObject({
        status: 401,
        body: { ResponseMetadata: { Error: { Code: 'SignatureDoesNotMatch' } } },
      });
    });
  });
});
