import {
  BoundedCache,
  basicIsoDate,
  compareCodeUnits,
  decodeQuery,
  EMPTY_SHA256,
  type EncodedQueryPair,
  hmacSha256,
  hmacSha256Hex,
  joinQueryPairs,
  lowerHeaders,
  plainCanonicalQuery,
  type QueryPair,
  requireAccessKey,
  requireBody,
  requireMethod,
  requireText,
  requireUrl,
  sha256Hex,
  signingTime,
  strictEncode,
} from './internal.js';
import type { AccessKeyCredentials, AddedHeaders, SignableRequest, SigningDetails } from './types.js';

export interface VolcengineSignInput extends SignableRequest {
  credentials: AccessKeyCredentials;
  /** e.g. `cn-beijing`. */
  region: string;
  /** The signing service of the action, e.g. `ecs`, `vpc`, `storage_ebs`. */
  service: string;
  /**
   * Also sign `host` (from `url.host`), as `@volcengine/sdk-core` does. Default false, as
   * `@volcengine/openapi` does; the gateway accepts both.
   */
  signHost?: boolean;
  /** Use this payload hash instead of hashing the body (the SDK's `bodySha256`). */
  payloadHash?: string;
}

/** Never signed by the official signer: set or rewritten by the HTTP stack after signing. */
const UNSIGNABLE = new Set([
  'authorization',
  'content-type',
  'content-length',
  'user-agent',
  'presigned-expires',
  'expect',
]);

const signingKeys = new BoundedCache<Buffer>(64);

/** `HMAC(HMAC(HMAC(HMAC(SK, date), region), service), "request")`, cached per day/region/service. */
export function volcengineSigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Buffer {
  return signingKeys.derive(shortDate, region, service, secretAccessKey, () =>
    hmacSha256(hmacSha256(hmacSha256(hmacSha256(secretAccessKey, shortDate), region), service), 'request'),
  );
}

interface EncodedPair extends EncodedQueryPair {
  key: string;
}

/**
 * Sorted by the raw key (UTF-16 order), repeated keys by their escaped value; RFC 3986 encoding.
 * Pairs with an empty key are left out, as the official signer does.
 */
function encodePairs(pairs: QueryPair[]): EncodedPair[] {
  const encoded: EncodedPair[] = [];
  for (const pair of pairs) {
    if (pair.key === '') continue;
    encoded.push({
      key: pair.key,
      encodedKey: strictEncode(pair.key, 'query'),
      encodedValue: strictEncode(pair.value, 'query'),
    });
  }
  if (encoded.length > 1)
    encoded.sort((a, b) =>
      a.key === b.key ? compareCodeUnits(a.encodedValue, b.encodedValue) : compareCodeUnits(a.key, b.key),
    );
  return encoded;
}

export function volcengineCanonicalQuery(search: string): string {
  const plain = plainCanonicalQuery(search, true);
  if (plain !== undefined) return plain;
  return joinQueryPairs(encodePairs(decodeQuery(search)));
}

const WHITESPACE = /\s/;
const WHITESPACE_RUNS = /\s+/g;
const EDGE_WHITESPACE = /^\s+|\s+$/g;

/** Whitespace runs collapse to one space and the ends are trimmed, as the official signer does. */
function canonicalHeaderValue(value: string): string {
  if (!WHITESPACE.test(value)) return value;
  return value.replace(WHITESPACE_RUNS, ' ').replace(EDGE_WHITESPACE, '');
}

function checkInput(input: VolcenginePresignInput): {
  method: string;
  url: URL;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  xDate: string;
} {
  return {
    method: requireMethod(input.method),
    url: requireUrl(input.url),
    ...requireAccessKey(input.credentials),
    region: requireText(input.region, 'region'),
    service: requireText(input.service, 'service'),
    xDate: basicIsoDate(signingTime(input.now)),
  };
}

/** Volcengine `HMAC-SHA256` header signing (volcengine.md §1.2), with every intermediate value. */
export function signVolcengineDetailed(input: VolcengineSignInput): SigningDetails {
  const { method, url, accessKeyId, secretAccessKey, region, service, xDate } = checkInput(input);
  const body = requireBody(input.body);
  const shortDate = xDate.slice(0, 8);

  const headers = lowerHeaders(input.headers ?? {});
  const added: AddedHeaders = { 'X-Date': xDate };
  headers.set('x-date', xDate);
  const token = input.credentials.sessionToken;
  if (token !== undefined && token !== '') {
    added['X-Security-Token'] = token;
    headers.set('x-security-token', token);
  }
  if (body !== undefined && body.length > 0) {
    const bodyHash = input.payloadHash ?? sha256Hex(body);
    added['X-Content-Sha256'] = bodyHash;
    headers.set('x-content-sha256', bodyHash);
  }
  if (input.signHost && !headers.has('host')) headers.set('host', url.host);

  const names: string[] = [];
  for (const name of headers.keys()) if (!UNSIGNABLE.has(name)) names.push(name);
  // Default sort compares UTF-16 code units.
  names.sort();
  let canonicalHeaders = '';
  for (const name of names) {
    canonicalHeaders += `${name}:${canonicalHeaderValue(headers.get(name)!)}\n`;
  }
  const signedHeaders = names.join(';');
  const payloadHash = headers.get('x-content-sha256') ?? EMPTY_SHA256;
  const canonicalRequest = `${method}\n${url.pathname || '/'}\n${volcengineCanonicalQuery(url.search)}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const scope = `${shortDate}/${region}/${service}/request`;
  const stringToSign = `HMAC-SHA256\n${xDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(
    volcengineSigningKey(secretAccessKey, shortDate, region, service),
    stringToSign,
  );
  added['Authorization'] =
    `HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: added, canonicalRequest, stringToSign, signedHeaders, signature };
}

/** Returns `X-Date`, `Authorization`, and `X-Security-Token` / `X-Content-Sha256` when they apply. */
export function signVolcengine(input: VolcengineSignInput): AddedHeaders {
  return signVolcengineDetailed(input).headers;
}

export type VolcenginePresignInput = Omit<
  VolcengineSignInput,
  'headers' | 'body' | 'signHost' | 'payloadHash'
> & {
  headers?: Record<string, string>;
};

export interface VolcenginePresignDetails {
  url: URL;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * A presigned URL (volcengine.md §1.3, the SDK's `getSignUrl`): the credential travels in
 * `X-*` query parameters and no header is signed.
 */
export function presignVolcengineDetailed(input: VolcenginePresignInput): VolcenginePresignDetails {
  const { method, url, accessKeyId, secretAccessKey, region, service, xDate } = checkInput(input);
  const shortDate = xDate.slice(0, 8);
  const scope = `${shortDate}/${region}/${service}/request`;
  const pairs = decodeQuery(url.search).filter(
    (pair) => pair.key !== 'X-SignedQueries' && pair.key !== 'X-Signature' && pair.key !== 'X-Security-Token',
  );
  const token = input.credentials.sessionToken;
  const extra: Record<string, string> = {
    'X-Date': xDate,
    'X-NotSignBody': '',
    'X-Credential': `${accessKeyId}/${scope}`,
    'X-Algorithm': 'HMAC-SHA256',
    'X-SignedHeaders': '',
  };
  if (token !== undefined && token !== '') extra['X-Security-Token'] = token;
  const merged = pairs.filter((pair) => !Object.hasOwn(extra, pair.key));
  for (const key of Object.keys(extra)) merged.push({ key, value: extra[key]! });
  const encoded = encodePairs(merged);
  const canonicalQuery = joinQueryPairs(encoded);
  const canonicalRequest = `${method}\n${url.pathname || '/'}\n${canonicalQuery}\n\n\n\n${EMPTY_SHA256}`;
  const stringToSign = `HMAC-SHA256\n${xDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(
    volcengineSigningKey(secretAccessKey, shortDate, region, service),
    stringToSign,
  );
  const signedQueries = [...new Set(encoded.map((pair) => pair.key))].join(';');
  const signedUrl = new URL(url.href);
  signedUrl.search = `${canonicalQuery}&X-SignedQueries=${strictEncode(signedQueries)}&X-Signature=${signature}`;
  return { url: signedUrl, canonicalRequest, stringToSign, signature };
}

/** Returns a copy of `url` carrying the signature in its query. */
export function presignVolcengine(input: VolcenginePresignInput): URL {
  return presignVolcengineDetailed(input).url;
}
