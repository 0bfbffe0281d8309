import { createHmac, hash } from 'node:crypto';
import { ValidationError } from '../core/errors.js';
import { percentDecode, requireAccessKey, requireMethod, requireUrl, signingTime } from './internal.js';
import type { AddedHeaders, SignableRequest } from './types.js';

/** `url` is the full request URL, context path included (`http://mn:8080/zstack/v1/vm-instances`). */
export interface ZstackSignInput extends SignableRequest {
  credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * The servlet context path in front of `/v1` (e.g. `/zstack`), which is not signed. Default:
   * everything before the first `/v1` segment.
   */
  contextPath?: string;
  /**
   * IANA zone whose wall clock the `Date` header shows. The server compares the wall-clock fields
   * with its own local time and ignores the zone token, so this should be the management node's
   * zone. Default `UTC`.
   */
  timeZone?: string;
  /** The zone token written after the time. Default `GMT` for UTC, else the `timeZone` id. */
  zoneLabel?: string;
}

export interface ZstackSigningDetails {
  headers: AddedHeaders;
  stringToSign: string;
  signature: string;
  /** The signed URI: the path from `/v1`, without context path and query. */
  uri: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      throw new ValidationError(`unknown time zone ${JSON.stringify(timeZone)}`, 'timeZone');
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The Date header in the form the server parses, `EEE, dd MMM yyyy HH:mm:ss z`
 * (`Fri, 06 Aug 2021 17:58:34 GMT`), showing the wall clock of `timeZone`.
 */
export function zstackDate(now: Date, timeZone = 'UTC', zoneLabel?: string): string {
  if (!(now instanceof Date) || !Number.isFinite(now.getTime()))
    throw new ValidationError('signing time is not a valid Date', 'now');
  const label = zoneLabel ?? (timeZone === 'UTC' ? 'GMT' : timeZone);
  if (!/^[A-Za-z0-9_/+\-:]+$/.test(label))
    throw new ValidationError('zoneLabel must be a zone token', 'zoneLabel');
  if (timeZone === 'UTC') {
    // toUTCString is exactly RFC 1123: `Fri, 06 Aug 2021 09:58:34 GMT`.
    return `${now.toUTCString().slice(0, 25)} ${label}`;
  }
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) parts[part.type] = part.value;
  return `${parts['weekday']}, ${parts['day']} ${parts['month']} ${parts['year']} ${parts['hour']}:${parts['minute']}:${parts['second']} ${label}`;
}

/** The URI ZStack signs: the decoded path from `/v1` on, with the context path and query left out. */
export function zstackSignedUri(url: URL, contextPath?: string): string {
  const path = percentDecode(url.pathname, 'url');
  if (contextPath !== undefined) {
    const prefix = `/${contextPath.replace(/^\/+|\/+$/g, '')}`;
    if (prefix === '/') return path;
    if (path === prefix || path.startsWith(`${prefix}/`)) return path.slice(prefix.length) || '/';
    throw new ValidationError(`path ${url.pathname} is not under context path ${prefix}`, 'contextPath');
  }
  const at = path.indexOf('/v1/');
  if (at >= 0) return path.slice(at);
  if (path.endsWith('/v1')) return '/v1';
  throw new ValidationError('ZStack API paths contain /v1', 'url');
}

/** ZStack AccessKey auth (zstack.md §2.2), with every intermediate value. */
export function signZstackDetailed(input: ZstackSignInput): ZstackSigningDetails {
  const method = requireMethod(input.method);
  const url = requireUrl(input.url);
  const { accessKeyId, secretAccessKey } = requireAccessKey(input.credentials);
  if (accessKeyId.includes(':')) throw new ValidationError('accessKeyId must not contain ":"', 'accessKeyId');
  const date = zstackDate(signingTime(input.now), input.timeZone ?? 'UTC', input.zoneLabel);
  const uri = zstackSignedUri(url, input.contextPath);
  const stringToSign = `${method}\n${date}\n${uri}`;
  const signature = createHmac('sha1', secretAccessKey).update(stringToSign).digest('base64');
  return {
    headers: { Date: date, Authorization: `ZStack ${accessKeyId}:${signature}` },
    stringToSign,
    signature,
    uri,
  };
}

/** Returns `Date` and `Authorization: ZStack <AccessKeyID>:<signature>`. */
export function signZstack(input: ZstackSignInput): AddedHeaders {
  return signZstackDetailed(input).headers;
}

/** The `password` of ZStack's login APIs: lower-case hex SHA-512 of the plaintext (zstack.md §2.1). */
export function zstackPasswordDigest(password: string): string {
  if (typeof password !== 'string') throw new ValidationError('password must be a string', 'password');
  return hash('sha512', password, 'hex');
}
