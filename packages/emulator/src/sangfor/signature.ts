/**
 * Sangfor SCP EC2 (AK/SK) verification: AWS4-HMAC-SHA256 the way Keystone's `Ec2Signer` checks it
 * (reference/sangfor-scp.md §5.1, timestamp rule §5.1 step 9, emulator checklist §11.5).
 *
 * Keystone quirks reproduced on purpose: parameters are cut out of Authorization with
 * "text after `Name=` up to the next `,`"; signed headers absent from the request are skipped; the
 * canonical query is always empty (the query is not signed at all); the path is the raw path; region and
 * service come from the client's Credential; only stale timestamps are rejected, never future ones.
 */
import {
  breaksScopePins,
  DEFAULT_SKEW_MS,
  deriveScopedKey,
  hmacSha256,
  type SecretLookup,
  safeEqual,
  sha256Hex,
  utcFromFields,
  type VerifyResult,
  type WireRequest,
} from '../signature-types.js';

export interface SangforEc2VerifyOptions {
  /** Keystone `[credential] auth_ttl`; default 15 minutes. */
  authTtlMs?: number;
  /** Pin the Credential's region (unset = any, as the real server). */
  region?: string;
  /** Pin the Credential's service (unset = any, as the real server). */
  service?: string;
}

export interface SangforEc2Principal {
  accessKey: string;
  region: string;
  service: string;
}

/**
 * Error codes. SCP's own code space for auth failures is an open point (§2, "Open points"), so these
 * are stable names for the provider to map into `{"code":<int>,"message":...,"data":null}`; the
 * messages are Keystone's own wording, and every failure is HTTP 401 (§2: 401 for signature failures [V]).
 */
export const SANGFOR_EC2_ERRORS = {
  missingAuthorization: 'EC2AuthorizationMissing',
  malformedAuthorization: 'EC2AuthorizationMalformed',
  unknownAccessKey: 'EC2AccessKeyNotFound',
  dateMismatch: 'EC2RequestDateMismatch',
  invalidTimestamp: 'EC2TimestampInvalid',
  expired: 'EC2CredentialExpired',
  signatureMismatch: 'EC2SignatureMismatch',
  scopeRejected: 'EC2CredentialScopeRejected',
} as const;

const ALGORITHM = 'AWS4-HMAC-SHA256';

function fail(code: string, message: string): VerifyResult<SangforEc2Principal> {
  return { ok: false, status: 401, code, message };
}

/** Keystone's `auth_param`: `auth.partition(name + '=')[2].split(',')[0]`. */
function authParam(authorization: string, name: string): string | undefined {
  const at = authorization.indexOf(`${name}=`);
  if (at === -1) return undefined;
  const rest = authorization.slice(at + name.length + 1);
  const comma = rest.indexOf(',');
  return comma === -1 ? rest : rest.slice(0, comma);
}

/**
 * Keystone parses X-Amz-Date with `parse_isotime`, then normalises to naive UTC; a zone-less value is
 * UTC. The value must also start with the credential date, so in practice it is the basic form.
 */
function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  let ms = utcFromFields(y, mo - 1, d, h, mi, s);
  if (ms === undefined) return undefined;
  if (m[7]) ms += Math.floor(Number(m[7]) * 1000);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/**
 * Verifies an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` request.
 * `now` is the server clock in ms.
 */
export function verifySangforEc2(
  req: WireRequest,
  lookup: SecretLookup,
  now: number,
  options: SangforEc2VerifyOptions = {},
): VerifyResult<SangforEc2Principal> {
  const authorization = req.headers['authorization'];
  if (authorization === undefined || authorization.trim() === '') {
    return fail(SANGFOR_EC2_ERRORS.missingAuthorization, 'EC2 signature not supplied.');
  }
  if (!authorization.startsWith(ALGORITHM)) {
    return fail(
      SANGFOR_EC2_ERRORS.malformedAuthorization,
      `Authorization scheme must be ${ALGORITHM} or Token.`,
    );
  }

  const credential = authParam(authorization, 'Credential');
  const signedHeaders = authParam(authorization, 'SignedHeaders');
  const signature = authParam(authorization, 'Signature');
  if (!credential || signedHeaders === undefined || !signature) {
    return fail(
      SANGFOR_EC2_ERRORS.malformedAuthorization,
      'Authorization must carry Credential, SignedHeaders and Signature.',
    );
  }
  const credentialParts = credential.split('/');
  const [accessKey, credentialDate, region, service] = credentialParts;
  if (!accessKey || !credentialDate || region === undefined || service === undefined) {
    return fail(
      SANGFOR_EC2_ERRORS.malformedAuthorization,
      'Credential must be <AK>/<YYYYMMDD>/<region>/<service>/aws4_request.',
    );
  }

  const record = lookup(accessKey);
  if (!record) return fail(SANGFOR_EC2_ERRORS.unknownAccessKey, 'EC2 access key not found.');

  if (breaksScopePins(region, service, options)) {
    return fail(
      SANGFOR_EC2_ERRORS.scopeRejected,
      'Credential region or service is not accepted by this endpoint.',
    );
  }

  // Keystone's signer reads the date before anything is hashed: a missing date cannot match the scope.
  const amzDate = req.headers['x-amz-date']?.trim();
  if (amzDate === undefined || !amzDate.startsWith(credentialDate)) {
    return fail(SANGFOR_EC2_ERRORS.dateMismatch, 'Request date mismatch error');
  }

  const headerLines: string[] = [];
  for (const name of signedHeaders.split(';')) {
    const value = req.headers[name];
    if (value === undefined) continue;
    headerLines.push(`${name}:${value.trim()}`);
  }
  const canonicalRequest = [
    req.method.toUpperCase(),
    req.rawPath === '' ? '/' : req.rawPath,
    '',
    `${headerLines.join('\n')}\n`,
    signedHeaders,
    sha256Hex(req.body),
  ].join('\n');

  const scope = credentialParts.slice(1).join('/');
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const kSigning = deriveScopedKey(
    `AWS4${record.secretKey}`,
    credentialDate,
    region,
    service,
    'aws4_request',
  );
  const expected = hmacSha256(kSigning, stringToSign).toString('hex');
  if (!safeEqual(expected, signature)) {
    return fail(SANGFOR_EC2_ERRORS.signatureMismatch, 'Invalid EC2 signature.');
  }

  // Keystone checks freshness after the signature, and only in the past direction (K2).
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    return fail(SANGFOR_EC2_ERRORS.invalidTimestamp, 'Credential timestamp is invalid.');
  }
  if (now > signedAt + (options.authTtlMs ?? DEFAULT_SKEW_MS)) {
    return fail(SANGFOR_EC2_ERRORS.expired, 'Credential is expired');
  }
  return { ok: true, accessKey, region, service };
}
