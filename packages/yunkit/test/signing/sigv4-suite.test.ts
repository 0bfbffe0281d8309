/**
 * The AWS SigV4 test suite (../shared/conformance/aws-sig-v4-test-suite beside the repository, or
 * YUNKIT_SIGV4_SUITE): for every case the
 * canonical request (.creq), the string to sign (.sts) and the Authorization header (.authz and
 * the one in .sreq) must match byte for byte.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalRequestSigV4, type SigV4Input, signSigV4, signSigV4Detailed } from 'yunkit/signing';

// The suite is project data shipped beside the repository (shared/), not vendored into it.
const SUITE =
  process.env['YUNKIT_SIGV4_SUITE'] ??
  fileURLToPath(new URL('../../../../../shared/conformance/aws-sig-v4-test-suite', import.meta.url));
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const NOW = new Date('2015-08-30T12:36:00Z');

interface SuiteCase {
  name: string;
  dir: string;
}

function findCases(dir: string): SuiteCase[] {
  const cases: SuiteCase[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (existsSync(join(path, `${entry}.req`))) cases.push({ name: entry, dir: path });
    else cases.push(...findCases(path));
  }
  return cases;
}

interface ParsedRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A minimal HTTP/1.1 parser for the suite's .req files. As a server would: a repeated header
 * becomes one comma-joined field, and an obsolete folded continuation line is a further value of
 * the header above it (the suite's .creq files show both as `value1,value2`).
 */
function parseRequest(text: string): ParsedRequest {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const [requestLine, ...lines] = head.split('\n');
  const match = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine ?? '');
  if (!match) throw new Error(`bad request line: ${requestLine}`);
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers[last] = `${headers[last]},${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) {
      headers[existing] = `${headers[existing]},${value}`;
      last = existing;
    } else {
      headers[name] = value;
      last = name;
    }
  }
  return { method: match[1]!, target: match[2]!, headers, body };
}

function inputFor(testCase: SuiteCase): SigV4Input {
  const request = parseRequest(readFileSync(join(testCase.dir, `${testCase.name}.req`), 'utf8'));
  const host = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'host')?.[1];
  const token = Object.entries(request.headers).find(
    ([name]) => name.toLowerCase() === 'x-amz-security-token',
  )?.[1];
  const afterSigning = testCase.name === 'post-sts-header-after';
  return {
    method: request.method,
    url: new URL(`https://${host}${request.target}`),
    headers: request.headers,
    ...(request.body.length > 0 ? { body: request.body } : {}),
    credentials: afterSigning
      ? {
          ...CREDENTIALS,
          sessionToken: readFileSync(join(SUITE, 'post-sts-token', 'readme.txt'), 'utf8')
            .trim()
            .split('\n')
            .at(-1)!,
        }
      : token !== undefined
        ? { ...CREDENTIALS, sessionToken: token }
        : CREDENTIALS,
    signSessionToken: !afterSigning,
    region: 'us-east-1',
    service: 'service',
    now: NOW,
    // The suite writes request targets unencoded (`/example space/`, `/ሴ`): its paths are the
    // decoded form, signed once. `new URL` percent-encodes them, so sign the single form.
    uriEscapePath: false,
  };
}

const cases = findCases(SUITE);

describe('AWS SigV4 test suite', () => {
  it('finds every case of the suite', () => {
    expect(cases.length).toBe(31);
  });

  for (const testCase of cases) {
    it(testCase.name, () => {
      const read = (ext: string) => readFileSync(join(testCase.dir, `${testCase.name}.${ext}`), 'utf8');
      const input = inputFor(testCase);
      const result = signSigV4Detailed(input);
      expect(result.canonicalRequest).toBe(read('creq'));
      expect(canonicalRequestSigV4(input)).toBe(read('creq'));
      expect(result.stringToSign).toBe(read('sts'));
      expect(result.headers['Authorization']).toBe(read('authz'));
      const signedRequest = parseRequest(read('sreq'));
      expect(result.headers['Authorization']).toBe(signedRequest.headers['Authorization']?.trim());
      expect(result.headers['X-Amz-Date']).toBe(signedRequest.headers['X-Amz-Date']);
      const token = signedRequest.headers['X-Amz-Security-Token'];
      expect(result.headers['X-Amz-Security-Token']).toBe(token);
    });
  }
});

describe('SigV4 options beyond the suite', () => {
  const base: SigV4Input = {
    method: 'GET',
    url: new URL('https://example.amazonaws.com/example%20space/'),
    headers: {},
    credentials: CREDENTIALS,
    region: 'us-east-1',
    service: 'service',
    now: NOW,
  };

  it('double-encodes the path as sent by default (every service but S3)', () => {
    expect(canonicalRequestSigV4(base).split('\n')[1]).toBe('/example%2520space/');
    expect(canonicalRequestSigV4({ ...base, uriEscapePath: false }).split('\n')[1]).toBe('/example%20space/');
  });

  it('keeps empty segments when normalisation is off (S3 keys)', () => {
    const url = new URL('https://bucket.s3.amazonaws.com/my-object//example//photo.user');
    expect(
      canonicalRequestSigV4({ ...base, url, normalizePath: false, uriEscapePath: false }).split('\n')[1],
    ).toBe('/my-object//example//photo.user');
    expect(canonicalRequestSigV4({ ...base, url }).split('\n')[1]).toBe('/my-object/example/photo.user');
  });

  it('adds X-Amz-Content-Sha256 on request, honours UNSIGNED-PAYLOAD and skips hop-by-hop headers', () => {
    const result = signSigV4Detailed({
      ...base,
      method: 'PUT',
      body: 'hello',
      headers: {
        'User-Agent': 'x',
        Connection: 'keep-alive',
        'Proxy-Authorization': 'p',
        Authorization: 'stale',
      },
      contentSha256Header: true,
    });
    expect(result.headers['X-Amz-Content-Sha256']).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
    expect(result.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date');
    const unsigned = signSigV4Detailed({ ...base, body: 'hello', unsignedPayload: true });
    expect(unsigned.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('changes with the clock and is stable for the same input', () => {
    const first = signSigV4(base);
    expect(signSigV4(base)).toEqual(first);
    expect(signSigV4({ ...base, now: new Date(NOW.getTime() + 1000) })['Authorization']).not.toBe(
      first['Authorization'],
    );
  });
});
