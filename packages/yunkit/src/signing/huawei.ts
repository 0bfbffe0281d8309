import { hkdfSync } from 'node:crypto';
import {
  BoundedCache,
  basicIsoDate,
  compareCodeUnits,
  decodeQuery,
  hmacSha256Hex,
  joinQueryPairs,
  lowerHeaders,
  payloadHashOf,
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
import type { AddedHeaders, SignableRequest, SigningDetails } from './types.js';

export interface HuaweiCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary AK/SK only: sent and signed as `X-Security-Token`. */
  securityToken?: string;
}

export interface HuaweiSignInput extends SignableRequest {
  credentials: HuaweiCredentials;
  /** Sent and signed as `X-Project-Id` (regional APIs); replaces such a header on the request. */
  projectId?: string;
  /** Sent and signed as `X-Domain-Id` (global APIs such as IAM); replaces such a header on the request. */
  domainId?: string;
  /** Signs `UNSIGNED-PAYLOAD` instead of the body hash (the SDK does this for non-JSON uploads). */
  unsignedPayload?: boolean;
}

export interface HuaweiDerivedSignInput extends HuaweiSignInput {
  /** Region id, e.g. `cn-north-4`. */
  region: string;
  /** Derived auth service name, e.g. `ecs`. */
  service: string;
}

interface HuaweiCanonical {
  canonicalRequest: string;
  signedHeaders: string;
  sdkDate: string;
  added: AddedHeaders;
}

/**
 * The canonical request shared by `SDK-HMAC-SHA256` and `V11-HMAC-SHA256` (huawei-cloud.md §1.2).
 * Every header on the request is signed, plus `host` and `X-Sdk-Date`.
 */
function huaweiCanonical(input: HuaweiSignInput): HuaweiCanonical {
  const method = requireMethod(input.method);
  const url = requireUrl(input.url);
  const body = requireBody(input.body);
  const sdkDate = basicIsoDate(signingTime(input.now));

  const headers = lowerHeaders(input.headers ?? {});
  // A previous attempt's Authorization may still be on the request; it is replaced, never signed.
  headers.delete('authorization');
  const added: AddedHeaders = { 'X-Sdk-Date': sdkDate };
  headers.set('x-sdk-date', sdkDate);
  if (!headers.has('host')) headers.set('host', url.host);
  setOption(headers, added, 'X-Security-Token', input.credentials.securityToken, 'securityToken');
  setOption(headers, added, 'X-Project-Id', input.projectId, 'projectId');
  setOption(headers, added, 'X-Domain-Id', input.domainId, 'domainId');
  if (input.unsignedPayload)
    setOption(headers, added, 'X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD', 'unsignedPayload');
  // The SDK leaves a multipart content-type out because the boundary is chosen after signing.
  if (headers.get('content-type')?.includes('multipart/form-data')) headers.delete('content-type');

  // Default sort compares UTF-16 code units, the order the SDK uses.
  const names = Array.from(headers.keys()).sort();
  let canonicalHeaders = '';
  for (const name of names) {
    // Values are trimmed: HTTP drops surrounding whitespace in transit, so the server only ever
    // sees the trimmed value (the Go SDK trims too; the Node SDK does not, and then fails).
    canonicalHeaders += `${name}:${headers.get(name)!.trim()}\n`;
  }
  const signedHeaders = names.join(';');
  const payloadHash = headers.get('x-sdk-content-sha256') ?? payloadHashOf(body);
  const canonicalRequest = `${method}\n${huaweiCanonicalUri(url.pathname)}\n${huaweiCanonicalQuery(url.search)}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  return { canonicalRequest, signedHeaders, sdkDate, added };
}

/**
 * An option wins over a header of the same name already on the request: that header may be left
 * from an earlier attempt, signed with credentials that have since been refreshed.
 */
function setOption(
  headers: Map<string, string>,
  added: AddedHeaders,
  name: string,
  value: string | undefined,
  field: string,
): void {
  if (value === undefined) return;
  headers.set(name.toLowerCase(), requireText(value, field));
  added[name] = value;
}

const PLAIN_PATH = /^[A-Za-z0-9\-_.~/]*$/;

/**
 * Each segment of the path as sent is encoded again (so `%20` becomes `%2520`) and a trailing `/`
 * is added: what the SDK and the APIG gateway both compute.
 */
export function huaweiCanonicalUri(pathname: string): string {
  // Unreserved characters and slashes encode to themselves.
  if (PLAIN_PATH.test(pathname)) return pathname.endsWith('/') ? pathname : `${pathname}/`;
  let uri = '';
  let start = 0;
  for (;;) {
    const slash = pathname.indexOf('/', start);
    const segment = slash < 0 ? pathname.slice(start) : pathname.slice(start, slash);
    uri += strictEncode(segment, 'url');
    if (slash < 0) break;
    uri += '/';
    start = slash + 1;
  }
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Decoded wire query, sorted by key and then value (UTF-16 order), strictly re-encoded. */
export function huaweiCanonicalQuery(search: string): string {
  const plain = plainCanonicalQuery(search, false);
  if (plain !== undefined) return plain;
  const pairs = decodeQuery(search);
  if (pairs.length === 0) return '';
  if (pairs.length > 1)
    pairs.sort((a, b) =>
      a.key === b.key ? compareCodeUnits(a.value, b.value) : compareCodeUnits(a.key, b.key),
    );
  return joinQueryPairs(
    pairs.map((pair) => ({
      encodedKey: strictEncode(pair.key, 'query'),
      encodedValue: strictEncode(pair.value, 'query'),
    })),
  );
}

/** `SDK-HMAC-SHA256`, the Huawei Cloud AK/SK scheme (huawei-cloud.md §1), with every intermediate value. */
export function signHuaweiDetailed(input: HuaweiSignInput): SigningDetails {
  const { accessKeyId: ak, secretAccessKey: sk } = requireAccessKey(input.credentials);
  const { canonicalRequest, signedHeaders, sdkDate, added } = huaweiCanonical(input);
  const stringToSign = `SDK-HMAC-SHA256\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(sk, stringToSign);
  added['Authorization'] =
    `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: added, canonicalRequest, stringToSign, signedHeaders, signature };
}

/**
 * Returns `X-Sdk-Date`, `Authorization` and, when the matching option is given, `X-Project-Id`,
 * `X-Domain-Id`, `X-Security-Token`, `X-Sdk-Content-Sha256`.
 */
export function signHuawei(input: HuaweiSignInput): AddedHeaders {
  return signHuaweiDetailed(input).headers;
}

const derivedKeys = new BoundedCache<string>(64);

/** HKDF-SHA256(IKM = SK, salt = AK, info = `date/region/service`, 32 bytes), as lower-case hex. */
export function huaweiDerivedKey(accessKeyId: string, secretAccessKey: string, info: string): string {
  return derivedKeys.derive(info, accessKeyId, secretAccessKey, '', () =>
    Buffer.from(hkdfSync('sha256', secretAccessKey, accessKeyId, info, 32)).toString('hex'),
  );
}

/** `V11-HMAC-SHA256`, the derived AK/SK scheme (huawei-cloud.md §1.5), with every intermediate value. */
export function signHuaweiDerivedDetailed(input: HuaweiDerivedSignInput): SigningDetails {
  const { accessKeyId: ak, secretAccessKey: sk } = requireAccessKey(input.credentials);
  const region = requireText(input.region, 'region');
  const service = requireText(input.service, 'service');
  const { canonicalRequest, signedHeaders, sdkDate, added } = huaweiCanonical(input);
  const info = `${sdkDate.slice(0, 8)}/${region}/${service}`;
  const stringToSign = `V11-HMAC-SHA256\n${sdkDate}\n${info}\n${sha256Hex(canonicalRequest)}`;
  // The SDK keys the HMAC with the hex text of the derived key, not its bytes.
  const signature = hmacSha256Hex(huaweiDerivedKey(ak, sk, info), stringToSign);
  added['Authorization'] =
    `V11-HMAC-SHA256 Credential=${ak}/${info}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: added, canonicalRequest, stringToSign, signedHeaders, signature };
}

/** Like `signHuawei`, with the derived-key `V11-HMAC-SHA256` algorithm. */
export function signHuaweiDerived(input: HuaweiDerivedSignInput): AddedHeaders {
  return signHuaweiDerivedDetailed(input).headers;
}
