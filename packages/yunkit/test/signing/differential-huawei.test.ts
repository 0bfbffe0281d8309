/**
 * Ours against the official Huawei Cloud Node signer (`@huaweicloud/huaweicloud-sdk-core`
 * `AKSKSigner` and `DerivedAKSKSigner`): identical Authorization headers on 600 random requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import querystring from 'node:querystring';
import { parse as legacyParse } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHuawei, signHuaweiDerived } from 'yunkit/signing';
import {
  ALNUM,
  Coverage,
  PATH_SHAPES,
  Prng,
  QUERY_SHAPES,
  type QueryParams,
  randomHeaderValue,
  randomJsonObject,
  randomPath,
  randomQuery,
} from './random.js';

interface OfficialRequest {
  method: string;
  endpoint: string;
  headers: Record<string, string>;
  queryParams: QueryParams;
  data?: unknown;
}
interface OfficialCredential {
  getAk(): string;
  getSk(): string;
  getRegionId(): string;
  getDerivedAuthServiceName(): string;
}
type OfficialSigner = {
  sign(request: OfficialRequest, credential: OfficialCredential): Record<string, string>;
};

let AKSKSigner: OfficialSigner;
let DerivedAKSKSigner: OfficialSigner;

const realHome = process.env['HOME'];
let scratchHome = '';

beforeAll(() => {
  // The SDK writes ~/.huaweicloud/application_id when its HTTP layer loads (reference §4);
  // keep it out of the real home even though only the signers are loaded here.
  scratchHome = mkdtempSync(join(tmpdir(), 'yunkit-hw-home-'));
  process.env['HOME'] = scratchHome;
  const require = createRequire(import.meta.url);
  AKSKSigner = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner').AKSKSigner;
  DerivedAKSKSigner = require('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner').DerivedAKSKSigner;
});

afterAll(() => {
  if (realHome === undefined) delete process.env['HOME'];
  else process.env['HOME'] = realHome;
  rmSync(scratchHome, { recursive: true, force: true });
});

const NOW = new Date('2024-01-15T08:30:00Z');
const SDK_DATE = '20240115T083000Z';
const ENDPOINTS = [
  'https://ecs.cn-north-4.myhuaweicloud.com',
  'http://127.0.0.1:18080',
  'https://vpc.ap-southeast-1.myhuaweicloud.com',
  'https://iam.myhuaweicloud.com',
  'http://localhost:9',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const EXTRA_HEADERS = ['X-Client-Token', 'X-Language', 'X-Request-Tag', 'x-custom-flag', 'X-Trace-9'];

interface Case {
  method: string;
  endpoint: string;
  params: QueryParams;
  headers: Record<string, string>;
  data: unknown;
  ak: string;
  sk: string;
  securityToken: string | undefined;
  projectId: string | undefined;
  domainId: string | undefined;
  region: string;
  service: string;
}

function randomCase(rng: Prng): Case {
  const method = rng.pick(METHODS);
  const base = rng.pick(ENDPOINTS);
  const params = randomQuery(rng, { emptyKeys: true });
  const search = querystring.stringify(params);
  const endpoint = `${base}${randomPath(rng, rng.pick(['/v1', '/v2.1', '/v3']))}${search ? `?${search}` : ''}`;
  const headers: Record<string, string> = {
    'content-type': rng.pick([
      'application/json',
      'application/json;charset=UTF-8',
      'application/octet-stream',
    ]),
  };
  for (const name of EXTRA_HEADERS) if (rng.chance(0.25)) headers[name] = randomHeaderValue(rng, false);
  const global = rng.chance(0.3);
  return {
    method,
    endpoint,
    params,
    headers,
    data:
      method === 'GET'
        ? rng.chance(0.1)
          ? {}
          : undefined
        : rng.chance(0.8)
          ? randomJsonObject(rng)
          : undefined,
    ak: rng.text(ALNUM, 16, 24).toUpperCase(),
    sk: rng.text(ALNUM, 30, 40),
    securityToken: rng.chance(0.3) ? rng.text([...ALNUM, '+', '/', '='], 40, 120) : undefined,
    projectId: global ? undefined : rng.text([...'0123456789abcdef'], 32, 32),
    domainId: global ? rng.text([...'0123456789abcdef'], 32, 32) : undefined,
    region: rng.pick(['cn-north-4', 'ap-southeast-1', 'eu-west-101']),
    service: rng.pick(['ecs', 'vpc', 'iam', 'evs']),
  };
}

/** The request as the SDK hands it to its signer once `addAuthHeaders` has run (reference §1.1). */
function officialRequest(c: Case, headers = c.headers): OfficialRequest {
  const all: Record<string, string> = { ...headers, 'X-Sdk-Date': SDK_DATE };
  if (c.securityToken) all['X-Security-Token'] = c.securityToken;
  if (c.projectId) all['X-Project-Id'] = c.projectId;
  if (c.domainId) all['X-Domain-Id'] = c.domainId;
  return {
    method: c.method,
    endpoint: c.endpoint,
    headers: all,
    // The SDK's canonical query sorts array values in place; hand it a copy.
    queryParams: structuredClone(c.params),
    ...(c.data !== undefined ? { data: c.data } : {}),
  };
}

function credentialOf(c: Case): OfficialCredential {
  return {
    getAk: () => c.ak,
    getSk: () => c.sk,
    getRegionId: () => c.region,
    getDerivedAuthServiceName: () => c.service,
  };
}

function oursInput(c: Case, headers = c.headers) {
  return {
    method: c.method,
    url: new URL(c.endpoint),
    headers,
    ...(c.data !== undefined ? { body: JSON.stringify(c.data) } : {}),
    credentials: {
      accessKeyId: c.ak,
      secretAccessKey: c.sk,
      ...(c.securityToken ? { securityToken: c.securityToken } : {}),
    },
    ...(c.projectId ? { projectId: c.projectId } : {}),
    ...(c.domainId ? { domainId: c.domainId } : {}),
    now: NOW,
  };
}

const CASES = 600;

describe('Huawei signers against @huaweicloud/huaweicloud-sdk-core', () => {
  it(`SDK-HMAC-SHA256 and V11-HMAC-SHA256: identical on ${CASES} random requests`, () => {
    const rng = new Prng(0x5eed_4a3e);
    const coverage = new Coverage();
    for (let i = 0; i < CASES; i++) {
      const c = randomCase(rng);
      // Both URL parsers must see the same path, or the comparison would test the parsers.
      expect(new URL(c.endpoint).pathname, c.endpoint).toBe(legacyParse(c.endpoint).pathname);
      const official = AKSKSigner.sign(officialRequest(c), credentialOf(c));
      const ours = signHuawei(oursInput(c));
      expect(ours['Authorization'], `case ${i}: ${c.method} ${c.endpoint}`).toBe(official['Authorization']);
      const officialDerived = DerivedAKSKSigner.sign(officialRequest(c), credentialOf(c));
      const oursDerived = signHuaweiDerived({ ...oursInput(c), region: c.region, service: c.service });
      expect(oursDerived['Authorization'], `case ${i} (V11)`).toBe(officialDerived['Authorization']);
      coverage.add(new URL(c.endpoint), {
        'JSON body': c.data !== undefined,
        'JSON body with non-ASCII': c.data !== undefined && /[^\x20-\x7e]/.test(JSON.stringify(c.data)),
        'security token': c.securityToken !== undefined,
        'project id': c.projectId !== undefined,
        'domain id': c.domainId !== undefined,
        'extra signed header': Object.keys(c.headers).length > 1,
        'GET with a {} body (the SDK IAM calls)': c.method === 'GET' && c.data !== undefined,
      });
    }
    // The generator really exercised every shape the comparison is meant to cover.
    coverage.expectEach(
      [
        ...PATH_SHAPES,
        ...QUERY_SHAPES,
        'JSON body',
        'JSON body with non-ASCII',
        'security token',
        'project id',
        'domain id',
        'extra signed header',
      ],
      0.05,
    );
    coverage.expectEach(['GET with a {} body (the SDK IAM calls)'], 0.005);
  });

  it('where the reference documents a difference, we follow the wire (and say so)', () => {
    const rng = new Prng(7);
    const c = {
      ...randomCase(rng),
      endpoint: "http://127.0.0.1:18080/v1/it's/x",
      params: {},
      data: undefined,
    };
    // 1. Node's legacy url.parse escapes `'` to %27 before signing (reference §1.1 step 5), but a
    //    WHATWG URL sends `'` raw, so for a raw quote the two sign different paths. We sign the
    //    path that is actually sent; given the same wire path (`%27`) both agree.
    const officialQuote = AKSKSigner.sign(officialRequest(c), credentialOf(c))['Authorization'];
    expect(signHuawei(oursInput(c))['Authorization']).not.toBe(officialQuote);
    expect(new URL(c.endpoint).pathname).toBe("/v1/it's/x");
    const escaped = { ...c, endpoint: 'http://127.0.0.1:18080/v1/it%27s/x' };
    expect(signHuawei(oursInput(escaped))['Authorization']).toBe(
      AKSKSigner.sign(officialRequest(escaped), credentialOf(escaped))['Authorization'],
    );
    // 2. The same for a raw non-ASCII character: url.parse keeps `ü` and the SDK encodes it once
    //    (`%C3%BC`), but the request goes out WHATWG-encoded as `%C3%BC`, which the gateway encodes
    //    again. We sign that wire path; the SDK agrees once it is handed the wire form.
    const raw = { ...escaped, endpoint: 'http://127.0.0.1:18080/v1/grüße/x' };
    const wireForm = { ...escaped, endpoint: `http://127.0.0.1:18080${new URL(raw.endpoint).pathname}` };
    expect(new URL(raw.endpoint).pathname).toBe('/v1/gr%C3%BC%C3%9Fe/x');
    expect(signHuawei(oursInput(raw))['Authorization']).not.toBe(
      AKSKSigner.sign(officialRequest(raw), credentialOf(raw))['Authorization'],
    );
    expect(signHuawei(oursInput(raw))['Authorization']).toBe(
      AKSKSigner.sign(officialRequest(wireForm), credentialOf(wireForm))['Authorization'],
    );
    // 3. The Node SDK signs header values untrimmed (reference §1.2 step 5); HTTP strips the
    //    blanks in transit, so the server sees and verifies the trimmed value, as the Go SDK signs.
    const padded = { ...escaped.headers, 'X-Client-Token': '  token  ' };
    const trimmed = { ...escaped.headers, 'X-Client-Token': 'token' };
    expect(signHuawei(oursInput(escaped, padded))['Authorization']).toBe(
      AKSKSigner.sign(officialRequest(escaped, trimmed), credentialOf(escaped))['Authorization'],
    );
    expect(signHuawei(oursInput(escaped, padded))['Authorization']).not.toBe(
      AKSKSigner.sign(officialRequest(escaped, padded), credentialOf(escaped))['Authorization'],
    );
  });
});
