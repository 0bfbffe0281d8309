/**
 * yunkit's own signers (`yunkit/signing`) against the emulator's verifiers: the two sides are written
 * independently from the reference, so agreement here (and disagreement on every tampered variant)
 * is the cross-check.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  presignVolcengine,
  signHuawei,
  signHuaweiDerived,
  signSangforEc2,
  signVolcengine,
  signZstack,
} from 'yunkit/signing';
import { HUAWEI_AUTH_ERROR_CODE, verifyHuaweiSignature } from '../../src/huawei/signature.js';
import { SANGFOR_EC2_ERRORS, verifySangforEc2 } from '../../src/sangfor/signature.js';
import type { VerifyResult, WireRequest } from '../../src/signature-types.js';
import { verifyVolcengineSignature } from '../../src/volcengine/signature.js';
import { verifyZstackAccessKey, ZSTACK_ACCESS_KEY_ERRORS } from '../../src/zstack/signature.js';
import {
  ALNUM,
  AWKWARD,
  type CaptureServer,
  cloneWire,
  lookupFrom,
  SeededRandom,
  startServer,
  tamperings,
} from './helpers.js';

const AK = 'AKYUNKIT000000000001';
const SK = 'yunkitSecret/0000+0000=0000000000000000';
const TOKEN = 'STS2yunkitToken';
const BASE_TIME = Date.UTC(2025, 4, 6, 7, 8, 9);
const MINUTE = 60_000;
const lookup = lookupFrom({ [AK]: { secretKey: SK } });
const stsLookup = lookupFrom({ [AK]: { secretKey: SK, securityToken: TOKEN } });

interface Draft {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/** A seeded request as a client would build it: awkward path segments, query values and a JSON body. */
function draft(random: SeededRandom, host: string, pathPrefix: string, queryKeys: string[]): Draft {
  const method = random.pick(['GET', 'POST', 'PUT', 'DELETE']);
  const segments = [random.pick(['servers', 'vm-instances', 'cloudservers']), random.string(8, ALNUM)];
  if (random.next() < 0.3) segments.push(encodeURIComponent('a b(中)'));
  const search = new URLSearchParams();
  for (const key of queryKeys) if (random.next() < 0.7) search.append(key, random.string(6, AWKWARD));
  // URLSearchParams writes a space as `+`; half the requests keep that form, half use `%20`.
  const query = random.next() < 0.5 ? search.toString() : search.toString().replace(/\+/g, '%20');
  const url = new URL(`http://${host}${pathPrefix}/${segments.join('/')}${query ? `?${query}` : ''}`);
  const body =
    method === 'GET' ? '' : JSON.stringify({ name: random.string(6, AWKWARD), size: random.int(100) });
  return { method, url, headers: { 'Content-Type': 'application/json' }, body };
}

/** What the emulator sees once `headers` (request + signer's) went out with node's http client. */
function toWire(d: Draft, added: Record<string, string>): WireRequest {
  const headers: Record<string, string> = { host: d.url.host };
  for (const [name, value] of Object.entries({ ...d.headers, ...added })) headers[name.toLowerCase()] = value;
  return {
    method: d.method,
    rawPath: d.url.pathname,
    rawQuery: d.url.search.slice(1),
    headers,
    body: Buffer.from(d.body),
  };
}

function signedHeaderList(wire: WireRequest): string[] {
  return /SignedHeaders=([^,]*)/.exec(wire.headers['authorization'] ?? '')?.[1]?.split(';') ?? [];
}

/** Every tampered variant must fail with `status code` (or `dateStatus dateCode` when the timestamp header itself was changed). */
function expectTamperedRejected(
  wire: WireRequest,
  verify: (req: WireRequest) => VerifyResult<object>,
  expectations: {
    status: number;
    code: string;
    dateHeader?: string;
    dateStatus?: number;
    dateCode?: string;
    skip?: string[];
  },
  label: string,
): void {
  const variants = tamperings(wire, signedHeaderList(wire)).filter(
    (variant) => !expectations.skip?.includes(variant.name),
  );
  // Method and path at least; the body, query and signed headers wherever the scheme signs them.
  expect(
    variants.map((variant) => variant.name),
    label,
  ).toEqual(expect.arrayContaining(['method', 'path']));
  for (const variant of variants) {
    const tampered = cloneWire(wire);
    variant.apply(tampered);
    const result = verify(tampered);
    const dateChanged =
      expectations.dateHeader !== undefined && variant.name === `header ${expectations.dateHeader}`;
    const expected =
      dateChanged && expectations.dateCode
        ? `${expectations.dateStatus ?? expectations.status} ${expectations.dateCode}`
        : `${expectations.status} ${expectations.code}`;
    expect(result.ok ? 'accepted' : `${result.status} ${result.code}`, `${label}: ${variant.name}`).toBe(
      expected,
    );
  }
}

/** The answer of a verifier as `status code`, to compare failures in one line. */
function outcome(result: VerifyResult<object>): string {
  return result.ok ? 'accepted' : `${result.status} ${result.code}`;
}

const wrongSecret = (record: { secretKey: string; securityToken?: string } = { secretKey: SK }) =>
  lookupFrom({ [AK]: { ...record, secretKey: `${record.secretKey}x` } });

describe('yunkit signSangforEc2 → verifySangforEc2', () => {
  it('accepts 40 seeded requests and rejects their tampered variants', () => {
    const random = new SeededRandom(101);
    for (let i = 0; i < 40; i++) {
      const d = draft(random, '10.0.0.1', '/janus/20180725', ['page_num', 'page_size', 'az_id']);
      if (random.next() < 0.6) d.headers['Cookie'] = `aCMPAuthToken=${random.string(32, '0123456789abcdef')}`;
      const now = new Date(BASE_TIME + random.int(10_000) * MINUTE);
      const input = {
        method: d.method,
        url: d.url,
        headers: d.headers,
        body: d.body,
        now,
        credentials: { accessKeyId: AK, secretAccessKey: SK },
      };
      const wire = toWire(d, signSangforEc2(input));
      const verify = (req: WireRequest) => verifySangforEc2(req, lookup, now.getTime() + 5 * MINUTE);
      expect(verify(wire), `request ${i}`).toMatchObject({ ok: true, accessKey: AK });
      expectTamperedRejected(
        wire,
        verify,
        { status: 401, code: SANGFOR_EC2_ERRORS.signatureMismatch, skip: ['query value'] },
        `request ${i}`,
      );
      expect(outcome(verifySangforEc2(wire, lookup, now.getTime() + 16 * MINUTE))).toBe(
        `401 ${SANGFOR_EC2_ERRORS.expired}`,
      );
      expect(verifySangforEc2(wire, lookup, now.getTime() - 60 * MINUTE).ok).toBe(true);
      expect(outcome(verifySangforEc2(wire, wrongSecret(), now.getTime()))).toBe(
        `401 ${SANGFOR_EC2_ERRORS.signatureMismatch}`,
      );
      expect(outcome(verifySangforEc2(wire, lookupFrom({}), now.getTime()))).toBe(
        `401 ${SANGFOR_EC2_ERRORS.unknownAccessKey}`,
      );
    }
  });
});

describe('yunkit signHuawei / signHuaweiDerived → verifyHuaweiSignature', () => {
  for (const derived of [false, true]) {
    const algorithm = derived ? 'V11-HMAC-SHA256' : 'SDK-HMAC-SHA256';
    it(`accepts 40 seeded ${algorithm} requests and rejects their tampered variants`, () => {
      const random = new SeededRandom(derived ? 202 : 203);
      for (let i = 0; i < 40; i++) {
        const d = draft(random, '127.0.0.1:18080', '/v1/0123456789abcdef0123456789abcdef', [
          'limit',
          'marker',
          'name',
          'not-tags',
        ]);
        const sts = random.next() < 0.3;
        if (random.next() < 0.3) d.headers['X-Client-Token'] = random.string(16, ALNUM);
        const now = new Date(BASE_TIME + random.int(10_000) * MINUTE);
        const credentials = sts
          ? { accessKeyId: AK, secretAccessKey: SK, securityToken: TOKEN }
          : { accessKeyId: AK, secretAccessKey: SK };
        const base = {
          method: d.method,
          url: d.url,
          headers: d.headers,
          body: d.body,
          now,
          credentials,
          projectId: 'p1',
        };
        const added = derived
          ? signHuaweiDerived({ ...base, region: 'cn-north-4', service: 'ecs' })
          : signHuawei(base);
        const wire = toWire(d, added);
        const records = sts ? stsLookup : lookup;
        const verify = (req: WireRequest) => verifyHuaweiSignature(req, records, now.getTime() + 3 * MINUTE);
        expect(verify(wire), `request ${i}`).toMatchObject({
          ok: true,
          accessKey: AK,
          algorithm,
          projectId: 'p1',
        });
        expectTamperedRejected(wire, verify, { status: 401, code: HUAWEI_AUTH_ERROR_CODE }, `request ${i}`);
        const rejected = `401 ${HUAWEI_AUTH_ERROR_CODE}`;
        expect(outcome(verifyHuaweiSignature(wire, records, now.getTime() + 16 * MINUTE)), 'stale').toBe(
          rejected,
        );
        expect(outcome(verifyHuaweiSignature(wire, records, now.getTime() - 16 * MINUTE)), 'future').toBe(
          rejected,
        );
        expect(outcome(verifyHuaweiSignature(wire, lookupFrom({}), now.getTime())), 'unknown key').toBe(
          rejected,
        );
        const wrong = wrongSecret(sts ? { secretKey: SK, securityToken: TOKEN } : { secretKey: SK });
        expect(outcome(verifyHuaweiSignature(wire, wrong, now.getTime())), 'wrong secret').toBe(rejected);
        // The project id and (for temporary keys) the token are signed, so neither can be swapped.
        expect(signedHeaderList(wire)).toEqual(
          expect.arrayContaining([
            'x-project-id',
            'x-sdk-date',
            'host',
            ...(sts ? ['x-security-token'] : []),
          ]),
        );
      }
    });
  }
});

describe('yunkit signHuawei with UNSIGNED-PAYLOAD → verifyHuaweiSignature', () => {
  it('verifies an upload whose body is outside the signature, and still checks everything else', () => {
    const now = new Date(BASE_TIME);
    const d: Draft = {
      method: 'PUT',
      url: new URL('http://127.0.0.1:18080/v1/p1/images/file?part=1'),
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'raw image bytes',
    };
    const added = signHuawei({
      ...d,
      now,
      credentials: { accessKeyId: AK, secretAccessKey: SK },
      projectId: 'p1',
      unsignedPayload: true,
    });
    const wire = toWire(d, added);
    const verify = (req: WireRequest) => verifyHuaweiSignature(req, lookup, now.getTime());
    expect(verify(wire)).toMatchObject({ ok: true, accessKey: AK });
    expect(verify({ ...wire, body: Buffer.from('other bytes') }).ok).toBe(true);
    expectTamperedRejected(
      wire,
      verify,
      { status: 401, code: HUAWEI_AUTH_ERROR_CODE, skip: ['body byte'] },
      'unsigned payload',
    );
  });
});

describe('yunkit signVolcengine → verifyVolcengineSignature', () => {
  it('accepts 40 seeded requests (with and without host, with and without STS) and rejects their tampered variants', () => {
    const random = new SeededRandom(304);
    for (let i = 0; i < 40; i++) {
      const d = draft(random, 'open.volcengineapi.com', '', [
        'Action',
        'Version',
        'InstanceName',
        'Tag.1.Key',
      ]);
      d.url.pathname = '/';
      const sts = random.next() < 0.3;
      const now = new Date(BASE_TIME + random.int(10_000) * MINUTE);
      const credentials = sts
        ? { accessKeyId: AK, secretAccessKey: SK, sessionToken: TOKEN }
        : { accessKeyId: AK, secretAccessKey: SK };
      const added = signVolcengine({
        method: d.method,
        url: d.url,
        headers: d.headers,
        body: d.body,
        now,
        credentials,
        region: random.pick(['cn-beijing', 'cn-shanghai']),
        service: random.pick(['ecs', 'vpc', 'storage_ebs']),
        signHost: random.next() < 0.5,
      });
      const wire = toWire(d, added);
      const records = sts ? stsLookup : lookup;
      const verify = (req: WireRequest) =>
        verifyVolcengineSignature(req, records, now.getTime() - 3 * MINUTE);
      expect(verify(wire), `request ${i}`).toMatchObject({ ok: true, accessKey: AK });
      expectTamperedRejected(
        wire,
        verify,
        {
          status: 401,
          code: 'SignatureDoesNotMatch',
          dateHeader: 'x-date',
          dateStatus: 400,
          dateCode: 'InvalidTimestamp',
        },
        `request ${i}`,
      );
      expect(outcome(verifyVolcengineSignature(wire, records, now.getTime() + 16 * MINUTE))).toBe(
        '400 InvalidTimestamp',
      );
      expect(outcome(verifyVolcengineSignature(wire, records, now.getTime() - 16 * MINUTE))).toBe(
        '400 InvalidTimestamp',
      );
      expect(outcome(verifyVolcengineSignature(wire, lookupFrom({}), now.getTime()))).toBe(
        '401 InvalidAccessKey',
      );
      const wrong = wrongSecret(sts ? { secretKey: SK, securityToken: TOKEN } : { secretKey: SK });
      expect(outcome(verifyVolcengineSignature(wire, wrong, now.getTime()))).toBe(
        '401 SignatureDoesNotMatch',
      );
    }
  });
});

describe('yunkit signVolcengine → verifyVolcengineSignature: empty query key', () => {
  it('verifies a request whose query carries an empty key, which the signer leaves out', () => {
    const now = new Date(BASE_TIME);
    const d: Draft = {
      method: 'GET',
      url: new URL('https://open.volcengineapi.com/?Action=DescribeInstances&Version=2020-04-01&=stray'),
      headers: {},
      body: '',
    };
    const added = signVolcengine({
      ...d,
      now,
      credentials: { accessKeyId: AK, secretAccessKey: SK },
      region: 'cn-beijing',
      service: 'ecs',
    });
    const wire = toWire(d, added);
    expect(verifyVolcengineSignature(wire, lookup, now.getTime())).toMatchObject({ ok: true, accessKey: AK });
    expectTamperedRejected(
      wire,
      (req) => verifyVolcengineSignature(req, lookup, now.getTime()),
      {
        status: 401,
        code: 'SignatureDoesNotMatch',
        dateHeader: 'x-date',
        dateStatus: 400,
        dateCode: 'InvalidTimestamp',
      },
      'empty key',
    );
  });
});

describe('yunkit presignVolcengine → verifyVolcengineSignature', () => {
  it('verifies 20 seeded presigned URLs (half with STS) and rejects changed, added or expired ones', () => {
    const random = new SeededRandom(606);
    for (let i = 0; i < 20; i++) {
      const sts = i % 2 === 0;
      const now = new Date(BASE_TIME + random.int(10_000) * MINUTE);
      const search = new URLSearchParams({ Action: 'DescribeInstances', Version: '2020-04-01' });
      search.append('InstanceName', random.string(8, AWKWARD));
      const url = presignVolcengine({
        method: 'GET',
        url: new URL(`https://open.volcengineapi.com/?${search}`),
        credentials: sts
          ? { accessKeyId: AK, secretAccessKey: SK, sessionToken: TOKEN }
          : { accessKeyId: AK, secretAccessKey: SK },
        region: 'cn-beijing',
        service: 'ecs',
        now,
      });
      const wire: WireRequest = {
        method: 'GET',
        rawPath: url.pathname,
        rawQuery: url.search.slice(1),
        headers: { host: url.host },
        body: Buffer.alloc(0),
      };
      const records = sts ? stsLookup : lookup;
      const verify = (req: WireRequest, at = now.getTime()) => verifyVolcengineSignature(req, records, at);
      expect(verify(wire), `url ${i}`).toMatchObject({ ok: true, accessKey: AK, via: 'query' });
      const renamed = { ...wire, rawQuery: wire.rawQuery.replace('InstanceName=', 'InstanceName=Z') };
      expect(outcome(verify(renamed)), `url ${i}: value`).toBe('401 SignatureDoesNotMatch');
      expect(outcome(verify({ ...wire, rawQuery: `${wire.rawQuery}&Force=true` })), `url ${i}: added`).toBe(
        '401 SignatureDoesNotMatch',
      );
      expect(outcome(verify({ ...wire, method: 'POST' })), `url ${i}: method`).toBe(
        '401 SignatureDoesNotMatch',
      );
      expect(outcome(verify(wire, now.getTime() + 16 * MINUTE)), `url ${i}: stale`).toBe(
        '400 InvalidTimestamp',
      );
      expect(
        outcome(
          verifyVolcengineSignature(
            wire,
            wrongSecret(sts ? { secretKey: SK, securityToken: TOKEN } : undefined),
            now.getTime(),
          ),
        ),
      ).toBe('401 SignatureDoesNotMatch');
    }
  });
});

describe('yunkit signZstack → verifyZstackAccessKey', () => {
  it('accepts 40 seeded requests in UTC and in a server zone, and rejects changed method, path and Date', () => {
    const random = new SeededRandom(405);
    for (let i = 0; i < 40; i++) {
      const d = draft(random, '127.0.0.1:8080', '/zstack/v1', ['q', 'limit', 'start']);
      const now = new Date(BASE_TIME + random.int(10_000) * MINUTE);
      const china = random.next() < 0.5;
      const added = signZstack({
        method: d.method,
        url: d.url,
        headers: d.headers,
        body: d.body,
        now,
        credentials: { accessKeyId: AK, secretAccessKey: SK },
        contextPath: '/zstack',
        ...(china ? { timeZone: 'Asia/Shanghai' } : {}),
      });
      const wire = toWire(d, added);
      const options = { contextPath: 'zstack', serverUtcOffsetMinutes: china ? 480 : 0 };
      const verify = (req: WireRequest) =>
        verifyZstackAccessKey(req, lookup, now.getTime() + 2 * MINUTE, options);
      expect(verify(wire), `request ${i}`).toMatchObject({ ok: true, accessKey: AK });
      // Query and body are outside the ZStack signature (§2.2): only method, path and Date are covered.
      expectTamperedRejected(
        wire,
        verify,
        { status: 400, code: ZSTACK_ACCESS_KEY_ERRORS.wrongSignature, skip: ['query value', 'body byte'] },
        `request ${i}`,
      );
      const moved = {
        ...wire,
        headers: {
          ...wire.headers,
          date: wire.headers['date']!.replace(
            /:(\d\d) /,
            (_, s) => `:${String((Number(s) + 1) % 60).padStart(2, '0')} `,
          ),
        },
      };
      expect(outcome(verify(moved)), `request ${i}: date`).toBe(
        `400 ${ZSTACK_ACCESS_KEY_ERRORS.wrongSignature}`,
      );
      const skewed = `403 ${ZSTACK_ACCESS_KEY_ERRORS.skewed}`;
      expect(outcome(verifyZstackAccessKey(wire, lookup, now.getTime() + 16 * MINUTE, options))).toBe(skewed);
      expect(outcome(verifyZstackAccessKey(wire, lookup, now.getTime() - 16 * MINUTE, options))).toBe(skewed);
      expect(outcome(verifyZstackAccessKey(wire, lookupFrom({}), now.getTime(), options))).toBe(
        `400 ${ZSTACK_ACCESS_KEY_ERRORS.unknownAccessKey}`,
      );
      expect(outcome(verifyZstackAccessKey(wire, wrongSecret(), now.getTime(), options))).toBe(
        `400 ${ZSTACK_ACCESS_KEY_ERRORS.wrongSignature}`,
      );
    }
  });
});

describe('yunkit signers over real HTTP', () => {
  let server: CaptureServer;
  beforeAll(async () => {
    server = await startServer((wire) => {
      const verifiers: Record<string, (now: number) => VerifyResult<object>> = {
        sangfor: (now) => verifySangforEc2(wire, lookup, now),
        huawei: (now) => verifyHuaweiSignature(wire, stsLookup, now),
        volcengine: (now) => verifyVolcengineSignature(wire, stsLookup, now),
        zstack: (now) => verifyZstackAccessKey(wire, lookup, now, { contextPath: 'zstack' }),
      };
      const scheme = wire.headers['x-test-scheme'] ?? '';
      const verify = verifiers[scheme];
      if (!verify) return { status: 500, body: 'unknown scheme' };
      const result = verify(Date.now());
      return result.ok
        ? { status: 200, body: { ok: true } }
        : { status: result.status, body: { code: result.code } };
    });
  });
  afterAll(() => server.close());

  /** Sends with node's http client, as yunkit's transport does: the URL's own path and query on the wire. */
  async function send(d: Draft, added: Record<string, string>): Promise<number> {
    // An explicit length, because node sends a DELETE body unframed otherwise.
    const headers = { ...d.headers, ...added, 'Content-Length': String(Buffer.byteLength(d.body)) };
    const req = http.request(d.url, { method: d.method, headers, agent: false });
    req.end(d.body);
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    res.resume();
    return res.statusCode ?? 0;
  }

  it('every scheme verifies on the wire and fails once the query or path is changed in flight', async () => {
    const random = new SeededRandom(909);
    const host = `127.0.0.1:${server.port}`;
    const now = new Date();
    const cases: Array<{
      scheme: string;
      draft: Draft;
      sign: (d: Draft) => Record<string, string>;
      queryCovered: boolean;
    }> = [
      {
        scheme: 'sangfor',
        draft: draft(random, host, '/janus/20180725', ['page_num', 'page_size']),
        sign: (d) => signSangforEc2({ ...d, now, credentials: { accessKeyId: AK, secretAccessKey: SK } }),
        queryCovered: false,
      },
      {
        scheme: 'huawei',
        draft: draft(random, host, '/v1/p1', ['limit', 'name']),
        sign: (d) =>
          signHuawei({
            ...d,
            now,
            credentials: { accessKeyId: AK, secretAccessKey: SK, securityToken: TOKEN },
            projectId: 'p1',
          }),
        queryCovered: true,
      },
      {
        scheme: 'volcengine',
        draft: draft(random, host, '', ['Action', 'Version', 'InstanceName']),
        sign: (d) =>
          signVolcengine({
            ...d,
            now,
            credentials: { accessKeyId: AK, secretAccessKey: SK, sessionToken: TOKEN },
            region: 'cn-beijing',
            service: 'ecs',
            signHost: true,
          }),
        queryCovered: true,
      },
      {
        scheme: 'zstack',
        draft: draft(random, host, '/zstack/v1', ['q', 'limit']),
        sign: (d) =>
          signZstack({
            ...d,
            now,
            credentials: { accessKeyId: AK, secretAccessKey: SK },
            contextPath: '/zstack',
          }),
        queryCovered: false,
      },
    ];
    for (const { scheme, draft: d, sign, queryCovered } of cases) {
      d.headers['X-Test-Scheme'] = scheme;
      d.url.search = d.url.search || '?limit=5';
      const added = sign(d);
      expect(await send(d, added), scheme).toBe(200);
      const otherQuery = { ...d, url: new URL(`${d.url.href}&extra=1`) };
      expect(await send(otherQuery, added), `${scheme}: query`).toBe(queryCovered ? 401 : 200);
      const otherPath = { ...d, url: new URL(d.url.href.replace(d.url.pathname, `${d.url.pathname}x`)) };
      expect(await send(otherPath, added), `${scheme}: path`).toBeGreaterThanOrEqual(400);
    }
  });
});
