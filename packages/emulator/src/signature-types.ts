/**
 * Shared vocabulary of the emulator-side signature verifiers (`<cloud>/signature.ts`), plus the few
 * byte-level helpers they all need. Each verifier is written from the cloud's server-side rules in
 * `reference/<cloud>.md`, never from the SDK signer, so that a bug on one side shows up on the other.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The request exactly as it arrived: an `EmulatorRequest` satisfies this structurally. */
export interface WireRequest {
  method: string;
  /** As received: still percent-encoded, without the query. */
  rawPath: string;
  /** After `?`, as received ('' when there is none). */
  rawQuery: string;
  /** Lower-case names (node's `req.headers`, repeated headers joined). */
  headers: Record<string, string>;
  body: Buffer;
}

export interface VerifyFailure {
  ok: false;
  /** HTTP status the real cloud answers with. */
  status: number;
  /** The cloud's own error code (e.g. `APIGW.0301`, `SignatureDoesNotMatch`). */
  code: string;
  /** Safe to show: never contains the secret, the expected signature or the string to sign. */
  message: string;
}

/** `P` is what a successful check reports; `F` lets a cloud add fields to its failures (e.g. Volcengine `codeN`). */
export type VerifyResult<P = { accessKey: string }, F = Record<never, never>> =
  | ({ ok: true } & P)
  | (VerifyFailure & F);

export interface SecretRecord {
  secretKey: string;
  /** Set for temporary keys: the request must then carry this exact token. */
  securityToken?: string;
  [k: string]: unknown;
}

/** Finds the secret of an access key; undefined = unknown key. */
export type SecretLookup = (accessKey: string) => SecretRecord | undefined;

export const MINUTE_MS = 60_000;
/** The 15-minute window every one of the four clouds uses (reference §5.1/§1.3/§1.5/§2.2). */
export const DEFAULT_SKEW_MS = 15 * MINUTE_MS;

/** The region and service an endpoint may pin; an unset pin accepts whatever the Credential names. */
export interface ScopePins {
  region?: string;
  service?: string;
}

/** True when a Credential's region or service differs from a pin the endpoint set. */
export function breaksScopePins(region: string, service: string, pins: ScopePins): boolean {
  return (
    (pins.region !== undefined && region !== pins.region) ||
    (pins.service !== undefined && service !== pins.service)
  );
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * The AWS4-style signing key both Sangfor's EC2 scheme and Volcengine use: HMAC chained over the
 * scope's date, region, service and terminator. `seed` is the secret with the scheme's own prefix.
 */
export function deriveScopedKey(
  seed: string,
  date: string,
  region: string,
  service: string,
  terminator: string,
): Buffer {
  return hmacSha256(hmacSha256(hmacSha256(hmacSha256(seed, date), region), service), terminator);
}

/**
 * Constant-time string comparison. Both sides are hashed first so that neither the position of the
 * first differing byte nor a length difference leaks through timing.
 */
export function safeEqual(expected: string, received: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length === received.length;
}

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/** RFC 3986 strict encoding of raw bytes: only `A-Z a-z 0-9 - _ . ~` stay literal, hex is upper-case. */
export function encodeRfc3986Bytes(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function encodeRfc3986(text: string): string {
  return encodeRfc3986Bytes(Buffer.from(text, 'utf8'));
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Percent-decodes to bytes (not to a string), so that invalid UTF-8 or a stray `%` never throws and
 * re-encoding reproduces exactly the bytes the client meant. `%` not followed by two hex digits stays literal.
 */
export function percentDecodeBytes(text: string, plusIsSpace: boolean): Buffer {
  const source = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const byte = source[i]!;
    if (byte === 0x25 && i + 2 < source.length) {
      const hi = hexValue(source[i + 1]!);
      const lo = hexValue(source[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out.push(plusIsSpace && byte === 0x2b ? 0x20 : byte);
  }
  return Buffer.from(out);
}

export interface QueryPair {
  /** Decoded key, for sorting (UTF-16 code-unit order, as JS signers sort). */
  key: string;
  value: string;
  /** Strict RFC 3986 re-encodings of the decoded bytes. */
  encodedKey: string;
  encodedValue: string;
  /** Position on the wire, for signers that keep repeated values in the order given. */
  index: number;
}

/**
 * Splits a raw query on `&` and the first `=`, decodes each side and re-encodes it strictly: the
 * "decode the wire query and re-encode it" step both Huawei (§1.3) and Volcengine (§1.5) require,
 * because their SDKs put `!'()*` raw on the wire but sign them escaped.
 */
export function parseRawQuery(rawQuery: string, plusIsSpace: boolean): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  let index = 0;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const keyBytes = percentDecodeBytes(rawKey, plusIsSpace);
    const valueBytes = percentDecodeBytes(rawValue, plusIsSpace);
    pairs.push({
      key: keyBytes.toString('utf8'),
      value: valueBytes.toString('utf8'),
      encodedKey: encodeRfc3986Bytes(keyBytes),
      encodedValue: encodeRfc3986Bytes(valueBytes),
      index: index++,
    });
  }
  return pairs;
}

/** JS default sort order (UTF-16 code units), which is what `Array.prototype.sort` signers produce. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses `YYYYMMDDTHHMMSSZ` (the basic ISO 8601 form every AWS-style scheme uses); undefined when malformed. */
export function parseBasicIsoDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return utcFromFields(y, mo - 1, d, h, mi, s);
}

/**
 * `Date.UTC` of calendar fields (month 0-11), or undefined when they name no real time: `Date.UTC`
 * silently rolls 20240231 over to March, and a real date parser rejects it.
 */
export function utcFromFields(
  year: number,
  monthIndex: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | undefined {
  const ms = Date.UTC(year, monthIndex, day, hour, minute, second);
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== monthIndex ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return ms;
}
