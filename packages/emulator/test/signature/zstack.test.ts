import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireRequest } from '../../src/signature-types.js';
import { verifyZstackAccessKey, ZSTACK_ACCESS_KEY_ERRORS } from '../../src/zstack/signature.js';
import { type CaptureServer, cloneWire, lookupFrom, SeededRandom, sendRaw, startServer } from './helpers.js';

// reference/zstack.md §2.2 test vector (also seeds/002: the official get_accesskey.py example)
const AK = 'vvSZpmj4cnB53qUDmm6E';
const SK = '8heumeFTvIeZxkTGfEYvVi9qVVPd9ffQNDALSPPb';
const VECTOR_DATE = 'Fri, 06 Aug 2021 17:58:34 PRC';
const CHINA = 480;
/** 17:58:34 on a server whose wall clock runs at UTC+8. */
const VECTOR_TIME = Date.UTC(2021, 7, 6, 17, 58, 34) - CHINA * 60_000;
const MINUTE = 60_000;
const lookup = lookupFrom({ [AK]: { secretKey: SK } });
const options = { contextPath: 'zstack', serverUtcOffsetMinutes: CHINA };

function vector(): WireRequest {
  return {
    method: 'GET',
    rawPath: '/zstack/v1/vm-instances',
    rawQuery: '',
    headers: {
      date: VECTOR_DATE,
      authorization: `ZStack ${AK}:hPToRHeHdV49D4u20G8OlE0yJho=`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: Buffer.alloc(0),
  };
}

/** The official doc script's algorithm (seeds/002, get_accesskey.py): base64 HMAC-SHA1 of METHOD\nDATE\nURI. */
function docScriptSignature(secret: string, method: string, date: string, uri: string): string {
  return createHmac('sha1', secret).update(`${method}\n${date}\n${uri}`).digest('base64');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `EEE, dd MMM yyyy HH:mm:ss <zone>` of the wall clock at `offsetMinutes` east of UTC. */
function zstackDate(ms: number, offsetMinutes: number, zone: string): string {
  const d = new Date(ms + offsetMinutes * MINUTE);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone}`;
}

function randomRequest(random: SeededRandom, signedAt: number): WireRequest {
  const method = random.pick(['GET', 'POST', 'PUT', 'DELETE']);
  const uuid = random.string(32, '0123456789abcdef');
  const resource = random.pick(['vm-instances', 'images', 'l3-networks', 'volumes']);
  const uri = random.pick([`/v1/${resource}`, `/v1/${resource}/${uuid}`, `/v1/${resource}/${uuid}/actions`]);
  // Java SDK sends a zone id, Python `CST`, the docs `PRC` (§2.2 Date handling).
  const date = zstackDate(signedAt, CHINA, random.pick(['PRC', 'CST', 'Asia/Shanghai']));
  const body = method === 'PUT' || method === 'POST' ? JSON.stringify({ startVmInstance: {} }) : '';
  return {
    method,
    rawPath: `/zstack${uri}`,
    rawQuery: method === 'GET' ? `q=name=${random.string(5, 'abcdef')}&limit=${random.int(100)}` : '',
    headers: {
      date,
      authorization: `ZStack ${AK}:${docScriptSignature(SK, method, date, uri)}`,
      'content-type': 'application/json; charset=utf-8',
    },
    body: Buffer.from(body),
  };
}

describe('verifyZstackAccessKey', () => {
  it('accepts the §2.2 test vector and strips the context path (with or without slashes)', () => {
    expect(verifyZstackAccessKey(vector(), lookup, VECTOR_TIME, options)).toEqual({
      ok: true,
      accessKey: AK,
      signedUri: '/v1/vm-instances',
    });
    expect(
      verifyZstackAccessKey(vector(), lookup, VECTOR_TIME, { ...options, contextPath: '/zstack/' }).ok,
    ).toBe(true);
    // A request that arrives without the context path is tolerated (§12.1).
    expect(
      verifyZstackAccessKey({ ...vector(), rawPath: '/v1/vm-instances' }, lookup, VECTOR_TIME, options).ok,
    ).toBe(true);
  });

  it('treats a context path inside the signature as wrong (the §2.2 negative vector)', () => {
    const signedWithContext = {
      ...vector(),
      headers: { ...vector().headers, authorization: `ZStack ${AK}:4IpKm7pLtCo1/xrAUTuOcJqiyWc=` },
    };
    expect(verifyZstackAccessKey(signedWithContext, lookup, VECTOR_TIME, options)).toMatchObject({
      ok: false,
      status: 400,
      code: ZSTACK_ACCESS_KEY_ERRORS.wrongSignature,
    });
    // ... and right on a server that has no context path.
    expect(
      verifyZstackAccessKey(signedWithContext, lookup, VECTOR_TIME, { ...options, contextPath: '' }).ok,
    ).toBe(true);
  });

  it('signs the decoded path', () => {
    const date = zstackDate(VECTOR_TIME, CHINA, 'CST');
    const req: WireRequest = {
      method: 'DELETE',
      rawPath: '/zstack/v1/images/a%20b%E4%B8%AD',
      rawQuery: 'deleteMode=Permissive',
      headers: {
        date,
        authorization: `ZStack ${AK}:${docScriptSignature(SK, 'DELETE', date, '/v1/images/a b中')}`,
      },
      body: Buffer.alloc(0),
    };
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME, options)).toMatchObject({
      ok: true,
      signedUri: '/v1/images/a b中',
    });
  });

  it('rejects a changed method, path, Date, secret or key; the query and body are not signed', () => {
    const original = vector();
    const wrong = {
      ok: false,
      status: 400,
      code: ZSTACK_ACCESS_KEY_ERRORS.wrongSignature,
      message: 'wrong accessKey signature',
    };
    const tampered: Array<[string, (r: WireRequest) => void]> = [
      [
        'method',
        (r) => {
          r.method = 'DELETE';
        },
      ],
      [
        'path',
        (r) => {
          r.rawPath = '/zstack/v1/vm-instances/x';
        },
      ],
      [
        'date',
        (r) => {
          r.headers['date'] = 'Fri, 06 Aug 2021 17:58:35 PRC';
        },
      ],
      [
        'signature',
        (r) => {
          r.headers['authorization'] = `ZStack ${AK}:hPToRHeHdV49D4u20G8OlE0yJhO=`;
        },
      ],
    ];
    for (const [name, apply] of tampered) {
      const req = cloneWire(original);
      apply(req);
      expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME, options), name).toEqual(wrong);
    }
    const untouched = cloneWire(original);
    untouched.rawQuery = 'q=name=vm1';
    untouched.body = Buffer.from('{"x":1}');
    expect(verifyZstackAccessKey(untouched, lookup, VECTOR_TIME, options).ok).toBe(true);

    expect(
      verifyZstackAccessKey(original, lookupFrom({ [AK]: { secretKey: 'x' } }), VECTOR_TIME, options),
    ).toEqual(wrong);
    const unknown = verifyZstackAccessKey(original, lookupFrom({}), VECTOR_TIME, options);
    expect(unknown).toMatchObject({
      ok: false,
      status: 400,
      code: ZSTACK_ACCESS_KEY_ERRORS.unknownAccessKey,
    });
    // The GO SDK recognises this failure by the text "access key id".
    expect(unknown.ok ? '' : unknown.message).toContain('access key id');
    expect(
      verifyZstackAccessKey(original, lookupFrom({}), VECTOR_TIME, { ...options, badSignatureStatus: 401 }),
    ).toMatchObject({
      status: 401,
    });
  });

  it('answers 403 requestTimeTooSkewed beyond ±15 minutes of server wall-clock time', () => {
    const req = vector();
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME + 15 * MINUTE, options).ok).toBe(true);
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME - 15 * MINUTE, options).ok).toBe(true);
    const skewed = { ok: false, status: 403, code: 'requestTimeTooSkewed', message: 'requestTimeTooSkewed' };
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME + 16 * MINUTE, options)).toEqual(skewed);
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME - 16 * MINUTE, options)).toEqual(skewed);
  });

  it('ignores the zone token by default and honours it with checkTimeZone', () => {
    const utcWallClock = zstackDate(VECTOR_TIME, 0, 'GMT');
    const req: WireRequest = {
      ...vector(),
      headers: {
        date: utcWallClock,
        authorization: `ZStack ${AK}:${docScriptSignature(SK, 'GET', utcWallClock, '/v1/vm-instances')}`,
      },
    };
    // A server at UTC+8 compares wall clocks: a GMT wall clock is 8 hours off.
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME, options)).toMatchObject({ status: 403 });
    expect(
      verifyZstackAccessKey(req, lookup, VECTOR_TIME, { ...options, serverUtcOffsetMinutes: 0 }).ok,
    ).toBe(true);
    expect(verifyZstackAccessKey(req, lookup, VECTOR_TIME, { ...options, checkTimeZone: true }).ok).toBe(
      true,
    );
    for (const zone of ['PRC', 'CST', 'Asia/Shanghai', 'GMT+08:00', '+0800']) {
      const date = zstackDate(VECTOR_TIME, CHINA, zone);
      const zoned = {
        ...req,
        headers: {
          date,
          authorization: `ZStack ${AK}:${docScriptSignature(SK, 'GET', date, '/v1/vm-instances')}`,
        },
      };
      expect(
        verifyZstackAccessKey(zoned, lookup, VECTOR_TIME, { ...options, checkTimeZone: true }).ok,
        zone,
      ).toBe(true);
    }
    const unknownZone = zstackDate(VECTOR_TIME, CHINA, 'Mars/Olympus');
    const odd = { ...req, headers: { ...req.headers, date: unknownZone } };
    expect(
      verifyZstackAccessKey(odd, lookup, VECTOR_TIME, { ...options, checkTimeZone: true }),
    ).toMatchObject({
      status: 400,
      code: ZSTACK_ACCESS_KEY_ERRORS.invalidDate,
    });
  });

  it('rejects missing or garbled Authorization and Date with the REST layer texts', () => {
    const req = vector();
    const cases: Array<[Record<string, string | undefined>, number, string, string]> = [
      [
        { authorization: undefined },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.missingAuthorization,
        "missing header 'Authorization'",
      ],
      [
        { authorization: 'Basic abc' },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.unsupportedScheme,
        "Authorization type must be 'OAuth'",
      ],
      [
        { authorization: `ZStack ${AK}` },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.malformed,
        "accessKey format is 'ZStack AccessKeyId:Signature'",
      ],
      [
        { authorization: 'ZStack :abc=' },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.malformed,
        "accessKey format is 'ZStack AccessKeyId:Signature'",
      ],
      [
        { date: undefined },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.missingDate,
        "'Date' must be incuded in request header",
      ],
      [
        { date: '2021-08-06T17:58:34Z' },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.invalidDate,
        "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'",
      ],
      [
        { date: 'Fri, 31 Feb 2021 17:58:34 PRC' },
        400,
        ZSTACK_ACCESS_KEY_ERRORS.invalidDate,
        "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'",
      ],
    ];
    for (const [patch, status, code, message] of cases) {
      const headers: Record<string, string> = { ...req.headers };
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined) delete headers[name];
        else headers[name] = value;
      }
      expect(verifyZstackAccessKey({ ...req, headers }, lookup, VECTOR_TIME, options), code).toEqual({
        ok: false,
        status,
        code,
        message,
      });
    }
    // The day/month names are case-insensitive, as Java's parser is.
    const lower = { ...req, headers: { ...req.headers, date: VECTOR_DATE.toLowerCase() } };
    expect(verifyZstackAccessKey(lower, lookup, VECTOR_TIME, options)).toMatchObject({
      code: ZSTACK_ACCESS_KEY_ERRORS.wrongSignature,
    });
  });

  it('never puts the secret or the expected signature in a message', () => {
    const result = verifyZstackAccessKey(
      vector(),
      lookupFrom({ [AK]: { secretKey: 'another-secret' } }),
      VECTOR_TIME,
      options,
    );
    const text = JSON.stringify(result);
    expect(text).not.toContain('another-secret');
    expect(text).not.toContain(docScriptSignature('another-secret', 'GET', VECTOR_DATE, '/v1/vm-instances'));
  });

  it('accepts 80 seeded requests signed per the official doc script and rejects their tampered variants', () => {
    const random = new SeededRandom(8080);
    for (let i = 0; i < 80; i++) {
      const signedAt = VECTOR_TIME + random.int(100_000) * MINUTE;
      const req = randomRequest(random, signedAt);
      const now = signedAt + (random.int(29) - 14) * MINUTE;
      expect(verifyZstackAccessKey(req, lookup, now, options), `request ${i}`).toMatchObject({
        ok: true,
        accessKey: AK,
      });
      const methodChanged = { ...req, method: req.method === 'GET' ? 'PUT' : 'GET' };
      const pathChanged = { ...req, rawPath: `${req.rawPath}x` };
      const dateChanged = {
        ...req,
        headers: { ...req.headers, date: zstackDate(signedAt + 1000, CHINA, 'PRC') },
      };
      for (const [name, tampered] of [
        ['method', methodChanged],
        ['path', pathChanged],
        ['date', dateChanged],
      ] as const) {
        expect(verifyZstackAccessKey(tampered, lookup, now, options), `request ${i}: ${name}`).toMatchObject({
          ok: false,
          status: 400,
          code: ZSTACK_ACCESS_KEY_ERRORS.wrongSignature,
        });
      }
      expect(verifyZstackAccessKey(req, lookup, signedAt + 16 * MINUTE, options)).toMatchObject({
        status: 403,
      });
      expect(verifyZstackAccessKey(req, lookup, signedAt - 16 * MINUTE, options)).toMatchObject({
        status: 403,
      });
    }
  });

  describe('over real HTTP', () => {
    let server: CaptureServer;
    let clock = VECTOR_TIME;
    beforeAll(async () => {
      server = await startServer((wire) => {
        const result = verifyZstackAccessKey(wire, lookup, clock, options);
        return result.ok
          ? { status: 200, body: { inventories: [], uri: result.signedUri } }
          : { status: result.status, body: result.message };
      });
    });
    afterAll(() => server.close());

    it('verifies the vector sent with a query string and strips /zstack on the wire', async () => {
      const req = vector();
      const headers: Array<[string, string]> = [
        ['Authorization', req.headers['authorization']!],
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Date', VECTOR_DATE],
      ];
      const ok = await sendRaw(server.port, {
        method: 'GET',
        target: '/zstack/v1/vm-instances?q=name=vm1&limit=10',
        headers,
      });
      expect(ok).toEqual({ status: 200, body: { inventories: [], uri: '/v1/vm-instances' } });
      const bad = await sendRaw(server.port, { method: 'GET', target: '/zstack/v1/images', headers });
      expect(bad).toEqual({ status: 400, body: 'wrong accessKey signature' });
      clock = VECTOR_TIME + 30 * MINUTE;
      const late = await sendRaw(server.port, { method: 'GET', target: '/zstack/v1/vm-instances', headers });
      clock = VECTOR_TIME;
      expect(late).toEqual({ status: 403, body: 'requestTimeTooSkewed' });
    });

    it('verifies seeded PUT actions with bodies and encoded paths over the wire', async () => {
      const random = new SeededRandom(3);
      for (let i = 0; i < 10; i++) {
        const req = randomRequest(random, VECTOR_TIME);
        const headers = Object.entries(req.headers) as Array<[string, string]>;
        const target = req.rawQuery === '' ? req.rawPath : `${req.rawPath}?${req.rawQuery}`;
        const response = await sendRaw(server.port, { method: req.method, target, headers, body: req.body });
        expect(response.status, `request ${i}`).toBe(200);
      }
    });
  });
});
