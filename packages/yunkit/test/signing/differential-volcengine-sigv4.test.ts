/**
 * Ours against the official signers: `Signer` of `@volcengine/openapi` and `SignatureV4` of
 * `@smithy/signature-v4` (the AWS SDK's), on 600 random requests each at a fixed clock.
 */
import { createRequire } from 'node:module';
import querystring from 'node:querystring';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { presignVolcengine, signSigV4, signVolcengine, signVolcengineDetailed } from 'yunkit/signing';
import {
  ALNUM,
  AWKWARD,
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

const require = createRequire(import.meta.url);
interface VolcengineSignerRequest {
  region: string;
  method: string;
  pathname: string;
  params: QueryParams;
  headers: Record<string, string>;
  body?: string;
}
type VolcengineSignerClass = new (
  request: VolcengineSignerRequest,
  service: string,
) => {
  addAuthorization(
    credentials: { accessKeyId: string; secretKey: string; sessionToken?: string },
    date: Date,
  ): void;
  canonicalString(): string;
  getSignUrl(
    credentials: { accessKeyId: string; secretKey: string; sessionToken?: string },
    date: Date,
  ): string;
};
// The signer module alone: the package root loads every Volcengine service (about 300 ms).
const VolcengineSigner: VolcengineSignerClass = require('@volcengine/openapi/lib/base/sign').default;

const NOW = new Date('2024-01-02T03:04:05Z');
const INTEGER_KEY = /^(0|[1-9][0-9]*)$/;
const CASES = 600;

interface RandomCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What the AWS SDKs put on the wire, written here rather than taken from the signer under test. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An AK/SK pair, with an STS token about a third of the time. */
function randomCredentials(rng: Prng): RandomCredentials {
  const credentials: RandomCredentials = {
    accessKeyId: `AKLT${rng.text(ALNUM, 16, 28)}`,
    secretAccessKey: rng.text([...ALNUM, '+', '/'], 30, 44),
  };
  if (rng.chance(0.3)) credentials.sessionToken = `STS2${rng.text([...ALNUM, '+', '/', '='], 30, 90)}`;
  return credentials;
}

/** The same credentials in the shape `@volcengine/openapi` takes. */
function volcengineSdkCredentials(credentials: RandomCredentials) {
  return {
    accessKeyId: credentials.accessKeyId,
    secretKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  };
}

function randomHeaders(rng: Prng, names: readonly string[], outerBlanks: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) if (rng.chance(0.3)) headers[name] = randomHeaderValue(rng, outerBlanks);
  return headers;
}

describe('Volcengine signer against @volcengine/openapi Signer', () => {
  it(`identical Authorization and added headers on ${CASES} random requests`, () => {
    const rng = new Prng(0x7010c);
    const extraNames = [
      'X-Custom-Id',
      'x-tt-logid',
      'X-Top-Request-Id',
      'Accept',
      'User-Agent',
      'X-Extra_Under',
    ];
    const coverage = new Coverage();
    for (let i = 0; i < CASES; i++) {
      const method = rng.pick(['GET', 'POST', 'GET', 'PUT', 'DELETE']);
      const params: QueryParams = {
        Action: rng.pick(['DescribeInstances', 'CreateVpc', 'RunInstances']),
        Version: '2020-04-01',
        ...randomQuery(rng, { emptyKeys: true }),
      };
      // Integer-like keys are the one documented divergence, tested on their own below.
      for (const key of Object.keys(params)) if (INTEGER_KEY.test(key)) delete params[key];
      const pathname = rng.chance(0.85) ? '/' : randomPath(rng, '');
      const search = querystring.stringify(params);
      const url = new URL(
        `https://${rng.pick(['open.volcengineapi.com', '127.0.0.1:18080'])}${pathname}?${search}`,
      );
      const headers = randomHeaders(rng, extraNames, true);
      const body =
        method === 'GET' ? undefined : rng.chance(0.8) ? JSON.stringify(randomJsonObject(rng)) : undefined;
      if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
      const credentials = randomCredentials(rng);
      const region = rng.pick(['cn-beijing', 'cn-shanghai', 'ap-southeast-1']);
      const service = rng.pick(['ecs', 'vpc', 'storage_ebs']);

      const officialRequest: VolcengineSignerRequest = {
        region,
        method,
        pathname: url.pathname,
        params: structuredClone(params),
        headers: { ...headers },
        ...(body !== undefined ? { body } : {}),
      };
      new VolcengineSigner(officialRequest, service).addAuthorization(
        volcengineSdkCredentials(credentials),
        NOW,
      );
      const ours = signVolcengine({
        method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        credentials,
        region,
        service,
        now: NOW,
      });
      const context = `case ${i}: ${method} ${url.href}`;
      expect(ours['Authorization'], context).toBe(officialRequest.headers['Authorization']);
      // Every header the official signer added, we add too, with the same name and value.
      for (const name of ['X-Date', 'X-Security-Token', 'X-Content-Sha256']) {
        expect(ours[name], `${context} ${name}`).toBe(officialRequest.headers[name]);
      }
      coverage.add(url, {
        'JSON body': body !== undefined,
        'session token': credentials.sessionToken !== undefined,
        'signed header with blanks to fold': Object.entries(headers).some(
          ([name, value]) => name !== 'User-Agent' && /^\s|\s$|\s\s/.test(value),
        ),
        'unsignable header present': 'User-Agent' in headers || 'Content-Type' in headers,
      });
    }
    coverage.expectEach(
      [
        ...QUERY_SHAPES,
        'JSON body',
        'session token',
        'signed header with blanks to fold',
        'unsignable header present',
      ],
      0.05,
    );
    // Most Volcengine calls go to `/`; the other paths still meet every awkward shape.
    coverage.expectEach(PATH_SHAPES, 0.005);
  });
});

describe('Volcengine presigned URLs against @volcengine/openapi Signer.getSignUrl', () => {
  it('identical query on 200 random requests, with and without STS', () => {
    const rng = new Prng(0x9e51);
    let withToken = 0;
    for (let i = 0; i < 200; i++) {
      const params: QueryParams = {
        Action: rng.pick(['DescribeInstances', 'DescribeVpcs']),
        Version: '2020-04-01',
        ...randomQuery(rng, { emptyKeys: false }),
      };
      for (const key of Object.keys(params))
        if (INTEGER_KEY.test(key) || key.startsWith('X-')) delete params[key];
      const credentials = randomCredentials(rng);
      if (credentials.sessionToken) withToken++;
      const region = rng.pick(['cn-beijing', 'cn-shanghai']);
      const service = rng.pick(['ecs', 'vpc']);
      const official = new VolcengineSigner(
        { region, method: 'GET', pathname: '/', params: structuredClone(params), headers: {} },
        service,
      ).getSignUrl(volcengineSdkCredentials(credentials), NOW);
      const ours = presignVolcengine({
        method: 'GET',
        url: new URL(`https://open.volcengineapi.com/?${querystring.stringify(params)}`),
        credentials,
        region,
        service,
        now: NOW,
      });
      const signatureOf = (query: string) => new URLSearchParams(query).get('X-Signature');
      expect(signatureOf(ours.search), `case ${i}`).toBe(signatureOf(official));
      expect(ours.search.slice(1), `case ${i}`).toBe(official);
    }
    expect(withToken).toBeGreaterThan(20);
  });
});

describe('Volcengine: where the official signer departs from the documented rule', () => {
  it('sorts integer-like query keys as text, as volcengine.md §1.2 step 4 says', () => {
    // The SDK rebuilds the sorted parameters as an object, and JS objects list integer-like keys
    // first whatever the insertion order, so it signs `7=x&4a=y`: keys out of the documented
    // code-unit order, which a gateway that sorts (and our emulator) would not reproduce.
    const params = { Action: 'A', Version: 'V', '4a': 'y', '7': 'x' };
    const url = new URL(`https://open.volcengineapi.com/?${querystring.stringify(params)}`);
    const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
    const official: VolcengineSignerRequest = {
      region: 'r',
      method: 'GET',
      pathname: '/',
      params,
      headers: {},
    };
    const signer = new VolcengineSigner(official, 's');
    signer.addAuthorization({ accessKeyId: 'AK', secretKey: 'SK' }, NOW);
    expect(signer.canonicalString().split('\n')[2]).toBe('7=x&4a=y&Action=A&Version=V');
    const ours = signVolcengineDetailed({
      method: 'GET',
      url,
      headers: {},
      credentials,
      region: 'r',
      service: 's',
      now: NOW,
    });
    expect(ours.canonicalRequest.split('\n')[2]).toBe('4a=y&7=x&Action=A&Version=V');
    expect(ours.headers['Authorization']).not.toBe(official.headers['Authorization']);
  });
});

describe('SigV4 signer against @smithy/signature-v4', () => {
  it(`identical Authorization on ${CASES} random requests`, async () => {
    const rng = new Prng(0xa4541);
    const extraNames = [
      'X-Amz-Target',
      'Content-Type',
      'x-amz-meta-Note',
      'User-Agent',
      'Cache-Control',
      'X-Custom',
    ];
    const coverage = new Coverage();
    for (let i = 0; i < CASES; i++) {
      const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'HEAD']);
      const params = randomQuery(rng, { emptyKeys: true });
      // The AWS SDKs put the query on the wire RFC 3986-encoded.
      const search = Object.entries(params)
        .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => [key, v] as const))
        .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
        .join('&');
      const host = rng.pick(['ec2.us-east-1.amazonaws.com', 'example.amazonaws.com', '127.0.0.1:4566']);
      const url = new URL(`https://${host}${randomPath(rng, '')}${search ? `?${search}` : ''}`);
      const headers = randomHeaders(rng, extraNames, true);
      const body =
        method === 'GET' || method === 'HEAD'
          ? undefined
          : rng.chance(0.5)
            ? JSON.stringify(randomJsonObject(rng))
            : rng.chance(0.5)
              ? new TextEncoder().encode(rng.text(AWKWARD, 0, 40))
              : undefined;
      const credentials = randomCredentials(rng);
      const region = rng.pick(['us-east-1', 'eu-west-1', 'cn-north-1']);
      const service = rng.pick(['ec2', 'sts', 'execute-api', 'service']);
      const applyChecksum = rng.chance(0.3);

      const smithy = new SignatureV4({
        credentials,
        region,
        service,
        sha256: Hash.bind(null, 'sha256'),
        applyChecksum,
      });
      const query: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(params)) query[key] = value;
      const signed = await smithy.sign(
        {
          method,
          protocol: 'https:',
          hostname: url.hostname,
          path: url.pathname,
          query,
          // smithy signs only the headers it is given: the AWS SDK's middleware adds host first.
          headers: { ...headers, host: url.host },
          ...(body !== undefined ? { body } : {}),
        },
        { signingDate: NOW },
      );
      const ours = signSigV4({
        method,
        url,
        headers,
        ...(body !== undefined ? { body } : {}),
        credentials,
        region,
        service,
        contentSha256Header: applyChecksum,
        now: NOW,
      });
      const context = `case ${i}: ${method} ${url.href}`;
      expect(ours['Authorization'], context).toBe(signed.headers['authorization']);
      expect(ours['X-Amz-Date'], context).toBe(signed.headers['x-amz-date']);
      expect(ours['X-Amz-Security-Token'], context).toBe(signed.headers['x-amz-security-token']);
      expect(ours['X-Amz-Content-Sha256'], context).toBe(signed.headers['x-amz-content-sha256']);
      coverage.add(url, {
        'JSON body': typeof body === 'string',
        'binary body': body instanceof Uint8Array,
        'session token': credentials.sessionToken !== undefined,
        'X-Amz-Content-Sha256 header': applyChecksum,
        'unsignable header present': 'User-Agent' in headers || 'Cache-Control' in headers,
        'signed header with blanks to fold': Object.entries(headers).some(
          ([name, value]) => name !== 'User-Agent' && name !== 'Cache-Control' && /^\s|\s$|\s\s/.test(value),
        ),
      });
    }
    coverage.expectEach(
      [
        ...PATH_SHAPES,
        ...QUERY_SHAPES,
        'JSON body',
        'binary body',
        'session token',
        'X-Amz-Content-Sha256 header',
        'unsignable header present',
        'signed header with blanks to fold',
      ],
      0.05,
    );
  });
});
