import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANGFOR_EC2_ERRORS, verifySangforEc2 } from '../../src/sangfor/signature.js';
import type { WireRequest } from '../../src/signature-types.js';
import {
  ALNUM,
  type CaptureServer,
  cloneWire,
  lookupFrom,
  SeededRandom,
  sendRaw,
  startServer,
  tamperings,
} from './helpers.js';

// reference/sangfor-scp.md §5.3 common inputs
const AK = 'AKEXAMPLE0000000000';
const SK = 'SKEXAMPLESECRET000000000000000000';
const lookup = lookupFrom({ [AK]: { secretKey: SK } });
const VECTOR_TIME = Date.UTC(2024, 6, 25, 8, 0, 0);
const MINUTE = 60_000;

function vectorRequest(n: 1 | 2): WireRequest {
  const credential = `Credential=${AK}/20240725/cn-south-1/open-api/aws4_request`;
  if (n === 1) {
    return {
      method: 'GET',
      rawPath: '/janus/20180725/servers',
      rawQuery: 'page_num=0&page_size=100',
      headers: {
        authorization: `AWS4-HMAC-SHA256 ${credential}, SignedHeaders=cookie;x-amz-date, Signature=50aa96e96249d738edc321e73f4ea3d84b62dae8c7f932007f118dbecf712a8c`,
        cookie: 'aCMPAuthToken=0123456789abcdef0123456789abcdef',
        'x-amz-date': '20240725T080000Z',
        'content-type': 'application/json',
      },
      body: Buffer.alloc(0),
    };
  }
  return {
    method: 'POST',
    rawPath: '/janus/20180725/servers/abc/start',
    rawQuery: '',
    headers: {
      authorization: `AWS4-HMAC-SHA256 ${credential}, SignedHeaders=cookie;x-amz-date, Signature=f5d18cec0d734b13319ff31dc3768030922385988b5a8d892020cabcb11ca4ff`,
      'x-amz-date': '20240725T080000Z',
    },
    body: Buffer.from('{}'),
  };
}

/**
 * An independent AWS SigV4 signer (smithy), used the way working SCP clients use theirs (S1, S2, S8):
 * the query stays out of the signature and is only put on the wire.
 */
async function smithySign(
  random: SeededRandom,
  signingDate: Date,
  credentials = { accessKeyId: AK, secretAccessKey: SK },
): Promise<{ wire: WireRequest; signedHeaders: string[] }> {
  const region = random.pick(['cn-south-1', 'regionOne', 'GOLBASI']);
  const service = random.pick(['open-api', 'sdk-api', 'sdk']);
  const signer = new SignatureV4({
    credentials,
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });
  const method = random.pick(['GET', 'POST', 'PUT', 'DELETE']);
  const segments = [
    'janus',
    random.pick(['20180725', '20190725', '20210725']),
    random.pick(['servers', 'azs', 'hosts']),
  ];
  if (random.next() < 0.5) segments.push(random.string(8, ALNUM));
  // A percent-encoded segment goes on the wire as-is; Keystone hashes the raw path.
  if (random.next() < 0.3) segments.push('%E4%B8%AD%20x');
  const path = `/${segments.join('/')}`;
  const body =
    method === 'GET' ? '' : JSON.stringify({ name: random.string(6, ALNUM), force: random.int(2) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (random.next() < 0.7) headers['cookie'] = `aCMPAuthToken=${random.string(32, '0123456789abcdef')}`;
  const signed = await signer.sign(
    { method, protocol: 'http:', hostname: '127.0.0.1', path, query: {}, headers, body },
    { signingDate },
  );
  const wireHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) wireHeaders[name.toLowerCase()] = String(value);
  const query = `page_num=${random.int(5)}&page_size=${random.pick([1, 100, 1000])}`;
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(wireHeaders['authorization']!)![1]!.split(';');
  return {
    wire: { method, rawPath: path, rawQuery: query, headers: wireHeaders, body: Buffer.from(body) },
    signedHeaders,
  };
}

describe('verifySangforEc2', () => {
  it('accepts the §5.3 test vectors', () => {
    expect(verifySangforEc2(vectorRequest(1), lookup, VECTOR_TIME)).toEqual({
      ok: true,
      accessKey: AK,
      region: 'cn-south-1',
      service: 'open-api',
    });
    // Vector 2 declares cookie in SignedHeaders but sends none: the missing header is skipped.
    expect(verifySangforEc2(vectorRequest(2), lookup, VECTOR_TIME).ok).toBe(true);
  });

  it('ignores the query string entirely (Keystone signs params={})', () => {
    const req = vectorRequest(1);
    for (const rawQuery of ['', 'page_num=7', 'az_id=xyz&page_size=1']) {
      expect(verifySangforEc2({ ...req, rawQuery }, lookup, VECTOR_TIME).ok).toBe(true);
    }
  });

  it('rejects every tampered variant of the vectors with 401 EC2SignatureMismatch', () => {
    for (const n of [1, 2] as const) {
      const original = vectorRequest(n);
      for (const variant of tamperings(original, ['cookie', 'x-amz-date', 'content-type'])) {
        const tampered = cloneWire(original);
        variant.apply(tampered);
        if (variant.name === 'query value' || variant.name === 'header content-type') continue;
        const result = verifySangforEc2(tampered, lookup, VECTOR_TIME);
        expect(result, `${n}: ${variant.name}`).toMatchObject({ ok: false, status: 401 });
        // A date with a character appended still starts with the scope date, so it reaches the HMAC check.
        expect(result.ok ? '' : result.code, `${n}: ${variant.name}`).toBe(
          SANGFOR_EC2_ERRORS.signatureMismatch,
        );
      }
    }
  });

  it('accepts an unsigned header changing but not a signed one', () => {
    const req = vectorRequest(1);
    expect(
      verifySangforEc2(
        { ...req, headers: { ...req.headers, 'content-type': 'text/plain' } },
        lookup,
        VECTOR_TIME,
      ).ok,
    ).toBe(true);
    const cookieChanged = { ...req, headers: { ...req.headers, cookie: 'aCMPAuthToken=ffff' } };
    expect(verifySangforEc2(cookieChanged, lookup, VECTOR_TIME)).toMatchObject({
      ok: false,
      status: 401,
      code: SANGFOR_EC2_ERRORS.signatureMismatch,
    });
  });

  it('rejects a wrong secret and an unknown access key', () => {
    const wrongSecret = lookupFrom({ [AK]: { secretKey: `${SK}x` } });
    expect(verifySangforEc2(vectorRequest(1), wrongSecret, VECTOR_TIME)).toMatchObject({
      ok: false,
      status: 401,
      code: SANGFOR_EC2_ERRORS.signatureMismatch,
      message: 'Invalid EC2 signature.',
    });
    expect(verifySangforEc2(vectorRequest(1), lookupFrom({}), VECTOR_TIME)).toMatchObject({
      ok: false,
      status: 401,
      code: SANGFOR_EC2_ERRORS.unknownAccessKey,
      message: 'EC2 access key not found.',
    });
  });

  it('rejects only stale timestamps: past 15 minutes fails, any future skew passes (§5.1 step 9)', () => {
    const req = vectorRequest(1);
    expect(verifySangforEc2(req, lookup, VECTOR_TIME + 15 * MINUTE).ok).toBe(true);
    expect(verifySangforEc2(req, lookup, VECTOR_TIME + 15 * MINUTE + 1000)).toMatchObject({
      ok: false,
      status: 401,
      code: SANGFOR_EC2_ERRORS.expired,
    });
    // The official sample stamps UTC+8 local time with a Z: eight hours "in the future" must pass.
    expect(verifySangforEc2(req, lookup, VECTOR_TIME - 8 * 60 * MINUTE).ok).toBe(true);
    expect(verifySangforEc2(req, lookup, VECTOR_TIME + 2 * MINUTE, { authTtlMs: MINUTE }).ok).toBe(false);
  });

  it('rejects a missing or garbled Authorization and a date outside the credential scope', () => {
    const req = vectorRequest(1);
    const without = { ...req, headers: { ...req.headers } };
    delete without.headers['authorization'];
    expect(verifySangforEc2(without, lookup, VECTOR_TIME)).toMatchObject({
      ok: false,
      status: 401,
      code: SANGFOR_EC2_ERRORS.missingAuthorization,
    });
    const garbled = [
      'Token abc',
      'AWS4-HMAC-SHA256',
      'AWS4-HMAC-SHA256 Credential=, SignedHeaders=x-amz-date, Signature=00',
      `AWS4-HMAC-SHA256 Credential=${AK}/20240725, SignedHeaders=x-amz-date, Signature=00`,
      `AWS4-HMAC-SHA256 Credential=${AK}/20240725/r/s/aws4_request, SignedHeaders=x-amz-date`,
    ];
    for (const authorization of garbled) {
      const result = verifySangforEc2(
        { ...req, headers: { ...req.headers, authorization } },
        lookup,
        VECTOR_TIME,
      );
      expect(result, authorization).toMatchObject({
        ok: false,
        status: 401,
        code: SANGFOR_EC2_ERRORS.malformedAuthorization,
      });
    }
    const otherDay = { ...req, headers: { ...req.headers, 'x-amz-date': '20240726T080000Z' } };
    expect(verifySangforEc2(otherDay, lookup, VECTOR_TIME)).toMatchObject({
      code: SANGFOR_EC2_ERRORS.dateMismatch,
    });
    const noDate = { ...req, headers: { ...req.headers } };
    delete noDate.headers['x-amz-date'];
    expect(verifySangforEc2(noDate, lookup, VECTOR_TIME)).toMatchObject({
      code: SANGFOR_EC2_ERRORS.dateMismatch,
    });
  });

  it('honours optional region/service pins', () => {
    const req = vectorRequest(1);
    expect(verifySangforEc2(req, lookup, VECTOR_TIME, { region: 'cn-south-1', service: 'open-api' }).ok).toBe(
      true,
    );
    expect(verifySangforEc2(req, lookup, VECTOR_TIME, { region: 'regionOne' })).toMatchObject({
      ok: false,
      status: 401,
      code: SANGFOR_EC2_ERRORS.scopeRejected,
    });
  });

  it('never puts the secret or the expected signature in a message', () => {
    const wrongSecret = lookupFrom({ [AK]: { secretKey: 'another-secret-value' } });
    const result = verifySangforEc2(vectorRequest(1), wrongSecret, VECTOR_TIME);
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).not.toContain('another-secret-value');
    expect(text).not.toContain(SK);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('accepts 60 seeded requests signed by an independent SigV4 signer and rejects their tampered variants', async () => {
    const random = new SeededRandom(20240725);
    for (let i = 0; i < 60; i++) {
      const signingDate = new Date(VECTOR_TIME + random.int(1000) * MINUTE);
      const { wire, signedHeaders } = await smithySign(random, signingDate);
      const now = signingDate.getTime() + random.int(15) * MINUTE;
      expect(verifySangforEc2(wire, lookup, now), `request ${i}`).toMatchObject({ ok: true, accessKey: AK });
      for (const variant of tamperings(wire, signedHeaders)) {
        if (variant.name === 'query value') continue; // not signed by the scheme, covered above
        const tampered = cloneWire(wire);
        variant.apply(tampered);
        const result = verifySangforEc2(tampered, lookup, now);
        expect(
          result.ok ? 'accepted' : `${result.status} ${result.code}`,
          `request ${i}: ${variant.name}`,
        ).toBe(`401 ${SANGFOR_EC2_ERRORS.signatureMismatch}`);
      }
      expect(verifySangforEc2(wire, lookup, signingDate.getTime() + 16 * MINUTE)).toMatchObject({
        status: 401,
        code: SANGFOR_EC2_ERRORS.expired,
      });
      // Future stamps pass (§5.1 step 9), a wrong secret and an unknown key do not.
      expect(verifySangforEc2(wire, lookup, signingDate.getTime() - 60 * MINUTE).ok).toBe(true);
      expect(verifySangforEc2(wire, lookupFrom({ [AK]: { secretKey: `${SK}x` } }), now)).toMatchObject({
        status: 401,
        code: SANGFOR_EC2_ERRORS.signatureMismatch,
      });
      expect(verifySangforEc2(wire, lookupFrom({}), now)).toMatchObject({
        status: 401,
        code: SANGFOR_EC2_ERRORS.unknownAccessKey,
      });
    }
  });

  describe('over real HTTP', () => {
    let server: CaptureServer;
    let clock = VECTOR_TIME;
    beforeAll(async () => {
      server = await startServer((wire) => {
        const result = verifySangforEc2(wire, lookup, clock);
        return result.ok
          ? {
              status: 200,
              body: { code: 0, message: '', data: { accessKey: result.accessKey, path: wire.rawPath } },
            }
          : {
              status: result.status,
              body: { code: 1, message: result.message, data: null, errorName: result.code },
            };
      });
    });
    afterAll(() => server.close());

    it('verifies a request whose query is on the wire but not signed, with exact header case', async () => {
      const req = vectorRequest(1);
      const response = await sendRaw(server.port, {
        method: 'GET',
        target: `${req.rawPath}?page_num=0&page_size=100&az_id=${'0'.repeat(8)}`,
        headers: [
          ['X-Amz-Date', req.headers['x-amz-date']!],
          ['Authorization', req.headers['authorization']!],
          ['Cookie', req.headers['cookie']!],
          ['Content-Type', 'application/json'],
        ],
      });
      expect(response).toEqual({
        status: 200,
        body: { code: 0, message: '', data: { accessKey: AK, path: '/janus/20180725/servers' } },
      });
    });

    it('hashes the raw (still encoded) path and the exact body bytes received', async () => {
      const random = new SeededRandom(7);
      for (let i = 0; i < 8; i++) {
        const { wire } = await smithySign(random, new Date(VECTOR_TIME));
        const headers = Object.entries(wire.headers).filter(([name]) => name !== 'host') as Array<
          [string, string]
        >;
        const target = `${wire.rawPath}?${wire.rawQuery}`;
        const ok = await sendRaw(server.port, { method: wire.method, target, headers, body: wire.body });
        expect(ok.status, `request ${i}`).toBe(200);
        const changedBody = Buffer.concat([wire.body, Buffer.from(' ')]);
        const bad = await sendRaw(server.port, { method: wire.method, target, headers, body: changedBody });
        expect(bad).toMatchObject({ status: 401, body: { errorName: SANGFOR_EC2_ERRORS.signatureMismatch } });
      }
    });

    it('answers a stale request with 401 once the clock moves on', async () => {
      const req = vectorRequest(2);
      clock = VECTOR_TIME + 20 * MINUTE;
      const response = await sendRaw(server.port, {
        method: 'POST',
        target: req.rawPath,
        headers: [
          ['X-Amz-Date', req.headers['x-amz-date']!],
          ['Authorization', req.headers['authorization']!],
        ],
        body: req.body,
      });
      clock = VECTOR_TIME;
      expect(response).toMatchObject({ status: 401, body: { errorName: SANGFOR_EC2_ERRORS.expired } });
    });
  });
});
