/**
 * Input checks run before anything goes on the wire: SCP answers bad input with Chinese messages
 * and, for some mutations, only after it has queued a task, so catching the obvious cases locally
 * gives the caller a clear error that names the field.
 */
import { isIP, isIPv4 } from 'node:net';
import { ValidationError } from '../core/errors.js';

/** SCP ids are UUIDs (any version, including the all-zero built-in storage tag) or Keystone's 32-hex form. */
const UUID_SHAPE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

export function isSangforId(value: unknown): value is string {
  return typeof value === 'string' && UUID_SHAPE.test(value);
}

/** A required UUID-shaped id (`az_id`, `server_id`, ...). */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`${field} is required and must be a non-empty UUID string`, field);
  }
  if (!UUID_SHAPE.test(value)) {
    throw new ValidationError(`${field} must be a UUID, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** An optional UUID-shaped id: absent is fine, present-but-empty is not (SCP rejects `az_id=`). */
export function optionalId(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  requireId(field, value);
}

/** Ids whose format SCP does not fix (task ids, host ids such as `host-0cc47a3e52b0`). */
export function requireToken(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} is required and must be a non-empty string`, field);
  }
  if (value === '.' || value === '..' || /[/?#\s]/.test(value)) {
    throw new ValidationError(`${field} contains characters that cannot be part of an id`, field);
  }
  return value;
}

export function requireName(field: string, value: unknown, maxLength = 255): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} is required and must be a non-empty string`, field);
  }
  if (value.length > maxLength) {
    throw new ValidationError(`${field} must be at most ${maxLength} characters`, field);
  }
  return value;
}

export function optionalText(field: string, value: unknown, maxLength: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, field);
  if (value.length > maxLength)
    throw new ValidationError(`${field} must be at most ${maxLength} characters`, field);
}

export function requirePositiveInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive integer, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

export function optionalPositiveInt(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  requirePositiveInt(field, value);
}

export function requireNonNegativeInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ValidationError(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

export function optionalFlag(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (value !== 0 && value !== 1 && value !== true && value !== false) {
    throw new ValidationError(`${field} must be 0, 1 or a boolean`, field);
  }
}

export function toFlag(value: 0 | 1 | boolean): 0 | 1 {
  return value === true || value === 1 ? 1 : 0;
}

export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${field} must be an object`, field);
  }
  return value as Record<string, unknown>;
}

export interface ParsedCidr {
  family: 4 | 6;
  address: string;
  prefix: number;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; the address must be the network address (no host bits set). */
export function requireCidr(field: string, value: unknown): ParsedCidr {
  if (typeof value !== 'string')
    throw new ValidationError(`${field} must be a CIDR string such as 192.168.10.0/24`, field);
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? '' : value.slice(slash + 1);
  const family = isIP(address);
  if (family === 0 || !/^\d{1,3}$/.test(prefixText)) {
    throw new ValidationError(`${field} is not a CIDR: ${JSON.stringify(value)}`, field);
  }
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) {
    throw new ValidationError(`${field} has a prefix length out of range: ${JSON.stringify(value)}`, field);
  }
  if (family === 4 && (ipv4ToInt(address) & maskOf(prefix)) >>> 0 !== ipv4ToInt(address)) {
    throw new ValidationError(`${field} has host bits set: ${JSON.stringify(value)}`, field);
  }
  return { family: family as 4 | 6, address, prefix };
}

export function requireIp(field: string, value: unknown): string {
  if (typeof value !== 'string' || isIP(value) === 0) {
    throw new ValidationError(`${field} must be an IP address, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** The gateway must be an address of the subnet (IPv4 checked exactly; IPv6 only for family). */
export function requireIpInCidr(field: string, value: unknown, cidr: ParsedCidr): string {
  const ip = requireIp(field, value);
  if (cidr.family === 4) {
    if (!isIPv4(ip))
      throw new ValidationError(
        `${field} must be an IPv4 address inside ${cidr.address}/${cidr.prefix}`,
        field,
      );
    const mask = maskOf(cidr.prefix);
    if ((ipv4ToInt(ip) & mask) >>> 0 !== (ipv4ToInt(cidr.address) & mask) >>> 0) {
      throw new ValidationError(`${field} ${ip} is outside ${cidr.address}/${cidr.prefix}`, field);
    }
  } else if (isIPv4(ip)) {
    throw new ValidationError(`${field} must be an IPv6 address for an IPv6 subnet`, field);
  }
  return ip;
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** SCP's API version path segment: `YYYY0725` as observed (20180725, 20190725, ...). */
export function requireApiVersion(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{8}$/.test(value)) {
    throw new ValidationError(`${field} must be an 8-digit API version such as 20180725`, field);
  }
  return value;
}

/**
 * Turns filters into query parameters: drops undefined/null, joins arrays with commas, writes
 * booleans as 1/0, and rejects empty strings, because SCP answers `az_id=` with an error.
 */
export function filtersToQuery(
  filters: object | undefined,
  idFields: readonly string[] = [],
): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters === undefined) return query;
  for (const [key, raw] of Object.entries(filters)) {
    if (raw === undefined || raw === null) continue;
    if (idFields.includes(key)) optionalId(key, raw);
    let value: string;
    if (Array.isArray(raw)) {
      if (raw.length === 0) continue;
      for (const item of raw) {
        if (typeof item !== 'string' || item === '')
          throw new ValidationError(`${key} must hold non-empty strings`, key);
      }
      value = raw.join(',');
    } else if (typeof raw === 'boolean') {
      value = raw ? '1' : '0';
    } else if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) throw new ValidationError(`${key} must be a finite number`, key);
      value = String(raw);
    } else if (typeof raw === 'string') {
      value = raw;
    } else {
      throw new ValidationError(`${key} must be a string, number, boolean or array of strings`, key);
    }
    if (value === '') throw new ValidationError(`${key} must not be empty; omit the filter instead`, key);
    query[key] = value;
  }
  return query;
}
