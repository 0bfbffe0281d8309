/**
 * ZStack AccessKey (`Authorization: ZStack <AccessKeyID>:<Signature>`) verification as the REST layer
 * applies it (reference/zstack.md §2.2: signing steps, Date handling, errors; §1 context path; §12.2).
 *
 * String to sign = `METHOD\nDATE\nURI`: DATE is the `Date` header exactly as sent, URI is the decoded path
 * after the servlet context path, without the query. Signature = base64(HMAC-SHA1(secret, string)).
 * Neither the body nor the query is signed, so neither can be checked here. By default
 * (`rest/checkTimeZone=false`) the Date's zone token is ignored and its wall-clock fields are compared
 * with the server's local wall clock, ±15 minutes.
 */
import { createHmac } from 'node:crypto';
import {
  DEFAULT_SKEW_MS,
  MINUTE_MS,
  type SecretLookup,
  safeEqual,
  utcFromFields,
  type VerifyResult,
  type WireRequest,
} from '../signature-types.js';

export interface ZstackAccessKeyVerifyOptions {
  /** Servlet context path (`zstack` by default on a real node); stripped before signing. '' = none. */
  contextPath: string;
  /** Allowed skew, both directions; default 15 minutes. */
  skewMs?: number;
  /**
   * UTC offset of the emulated server's local wall clock, in minutes east of UTC (China: 480). Default 0:
   * a server clock in UTC, independent of the host's zone. Set it to the clients' offset for SDKs that
   * stamp local time (the Java, Python and Go SDKs do).
   */
  serverUtcOffsetMinutes?: number;
  /** `rest/checkTimeZone=true`: honour the Date's zone token instead of ignoring it. Default false. */
  checkTimeZone?: boolean;
  /** Status for an unknown key or a wrong signature: 400 plain text by default (§0 "switches"); 401/403/503 selectable. */
  badSignatureStatus?: 400 | 401 | 403 | 503;
}

export interface ZstackAccessKeyPrincipal {
  accessKey: string;
  /** The path the signature covered (context path stripped, decoded). */
  signedUri: string;
}

/** Codes are names for the emulator; the real bodies are plain text (the `message`). */
export const ZSTACK_ACCESS_KEY_ERRORS = {
  missingAuthorization: 'MissingAuthorization',
  unsupportedScheme: 'UnsupportedAuthorizationType',
  malformed: 'MalformedAccessKeyAuthorization',
  missingDate: 'MissingDate',
  invalidDate: 'InvalidDate',
  skewed: 'requestTimeTooSkewed',
  unknownAccessKey: 'InvalidAccessKeyId',
  wrongSignature: 'WrongAccessKeySignature',
} as const;

const SCHEME = 'ZStack ';
const DATE_FORMAT_MESSAGE = "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'";
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Zone tokens ZStack's own clients send (§2.2): Python `CST` and the docs' `PRC` mean China. */
const CHINA_ZONES = new Set(['cst', 'prc', 'asia/shanghai', 'asia/chongqing', 'asia/harbin']);

function fail(status: number, code: string, message: string): VerifyResult<ZstackAccessKeyPrincipal> {
  return { ok: false, status, code, message };
}

interface WallClock {
  /** The Date's wall-clock fields read as if they were UTC. */
  wallMs: number;
  zone: string;
}

/** `EEE, dd MMM yyyy HH:mm:ss z`, English, case-insensitive, any zone token. */
function parseZstackDate(value: string): WallClock | undefined {
  const m = /^([a-z]{3}),\s+(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\S+)$/i.exec(
    value,
  );
  if (!m) return undefined;
  const [, dayName, day, monthName, year, hour, minute, second, zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const month = MONTHS.indexOf(monthName.toLowerCase());
  if (!DAYS.includes(dayName.toLowerCase()) || month === -1) return undefined;
  const [d, y, h, mi, s] = [day, year, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wallMs = utcFromFields(y, month, d, h, mi, s);
  return wallMs === undefined ? undefined : { wallMs, zone };
}

/** Offset (minutes east of UTC) that a zone token names at a given instant; undefined when unknown. */
function zoneOffsetMinutes(zone: string, atMs: number): number | undefined {
  const lower = zone.toLowerCase();
  if (lower === 'gmt' || lower === 'utc' || lower === 'ut' || lower === 'z') return 0;
  if (CHINA_ZONES.has(lower)) return 480;
  const numeric = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    return sign * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  }
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      timeZoneName: 'longOffset',
    }).formatToParts(new Date(atMs));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (name === 'GMT') return 0;
    const offset = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
    if (!offset) return undefined;
    return (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  } catch {
    return undefined;
  }
}

function stripContextPath(rawPath: string, contextPath: string): string {
  const context = contextPath.replace(/^\/+|\/+$/g, '');
  if (context === '') return rawPath;
  const prefix = `/${context}`;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Verifies a ZStack AccessKey request. `now` is the server clock in ms. Session (`OAuth`) auth is not
 * handled here.
 */
export function verifyZstackAccessKey(
  req: WireRequest,
  lookup: SecretLookup,
  now: number,
  options: ZstackAccessKeyVerifyOptions,
): VerifyResult<ZstackAccessKeyPrincipal> {
  const authorization = req.headers['authorization']?.trim();
  if (!authorization)
    return fail(400, ZSTACK_ACCESS_KEY_ERRORS.missingAuthorization, "missing header 'Authorization'");
  if (!authorization.startsWith(SCHEME)) {
    return fail(400, ZSTACK_ACCESS_KEY_ERRORS.unsupportedScheme, "Authorization type must be 'OAuth'");
  }
  const credential = authorization.slice(SCHEME.length).trim();
  const colon = credential.indexOf(':');
  const accessKey = colon === -1 ? '' : credential.slice(0, colon);
  const signature = colon === -1 ? '' : credential.slice(colon + 1);
  if (accessKey === '' || signature === '' || /\s/.test(credential)) {
    return fail(
      400,
      ZSTACK_ACCESS_KEY_ERRORS.malformed,
      "accessKey format is 'ZStack AccessKeyId:Signature'",
    );
  }

  const date = req.headers['date'];
  if (date === undefined || date.trim() === '') {
    return fail(400, ZSTACK_ACCESS_KEY_ERRORS.missingDate, "'Date' must be incuded in request header");
  }
  const wall = parseZstackDate(date.trim());
  if (!wall) return fail(400, ZSTACK_ACCESS_KEY_ERRORS.invalidDate, DATE_FORMAT_MESSAGE);
  let signedAt: number;
  if (options.checkTimeZone) {
    const offset = zoneOffsetMinutes(wall.zone, wall.wallMs);
    if (offset === undefined) return fail(400, ZSTACK_ACCESS_KEY_ERRORS.invalidDate, DATE_FORMAT_MESSAGE);
    signedAt = wall.wallMs - offset * MINUTE_MS;
  } else {
    const serverOffset = options.serverUtcOffsetMinutes ?? 0;
    signedAt = wall.wallMs - serverOffset * MINUTE_MS;
  }
  if (Math.abs(now - signedAt) > (options.skewMs ?? DEFAULT_SKEW_MS)) {
    return fail(403, ZSTACK_ACCESS_KEY_ERRORS.skewed, 'requestTimeTooSkewed');
  }

  const badStatus = options.badSignatureStatus ?? 400;
  const record = lookup(accessKey);
  if (!record) {
    return fail(badStatus, ZSTACK_ACCESS_KEY_ERRORS.unknownAccessKey, `invalid access key id [${accessKey}]`);
  }

  const signedUri = decodePath(stripContextPath(req.rawPath === '' ? '/' : req.rawPath, options.contextPath));
  const stringToSign = `${req.method.toUpperCase()}\n${date}\n${signedUri}`;
  const expected = createHmac('sha1', record.secretKey).update(stringToSign, 'utf8').digest('base64');
  if (!safeEqual(expected, signature)) {
    return fail(badStatus, ZSTACK_ACCESS_KEY_ERRORS.wrongSignature, 'wrong accessKey signature');
  }
  return { ok: true, accessKey, signedUri };
}
