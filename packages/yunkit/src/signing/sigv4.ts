import { aws4SigningKey } from './aws4-key.js';
import {
  basicIsoDate,
  compareCodeUnits,
  decodeQuery,
  hmacSha256Hex,
  joinQueryPairs,
  lowerHeaders,
  payloadHashOf,
  percentDecode,
  plainCanonicalQuery,
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

export interface SigV4Input extends SignableRequest {
  credentials: AccessKeyCredentials;
  region: string;
  service: string;
  /**
   * true (default, every AWS service but S3): each segment of the path as sent is URI-encoded once
   * more, so `%20` is signed as `%2520`. false (S3, and the AWS test suite whose paths are written
   * unencoded): the path is signed in its single, strictly encoded form.
   */
  uriEscapePath?: boolean;
  /** Remove empty, `.` and `..` segments before signing (default true; S3 wants false). */
  normalizePath?: boolean;
  /** Sign `X-Amz-Security-Token` (default true); some services want it added after signing. */
  signSessionToken?: boolean;
  /** Also send and sign `X-Amz-Content-Sha256` (S3 requires it; default false). */
  contentSha256Header?: boolean;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body hash. */
  unsignedPayload?: boolean;
}

/**
 * Headers that intermediaries add, drop or rewrite; signing them would break the signature in
 * transit. The same list the AWS SDKs use.
 */
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

function isUnsignable(name: string): boolean {
  return UNSIGNABLE.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');
}

const NEEDS_VALUE_CLEANUP = /[\t\r\n]| {2}|^ | $/;

/** Folded lines become spaces, runs of blanks collapse to one, the ends are trimmed. */
function canonicalHeaderValue(value: string): string {
  if (!NEEDS_VALUE_CLEANUP.test(value)) return value;
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
}

function joinHeaderValues(first: string, second: string): string {
  return `${first},${second}`;
}

/** Unreserved characters and single slashes, no dot segment: nothing to normalise or encode. */
const PLAIN_PATH = /^(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9\-_.~]+)*\/?$/;

export function sigV4CanonicalPath(pathname: string, uriEscapePath = true, normalizePath = true): string {
  if (PLAIN_PATH.test(pathname)) return pathname === '' ? '/' : pathname;
  let segments = pathname.split('/');
  if (normalizePath) {
    const kept: string[] = [];
    for (const segment of segments) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') kept.pop();
      else kept.push(segment);
    }
    const leading = pathname.startsWith('/');
    const trailing = kept.length > 0 && pathname.endsWith('/');
    segments = kept;
    if (leading) segments.unshift('');
    if (trailing) segments.push('');
    if (segments.length === 1 && leading) return '/';
  }
  let out = '';
  for (let i = 0; i < segments.length; i++) {
    if (i > 0) out += '/';
    const segment = segments[i]!;
    out += uriEscapePath ? strictEncode(segment, 'url') : strictEncode(percentDecode(segment, 'url'), 'url');
  }
  return out === '' ? '/' : out;
}

export function sigV4CanonicalQuery(search: string): string {
  const plain = plainCanonicalQuery(search, false);
  if (plain !== undefined) return plain;
  const pairs = decodeQuery(search);
  if (pairs.length === 0) return '';
  const encoded = pairs.map((pair) => ({
    encodedKey: strictEncode(pair.key, 'query'),
    encodedValue: strictEncode(pair.value, 'query'),
  }));
  // SigV4 sorts the encoded pairs (the other schemes sort before encoding).
  if (encoded.length > 1)
    encoded.sort((a, b) =>
      a.encodedKey === b.encodedKey
        ? compareCodeUnits(a.encodedValue, b.encodedValue)
        : compareCodeUnits(a.encodedKey, b.encodedKey),
    );
  return joinQueryPairs(encoded);
}

/** AWS Signature Version 4 (`AWS4-HMAC-SHA256`, header form), with every intermediate value. */
export function signSigV4Detailed(input: SigV4Input): SigningDetails {
  const method = requireMethod(input.method);
  const url = requireUrl(input.url);
  const body = requireBody(input.body);
  const { accessKeyId, secretAccessKey } = requireAccessKey(input.credentials);
  const sessionToken = input.credentials.sessionToken;
  const region = requireText(input.region, 'region');
  const service = requireText(input.service, 'service');
  const amzDate = basicIsoDate(signingTime(input.now));
  const shortDate = amzDate.slice(0, 8);

  const headers = lowerHeaders(input.headers ?? {}, joinHeaderValues);
  const added: AddedHeaders = { 'X-Amz-Date': amzDate };
  headers.set('x-amz-date', amzDate);
  if (!headers.has('host')) headers.set('host', url.host);
  if (sessionToken !== undefined && sessionToken !== '') {
    added['X-Amz-Security-Token'] = sessionToken;
    if (input.signSessionToken === false) headers.delete('x-amz-security-token');
    else headers.set('x-amz-security-token', sessionToken);
  }
  let payloadHash = headers.get('x-amz-content-sha256');
  if (payloadHash === undefined) {
    payloadHash = input.unsignedPayload ? 'UNSIGNED-PAYLOAD' : payloadHashOf(body);
    if (input.contentSha256Header) {
      added['X-Amz-Content-Sha256'] = payloadHash;
      headers.set('x-amz-content-sha256', payloadHash);
    }
  }

  const names: string[] = [];
  for (const name of headers.keys()) if (!isUnsignable(name)) names.push(name);
  // Default sort compares UTF-16 code units.
  names.sort();
  let canonicalHeaders = '';
  for (const name of names) canonicalHeaders += `${name}:${canonicalHeaderValue(headers.get(name)!)}\n`;
  const signedHeaders = names.join(';');

  const canonicalRequest = `${method}\n${sigV4CanonicalPath(url.pathname, input.uriEscapePath !== false, input.normalizePath !== false)}\n${sigV4CanonicalQuery(url.search)}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(aws4SigningKey(secretAccessKey, shortDate, region, service), stringToSign);
  added['Authorization'] =
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: added, canonicalRequest, stringToSign, signedHeaders, signature };
}

/**
 * Returns `X-Amz-Date`, `Authorization`, and `X-Amz-Security-Token` / `X-Amz-Content-Sha256` when
 * they apply. `host` is signed from `url.host` unless the request carries a Host header.
 */
export function signSigV4(input: SigV4Input): AddedHeaders {
  return signSigV4Detailed(input).headers;
}

/** The SigV4 canonical request (task 1 of the AWS signing process) for this input. */
export function canonicalRequestSigV4(input: SigV4Input): string {
  return signSigV4Detailed(input).canonicalRequest;
}
