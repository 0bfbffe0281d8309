import { createHmac, hash } from 'node:crypto';
import { ValidationError } from '../core/errors.js';

export { strictEncode } from '../core/path.js';

/** Lowercase hex SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot `crypto.hash` skips the Hash object allocation that dominates small inputs.
  return hash('sha256', data, 'hex');
}

export function hmacSha256(key: string | Uint8Array, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function hmacSha256Hex(key: string | Uint8Array, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

export function payloadHashOf(body: Uint8Array | string | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_SHA256;
  return sha256Hex(body);
}

/**
 * A small map that forgets its oldest entry once full. Signing keys change once a day per
 * credential/region/service, so a few dozen entries cover any realistic client mix.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /**
   * The value for the key made of these four parts, computing it on a miss. A client signs run after run
   * with the same four parts, so the last hit is remembered and compared part by part before the
   * joined key (which would have to be built and hashed) is even looked at.
   */
  derive(a: string, b: string, c: string, d: string, compute: () => V): V {
    if (
      this.#lastValue !== undefined &&
      this.#lastA === a &&
      this.#lastB === b &&
      this.#lastC === c &&
      this.#lastD === d
    )
      return this.#lastValue;
    // NUL cannot occur in a date, region, service or key id, so the joined key is unambiguous.
    const key = `${a}\0${b}\0${c}\0${d}`;
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = compute();
      this.set(key, value);
    }
    this.#lastA = a;
    this.#lastB = b;
    this.#lastC = c;
    this.#lastD = d;
    this.#lastValue = value;
    return value;
  }

  #lastA = '';
  #lastB = '';
  #lastC = '';
  #lastD = '';
  #lastValue: V | undefined;

  set(key: string, value: V): void {
    if (this.#entries.size >= this.capacity && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#lastValue = undefined;
  }
}

let lastStampSecond = Number.NaN;
let lastLongDate = '';

/** `YYYYMMDDTHHMMSSZ` in UTC (the basic ISO 8601 form every scheme here uses). */
export function basicIsoDate(now: Date): string {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) throw new ValidationError('signing time is not a valid Date', 'now');
  const second = Math.floor(ms / 1000);
  if (second === lastStampSecond) return lastLongDate;
  const iso = now.toISOString();
  if (iso.length !== 24) throw new ValidationError('signing time is outside years 0000-9999', 'now');
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  lastStampSecond = second;
  lastLongDate = stamp;
  return stamp;
}

/** Percent-decoding as RFC 3986 has it: `+` stays a plus sign. */
export function percentDecode(value: string, field = 'url'): string {
  if (value.indexOf('%') < 0) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ValidationError('malformed percent-encoding in the request URL', field);
  }
}

export interface QueryPair {
  key: string;
  value: string;
}

/**
 * A query component decoded as `application/x-www-form-urlencoded`: `+` is a space. Encoders
 * (`URLSearchParams`, Go's `url.Values`) write spaces as `+` and a literal plus as `%2B`, and the
 * gateways decode it that way before re-encoding for the signature.
 */
function decodeQueryComponent(value: string): string {
  return percentDecode(value.indexOf('+') < 0 ? value : value.replace(/\+/g, ' '), 'query');
}

/**
 * The query exactly as it goes on the wire, split on `&` and the first `=`, each side decoded.
 * Empty segments (`a=1&&b=2`) carry nothing and are dropped, as servers do.
 */
export function decodeQuery(search: string): QueryPair[] {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (raw.length === 0) return [];
  const pairs: QueryPair[] = [];
  for (const part of raw.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    if (eq < 0) pairs.push({ key: decodeQueryComponent(part), value: '' });
    else
      pairs.push({
        key: decodeQueryComponent(part.slice(0, eq)),
        value: decodeQueryComponent(part.slice(eq + 1)),
      });
  }
  return pairs;
}

const PLAIN_QUERY = /^\??[A-Za-z0-9\-_.~=&]*$/;

/** Orders `k=v` strings (each holding a `=`) by key, then value, in UTF-16 code units. */
function compareRawPairs(a: string, b: string): number {
  return comparePairsAt(a, 0, a.indexOf('='), a.length, b, 0, b.indexOf('='), b.length);
}

/**
 * Compares the pair `a[aKey..aEq)=a[aEq+1..aEnd)` with `b[bKey..bEq)=b[bEq+1..bEnd)` by key, then
 * value, in code units, without slicing either string.
 */
function comparePairsAt(
  a: string,
  aKey: number,
  aEq: number,
  aEnd: number,
  b: string,
  bKey: number,
  bEq: number,
  bEnd: number,
): number {
  const aKeyLength = aEq - aKey;
  const bKeyLength = bEq - bKey;
  const keyLength = Math.min(aKeyLength, bKeyLength);
  for (let i = 0; i < keyLength; i++) {
    const diff = a.charCodeAt(aKey + i) - b.charCodeAt(bKey + i);
    if (diff !== 0) return diff;
  }
  if (aKeyLength !== bKeyLength) return aKeyLength - bKeyLength;
  const aValueLength = aEnd - aEq - 1;
  const bValueLength = bEnd - bEq - 1;
  const valueLength = Math.min(aValueLength, bValueLength);
  for (let i = 1; i <= valueLength; i++) {
    const diff = a.charCodeAt(aEq + i) - b.charCodeAt(bEq + i);
    if (diff !== 0) return diff;
  }
  return aValueLength - bValueLength;
}

/**
 * The canonical query when the wire query holds nothing to decode or encode (the usual
 * `Action=…&Version=…&limit=10` case): pairs sorted by key then value. A query that is already
 * in canonical form (every pair `k=v`, sorted) is returned as it is, without splitting it.
 * Undefined when the query needs the general path.
 */
export function plainCanonicalQuery(search: string, dropEmptyKeys: boolean): string | undefined {
  if (!PLAIN_QUERY.test(search)) return undefined;
  const start = search.charCodeAt(0) === 0x3f /* ? */ ? 1 : 0;
  const end = search.length;
  if (start === end) return '';
  let canonical = true;
  let prevKey = -1;
  let prevEq = -1;
  let prevEnd = -1;
  let partStart = start;
  while (partStart <= end) {
    let partEnd = search.indexOf('&', partStart);
    if (partEnd < 0) partEnd = end;
    const eq = search.indexOf('=', partStart);
    const eqInPart = eq >= 0 && eq < partEnd ? eq : -1;
    if (eqInPart >= 0) {
      const second = search.indexOf('=', eqInPart + 1);
      // A second `=` belongs to the value and must be encoded: general path.
      if (second >= 0 && second < partEnd) return undefined;
    }
    if (partEnd === partStart || eqInPart < 0 || (eqInPart === partStart && dropEmptyKeys)) {
      canonical = false;
      break;
    }
    if (
      prevKey >= 0 &&
      comparePairsAt(search, prevKey, prevEq, prevEnd, search, partStart, eqInPart, partEnd) > 0
    ) {
      canonical = false;
      break;
    }
    prevKey = partStart;
    prevEq = eqInPart;
    prevEnd = partEnd;
    partStart = partEnd + 1;
  }
  if (canonical) return start === 0 ? search : search.slice(1);

  const pairs: string[] = [];
  for (const part of search.slice(start).split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    if (eq >= 0 && part.indexOf('=', eq + 1) >= 0) return undefined;
    if (eq === 0 && dropEmptyKeys) continue;
    pairs.push(eq < 0 ? `${part}=` : part);
  }
  if (pairs.length > 1) pairs.sort(compareRawPairs);
  return pairs.join('&');
}

export interface EncodedQueryPair {
  encodedKey: string;
  encodedValue: string;
}

/** `k=v` pairs, already encoded and in canonical order, joined with `&`. */
export function joinQueryPairs(pairs: readonly EncodedQueryPair[]): string {
  let out = '';
  for (const pair of pairs) {
    if (out.length > 0) out += '&';
    out += `${pair.encodedKey}=${pair.encodedValue}`;
  }
  return out;
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Header names lower-cased. Two names that differ only in case would both go on the wire and the
 * server would see one merged field; `merge` says how to fold them (SigV4 joins with `,`), and
 * without it the request is ambiguous and refused.
 */
export function lowerHeaders(
  headers: Record<string, string>,
  merge?: (first: string, second: string) => string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ValidationError(`header ${name} must be a string`, name);
    const lower = name.toLowerCase();
    const previous = out.get(lower);
    if (previous === undefined) out.set(lower, value);
    else if (merge) out.set(lower, merge(previous, value));
    else throw new ValidationError(`header ${name} is given twice with different letter case`, name);
  }
  return out;
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ValidationError(`${field} must be a non-empty string`, field);
  return value;
}

/** The access key pair every scheme needs; anything else on the credentials is the scheme's business. */
export function requireAccessKey(credentials: unknown): { accessKeyId: string; secretAccessKey: string } {
  if (typeof credentials !== 'object' || credentials === null)
    throw new ValidationError('credentials are required', 'credentials');
  const { accessKeyId, secretAccessKey } = credentials as {
    accessKeyId?: unknown;
    secretAccessKey?: unknown;
  };
  return {
    accessKeyId: requireText(accessKeyId, 'accessKeyId'),
    secretAccessKey: requireText(secretAccessKey, 'secretAccessKey'),
  };
}

export function requireUrl(url: unknown): URL {
  if (!(url instanceof URL)) throw new ValidationError('url must be a URL object', 'url');
  return url;
}

const COMMON_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function requireMethod(method: unknown): string {
  if (typeof method === 'string' && COMMON_METHODS.has(method)) return method;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))
    throw new ValidationError('method must be an HTTP method name such as GET', 'method');
  return method.toUpperCase();
}

export function requireBody(body: unknown): Uint8Array | string | undefined {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
  throw new ValidationError('body must be a string or Uint8Array (the exact bytes sent)', 'body');
}

export function signingTime(now: Date | undefined): Date {
  if (now === undefined) return new Date();
  if (!(now instanceof Date)) throw new ValidationError('now must be a Date', 'now');
  return now;
}
