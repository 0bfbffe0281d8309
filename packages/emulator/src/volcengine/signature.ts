/**
 * Volcengine OpenAPI gateway signature verification (reference/volcengine.md §1.5 recipe, canonical
 * form §1.2, signer differences §1.4, presigned URLs §1.3, gateway error codes §4).
 *
 * The rule trusts the SignedHeaders the client declared, which is what lets every official signer pass:
 * old Node (`x-date`), sdk-core (`host;x-date`) and Go/Python (`content-type;host;x-content-sha256;x-date`).
 * The wire query is decoded and strictly re-encoded before hashing (the old Node SDK sends `*()!'` raw
 * but signs them escaped). Where official signers disagree on a detail (path escaping, order of repeated
 * query values, header whitespace folding) every documented variant is tried; nothing else is relaxed.
 */
import {
  breaksScopePins,
  compareCodeUnits,
  DEFAULT_SKEW_MS,
  deriveScopedKey,
  EMPTY_SHA256,
  encodeRfc3986Bytes,
  hmacSha256,
  parseBasicIsoDate,
  parseRawQuery,
  percentDecodeBytes,
  type QueryPair,
  type SecretLookup,
  safeEqual,
  sha256Hex,
  type VerifyResult,
  type WireRequest,
} from '../signature-types.js';

export interface VolcengineVerifyOptions {
  /** Allowed distance of X-Date from `now`, both directions; default 15 minutes (§1.5 step 4, [I]). */
  skewMs?: number;
  /** HTTP status of `InvalidTimestamp`: 400 (BytePlus page, default) or 403 (volcengine.com page). */
  invalidTimestampStatus?: 400 | 403;
  /** Code for an unknown AK: `InvalidAccessKey` (BytePlus, default) or `InvalidClientTokenId` (volcengine.com). */
  invalidAccessKeyCode?: 'InvalidAccessKey' | 'InvalidClientTokenId';
  /** Strict mode of "Open points" 1: a header-signed request carrying `host` must sign it. Default false. */
  requireHostSigned?: boolean;
  /** Treat `+` in the query as a space (form decoding, the default) or as a literal plus. */
  plusIsSpace?: boolean;
  /** Pin the scope's region / service (unset = take the Credential's). */
  region?: string;
  service?: string;
}

export interface VolcenginePrincipal {
  accessKey: string;
  region: string;
  service: string;
  /** `X-Security-Token` (STS) as sent. */
  securityToken?: string;
  /** `header` for `Authorization`, `query` for a presigned URL (§1.3). */
  via: 'header' | 'query';
}

/** Gateway errors carry a numeric `CodeN` beside `Code` (§4). */
export interface VolcengineFailureExtra {
  codeN?: number;
}

export type VolcengineVerifyResult = VerifyResult<VolcenginePrincipal, VolcengineFailureExtra>;

/** §4 gateway common errors: code, CodeN, HTTP status and message. */
export const VOLCENGINE_AUTH_ERRORS = {
  MissingAuthenticationToken: { codeN: 100003, status: 401 },
  MissingRequestInfo: { codeN: 100004, status: 400 },
  MissingSignature: { codeN: 100005, status: 401 },
  InvalidTimestamp: { codeN: 100006, status: 400 },
  InvalidAccessKey: { codeN: 100009, status: 401 },
  SignatureDoesNotMatch: { codeN: 100010, status: 401 },
} as const;

const ALGORITHM = 'HMAC-SHA256';
const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method. Consult the service documentation for details.';

function fail(
  code: keyof typeof VOLCENGINE_AUTH_ERRORS,
  message: string,
  status?: number,
): VolcengineVerifyResult {
  const known = VOLCENGINE_AUTH_ERRORS[code];
  return { ok: false, status: status ?? known.status, code, codeN: known.codeN, message };
}

/** `InvalidAccessKey`, under the code name the options select (§4 pages disagree on it). */
function invalidAccessKey(options: VolcengineVerifyOptions, message: string): VolcengineVerifyResult {
  const { codeN, status } = VOLCENGINE_AUTH_ERRORS.InvalidAccessKey;
  return { ok: false, status, code: options.invalidAccessKeyCode ?? 'InvalidAccessKey', codeN, message };
}

function signatureMismatch(message = SIGNATURE_MISMATCH_MESSAGE): VolcengineVerifyResult {
  return fail('SignatureDoesNotMatch', message);
}

interface SignatureInput {
  accessKey: string;
  date: string;
  region: string;
  service: string;
  scope: string;
  xDate: string;
  signedHeaders: string;
  signature: string;
  /** Query pairs that take part in the canonical query. */
  queryPairs: QueryPair[];
  /** Payload hash when fixed by the scheme (presigned: empty body); otherwise derived from the request. */
  payloadHash?: string;
  securityToken?: string;
  via: 'header' | 'query';
}

/** `Credential=AK/date/region/service/request`, with extra fields (e.g. `SignedQueries`) tolerated. */
function parseAuthorization(authorization: string): Map<string, string> | undefined {
  if (!authorization.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return fields;
}

function parseCredential(
  credential: string | undefined,
): { accessKey: string; date: string; region: string; service: string; scope: string } | undefined {
  if (credential === undefined) return undefined;
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.slice(0, 4).some((p) => p === '') || parts[4] !== 'request') {
    return undefined;
  }
  const [accessKey, date, region, service] = parts as [string, string, string, string];
  return { accessKey, date, region, service, scope: parts.slice(1).join('/') };
}

/**
 * §1.2 step 4 / §1.4: keys in code-unit order; repeated values sorted (Node, Python) or as given (Go).
 * The Node signers leave out a pair whose key is empty (`=x`) although it goes on the wire; Go keeps it.
 */
function canonicalQueries(pairs: QueryPair[]): string[] {
  const render = (rows: QueryPair[]) => rows.map((p) => `${p.encodedKey}=${p.encodedValue}`).join('&');
  const orderings = (rows: QueryPair[]) => [
    [...rows].sort(
      (a, b) => compareCodeUnits(a.key, b.key) || compareCodeUnits(a.encodedValue, b.encodedValue),
    ),
    [...rows].sort((a, b) => compareCodeUnits(a.key, b.key) || a.index - b.index),
  ];
  const candidates = orderings(pairs);
  if (pairs.some((p) => p.key === '')) candidates.push(...orderings(pairs.filter((p) => p.key !== '')));
  return [...new Set(candidates.map(render))];
}

/** Old Node signs the path as sent; Go, Python and sdk-core escape each segment RFC 3986 style (§1.2 step 7). */
function canonicalPaths(rawPath: string): string[] {
  const asSent = rawPath === '' ? '/' : rawPath;
  const escaped = asSent
    .split('/')
    .map((segment) => encodeRfc3986Bytes(percentDecodeBytes(segment, false)))
    .join('/');
  return escaped === asSent ? [asSent] : [asSent, escaped];
}

/** Node folds whitespace runs and trims, Go trims, Python leaves values alone (§1.4). */
function canonicalHeaderBlocks(names: string[], headers: Record<string, string>): string[] | undefined {
  const folded: string[] = [];
  const trimmed: string[] = [];
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) return undefined;
    folded.push(`${name}:${value.replace(/\s+/g, ' ').trim()}`);
    trimmed.push(`${name}:${value.trim()}`);
  }
  // The field always ends in one extra newline, so zero signed headers give a lone `\n` (§1.2 step 8.4).
  const blockOf = (lines: string[]) => `${lines.join('\n')}\n`;
  const forms = [blockOf(folded)];
  const alternative = blockOf(trimmed);
  if (alternative !== forms[0]) forms.push(alternative);
  return forms;
}

function readPresigned(pairs: QueryPair[]): SignatureInput | VolcengineVerifyResult {
  const param = (name: string) => pairs.find((p) => p.key === name)?.value;
  const signature = param('X-Signature');
  if (!signature) return fail('MissingSignature', 'The request is missing the X-Signature query parameter.');
  if (param('X-Algorithm') !== ALGORITHM) {
    return fail('MissingRequestInfo', `The X-Algorithm query parameter must be ${ALGORITHM}.`);
  }
  const credential = parseCredential(param('X-Credential'));
  if (!credential) {
    return fail('MissingRequestInfo', 'The request is missing access key, service or region information.');
  }
  const signedQueries = param('X-SignedQueries');
  const signedQueryKeys = signedQueries === undefined ? undefined : new Set(signedQueries.split(';'));
  const queryPairs = pairs.filter((p) =>
    signedQueryKeys ? signedQueryKeys.has(p.key) : p.key !== 'X-Signature' && p.key !== 'X-SignedQueries',
  );
  const input: SignatureInput = {
    ...credential,
    xDate: param('X-Date') ?? '',
    signedHeaders: param('X-SignedHeaders') ?? '',
    signature,
    queryPairs,
    via: 'query',
  };
  if (param('X-NotSignBody') !== undefined) input.payloadHash = EMPTY_SHA256;
  const token = param('X-Security-Token');
  if (token !== undefined) input.securityToken = token;
  // Unsigned query parameters must not be able to change what the caller asked for.
  if (
    signedQueryKeys &&
    pairs.some((p) => !signedQueryKeys.has(p.key) && p.key !== 'X-Signature' && p.key !== 'X-SignedQueries')
  ) {
    return signatureMismatch('The request carries query parameters that are not covered by X-SignedQueries.');
  }
  return input;
}

/**
 * Verifies a Volcengine request signed in the `Authorization` header (§1.2) or as a presigned URL (§1.3).
 * `now` is the server clock in ms.
 */
export function verifyVolcengineSignature(
  req: WireRequest,
  lookup: SecretLookup,
  now: number,
  options: VolcengineVerifyOptions = {},
): VolcengineVerifyResult {
  const pairs = parseRawQuery(req.rawQuery, options.plusIsSpace ?? true);
  const authorization = req.headers['authorization']?.trim();

  let input: SignatureInput;
  if (authorization) {
    const fields = parseAuthorization(authorization);
    if (!fields) {
      return fail(
        'MissingAuthenticationToken',
        `The Authorization header must use the ${ALGORITHM} algorithm.`,
      );
    }
    const credential = parseCredential(fields.get('Credential'));
    if (!credential) {
      return fail('MissingRequestInfo', 'The request is missing access key, service or region information.');
    }
    const signature = fields.get('Signature');
    if (!signature) return fail('MissingSignature', 'The request is missing the signature.');
    input = {
      ...credential,
      xDate: req.headers['x-date']?.trim() ?? '',
      signedHeaders: fields.get('SignedHeaders') ?? '',
      signature,
      queryPairs: pairs,
      via: 'header',
    };
    const token = req.headers['x-security-token'];
    if (token !== undefined) input.securityToken = token;
  } else if (pairs.some((p) => p.key === 'X-Signature' || p.key === 'X-Credential')) {
    const presigned = readPresigned(pairs);
    if ('ok' in presigned) return presigned;
    input = presigned;
  } else {
    return fail('MissingAuthenticationToken', 'The request is missing an authentication token.');
  }

  const record = lookup(input.accessKey);
  if (!record) {
    return invalidAccessKey(
      options,
      `The accesskey [${input.accessKey}] included in the request is invalid.`,
    );
  }
  if (breaksScopePins(input.region, input.service, options)) {
    return signatureMismatch('The credential scope does not match the region or service of this endpoint.');
  }

  const signedAt = parseBasicIsoDate(input.xDate);
  const timestampStatus = options.invalidTimestampStatus ?? 400;
  if (signedAt === undefined) {
    return fail(
      'InvalidTimestamp',
      'The X-Date of the request is missing or not in YYYYMMDDTHHMMSSZ form.',
      timestampStatus,
    );
  }
  if (Math.abs(now - signedAt) > (options.skewMs ?? DEFAULT_SKEW_MS)) {
    return fail('InvalidTimestamp', 'The signature of the request is expired.', timestampStatus);
  }
  if (input.xDate.slice(0, 8) !== input.date) {
    return signatureMismatch('The credential scope date does not match X-Date.');
  }

  const signedHeaderNames = input.signedHeaders === '' ? [] : input.signedHeaders.split(';');
  if (
    options.requireHostSigned &&
    input.via === 'header' &&
    req.headers['host'] !== undefined &&
    !signedHeaderNames.includes('host')
  ) {
    return signatureMismatch('The host header must be signed.');
  }
  const headerBlocks = canonicalHeaderBlocks(signedHeaderNames, req.headers);
  if (!headerBlocks) return signatureMismatch('A header listed in SignedHeaders is not in the request.');

  const bodyHash = sha256Hex(req.body);
  let payloadHash = input.payloadHash;
  if (payloadHash === undefined) {
    const declared = req.headers['x-content-sha256']?.trim();
    if (declared !== undefined && declared !== bodyHash) {
      return signatureMismatch('The X-Content-Sha256 header does not match the request body.');
    }
    payloadHash = bodyHash;
  }

  const kSigning = deriveScopedKey(record.secretKey, input.date, input.region, input.service, 'request');

  let matched = false;
  for (const path of canonicalPaths(req.rawPath)) {
    for (const query of canonicalQueries(input.queryPairs)) {
      for (const headerBlock of headerBlocks) {
        const canonicalRequest = [
          req.method.toUpperCase(),
          path,
          query,
          headerBlock,
          input.signedHeaders,
          payloadHash,
        ].join('\n');
        const stringToSign = [ALGORITHM, input.xDate, input.scope, sha256Hex(canonicalRequest)].join('\n');
        // Every variant is evaluated so that timing does not reveal which one matched.
        if (safeEqual(hmacSha256(kSigning, stringToSign).toString('hex'), input.signature.toLowerCase())) {
          matched = true;
        }
      }
    }
  }
  if (!matched) return signatureMismatch();

  if (record.securityToken !== undefined || input.securityToken !== undefined) {
    const tokenSigned = input.via === 'query' || signedHeaderNames.includes('x-security-token');
    if (
      record.securityToken === undefined ||
      input.securityToken === undefined ||
      !tokenSigned ||
      !safeEqual(record.securityToken, input.securityToken)
    ) {
      return invalidAccessKey(
        options,
        `The security token included in the request for accesskey [${input.accessKey}] is invalid.`,
      );
    }
  }

  const principal: VolcenginePrincipal & { ok: true } = {
    ok: true,
    accessKey: input.accessKey,
    region: input.region,
    service: input.service,
    via: input.via,
  };
  if (input.securityToken !== undefined) principal.securityToken = input.securityToken;
  return principal;
}
