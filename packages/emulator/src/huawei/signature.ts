/**
 * Huawei Cloud AK/SK verification as API Gateway applies it (reference/huawei-cloud.md §1.3 recipe,
 * canonical form §1.2, derived `V11-HMAC-SHA256` §1.5, error shape §2.8, Go-vs-Node canonical forms
 * "Open points" 4).
 *
 * Both algorithms share one canonical request: the raw path strictly re-encoded segment by segment
 * (so `%` becomes `%25`) plus a trailing `/`; the wire query decoded and strictly re-encoded, sorted by key
 * then value; exactly the headers the client listed in SignedHeaders (whatever they are, `user-agent`
 * included); the `x-sdk-content-sha256` header or the SHA-256 of the raw body.
 * `SDK-HMAC-SHA256` keys HMAC with the SK itself; `V11-HMAC-SHA256` keys it with the lowercase hex of
 * HKDF-SHA256(IKM = SK, salt = AK, info = `<YYYYMMDD>/<region>/<service>`).
 */
import { hkdfSync } from 'node:crypto';
import {
  breaksScopePins,
  compareCodeUnits,
  DEFAULT_SKEW_MS,
  encodeRfc3986,
  hmacSha256,
  parseBasicIsoDate,
  parseRawQuery,
  type QueryPair,
  type SecretLookup,
  safeEqual,
  sha256Hex,
  type VerifyResult,
  type WireRequest,
} from '../signature-types.js';

export type HuaweiSigningAlgorithm = 'SDK-HMAC-SHA256' | 'V11-HMAC-SHA256';

export interface HuaweiVerifyOptions {
  /** Allowed distance of X-Sdk-Date from `now`, both directions; default 15 minutes (§1.3 step 7). */
  skewMs?: number;
  /** Treat `+` in the query as a space (form decoding, the default) or as a literal plus. */
  plusIsSpace?: boolean;
  /**
   * Also accept the Go SDK's canonical form (query keys lower-cased), as "Open points" 4 asks;
   * default true. The Node form is always tried first.
   */
  acceptGoCanonicalForm?: boolean;
  /** For V11: the region the endpoint serves (unset = take the Credential's). */
  region?: string;
  /** For V11: the service the endpoint serves (unset = take the Credential's). */
  service?: string;
}

export interface HuaweiPrincipal {
  accessKey: string;
  algorithm: HuaweiSigningAlgorithm;
  /** `X-Project-Id` as sent (BasicCredentials). */
  projectId?: string;
  /** `X-Domain-Id` as sent (GlobalCredentials). */
  domainId?: string;
  /** `X-Security-Token` as sent (temporary keys). */
  securityToken?: string;
  /** V11 only: from the Credential scope. */
  region?: string;
  service?: string;
  signedHeaders: string[];
}

/** APIG answers every IAM authentication failure with 401 and this code (§2.8, ddns-go #844). */
export const HUAWEI_AUTH_ERROR_CODE = 'APIGW.0301';
const MESSAGE_PREFIX = 'Incorrect IAM authentication information: ';

function fail(detail: string): VerifyResult<HuaweiPrincipal> {
  return { ok: false, status: 401, code: HUAWEI_AUTH_ERROR_CODE, message: MESSAGE_PREFIX + detail };
}

const SDK_AUTH =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;
const V11_AUTH =
  /^V11-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;

interface ParsedAuthorization {
  algorithm: HuaweiSigningAlgorithm;
  accessKey: string;
  signedHeaders: string;
  signature: string;
  /** V11: `<YYYYMMDD>/<region>/<service>`. */
  info?: { date: string; region: string; service: string; text: string };
}

function parseAuthorization(value: string): ParsedAuthorization | string {
  const sdk = SDK_AUTH.exec(value);
  if (sdk) {
    return { algorithm: 'SDK-HMAC-SHA256', accessKey: sdk[1]!, signedHeaders: sdk[2]!, signature: sdk[3]! };
  }
  const v11 = V11_AUTH.exec(value);
  if (v11) {
    const parts = v11[1]!.split('/');
    if (parts.length !== 4 || parts.some((p) => p === '') || !/^\d{8}$/.test(parts[1]!)) {
      return 'credential must be <AK>/<YYYYMMDD>/<region>/<service>';
    }
    const [accessKey, date, region, service] = parts as [string, string, string, string];
    return {
      algorithm: 'V11-HMAC-SHA256',
      accessKey,
      signedHeaders: v11[2]!,
      signature: v11[3]!,
      info: { date, region, service, text: `${date}/${region}/${service}` },
    };
  }
  return 'authorization header is not a valid SDK-HMAC-SHA256 or V11-HMAC-SHA256 signature';
}

/** §1.2 step 6 / §1.3 step 2: strict encoding of each raw segment, then a trailing slash. */
function canonicalUri(rawPath: string): string {
  const joined = (rawPath === '' ? '/' : rawPath).split('/').map(encodeRfc3986).join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

function canonicalQuery(pairs: QueryPair[], lowerCaseKeys: boolean): string {
  const rows = pairs.map((p) => ({
    key: lowerCaseKeys ? p.key.toLowerCase() : p.key,
    encodedKey: lowerCaseKeys ? encodeRfc3986(p.key.toLowerCase()) : p.encodedKey,
    value: p.value,
    encodedValue: p.encodedValue,
  }));
  rows.sort((a, b) => compareCodeUnits(a.key, b.key) || compareCodeUnits(a.value, b.value));
  return rows.map((r) => `${r.encodedKey}=${r.encodedValue}`).join('&');
}

/**
 * Verifies a Huawei AK/SK request (`SDK-HMAC-SHA256` or `V11-HMAC-SHA256`). `now` is the server clock in ms.
 * On success reports the algorithm, the AK and the project/domain/token headers the client sent.
 */
export function verifyHuaweiSignature(
  req: WireRequest,
  lookup: SecretLookup,
  now: number,
  options: HuaweiVerifyOptions = {},
): VerifyResult<HuaweiPrincipal> {
  const authorization = req.headers['authorization']?.trim();
  if (!authorization) return fail('authorization header is missing');
  const parsed = parseAuthorization(authorization);
  if (typeof parsed === 'string') return fail(parsed);

  const record = lookup(parsed.accessKey);
  if (!record) return fail(`ak ${parsed.accessKey} not exist`);

  const sdkDate = req.headers['x-sdk-date']?.trim();
  if (!sdkDate) return fail('x-sdk-date header is missing');
  const signedAt = parseBasicIsoDate(sdkDate);
  if (signedAt === undefined) return fail('x-sdk-date must be in the form YYYYMMDDTHHMMSSZ');

  if (parsed.info) {
    if (parsed.info.date !== sdkDate.slice(0, 8)) return fail('credential date does not match x-sdk-date');
    if (breaksScopePins(parsed.info.region, parsed.info.service, options)) {
      return fail('credential region or service does not match the endpoint');
    }
  }

  const signedHeaderNames = parsed.signedHeaders.split(';');
  const headerLines: string[] = [];
  for (const name of signedHeaderNames) {
    // A name is only signable if it is lower-case; the SDK lower-cases them before joining.
    const value = name === name.toLowerCase() ? req.headers[name] : undefined;
    if (name === '' || value === undefined)
      return fail(`signed header ${name || '(empty)'} is not in the request`);
    headerLines.push(`${name}:${value.trim()}\n`);
  }
  const canonicalHeaders = headerLines.join('');

  const declaredPayloadHash = req.headers['x-sdk-content-sha256']?.trim();
  const payloadHash = declaredPayloadHash || sha256Hex(req.body);
  if (
    declaredPayloadHash &&
    declaredPayloadHash !== 'UNSIGNED-PAYLOAD' &&
    declaredPayloadHash !== sha256Hex(req.body)
  ) {
    return fail('x-sdk-content-sha256 does not match the request body');
  }

  const key =
    parsed.algorithm === 'SDK-HMAC-SHA256'
      ? record.secretKey
      : Buffer.from(hkdfSync('sha256', record.secretKey, parsed.accessKey, parsed.info!.text, 32)).toString(
          'hex',
        );

  const pairs = parseRawQuery(req.rawQuery, options.plusIsSpace ?? true);
  const queryForms = [canonicalQuery(pairs, false)];
  if (options.acceptGoCanonicalForm ?? true) {
    const goForm = canonicalQuery(pairs, true);
    if (goForm !== queryForms[0]) queryForms.push(goForm);
  }

  const uri = canonicalUri(req.rawPath);
  let matched = false;
  for (const query of queryForms) {
    const canonicalRequest = [
      req.method.toUpperCase(),
      uri,
      query,
      canonicalHeaders,
      parsed.signedHeaders,
      payloadHash,
    ].join('\n');
    const stringToSign = parsed.info
      ? `${parsed.algorithm}\n${sdkDate}\n${parsed.info.text}\n${sha256Hex(canonicalRequest)}`
      : `${parsed.algorithm}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
    const expected = hmacSha256(key, stringToSign).toString('hex');
    // Evaluate every form so that the time taken does not reveal which one matched.
    if (safeEqual(expected, parsed.signature.toLowerCase())) matched = true;
  }
  if (!matched) return fail('verify aksk signature fail');

  if (Math.abs(now - signedAt) > (options.skewMs ?? DEFAULT_SKEW_MS)) {
    return fail('x-sdk-date is outside the allowed time window');
  }

  const securityToken = req.headers['x-security-token'];
  if (record.securityToken !== undefined || securityToken !== undefined) {
    if (
      record.securityToken === undefined ||
      securityToken === undefined ||
      !safeEqual(record.securityToken, securityToken)
    ) {
      return fail('security token is missing or does not belong to this access key');
    }
    if (!signedHeaderNames.includes('x-security-token')) return fail('x-security-token must be signed');
  }

  const principal: HuaweiPrincipal & { ok: true } = {
    ok: true,
    accessKey: parsed.accessKey,
    algorithm: parsed.algorithm,
    signedHeaders: signedHeaderNames,
  };
  const projectId = req.headers['x-project-id'];
  const domainId = req.headers['x-domain-id'];
  if (projectId !== undefined) principal.projectId = projectId;
  if (domainId !== undefined) principal.domainId = domainId;
  if (securityToken !== undefined) principal.securityToken = securityToken;
  if (parsed.info) {
    principal.region = parsed.info.region;
    principal.service = parsed.info.service;
  }
  return principal;
}
