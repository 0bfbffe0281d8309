import type { EmulatorRequest } from '../engine/index.js';
import { fail } from './errors.js';

/**
 * Request-body readers that answer bad input in the calling service's error shape: every reader
 * takes the service's "parameter invalid" code.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object; `wrapper` names the one key the API nests everything under. */
export function readBody(req: EmulatorRequest, code: string): Json;
export function readBody(req: EmulatorRequest, code: string, wrapper: string): Json;
export function readBody(req: EmulatorRequest, code: string, wrapper?: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    fail(400, code, 'request body is illegal.');
  }
  if (!isObject(parsed)) fail(400, code, 'request body is illegal.');
  if (wrapper === undefined) return parsed;
  const inner = parsed[wrapper];
  if (!isObject(inner))
    fail(400, code, `Invalid request body: '${wrapper}' is required and must be an object.`);
  return inner;
}

export function requiredString(body: Json, field: string, code: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '')
    fail(400, code, `Invalid parameter: '${field}' is required.`);
  return value;
}

export function optionalString(body: Json, field: string, code: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(400, code, `Invalid parameter: '${field}' must be a string.`);
  return value;
}

export function optionalInteger(
  body: Json,
  field: string,
  code: string,
  range: { min: number; max: number },
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    fail(400, code, `Invalid parameter: '${field}' must be an integer in [${range.min}, ${range.max}].`);
  }
  return value;
}

export function requiredInteger(
  body: Json,
  field: string,
  code: string,
  range: { min: number; max: number },
): number {
  const value = optionalInteger(body, field, code, range);
  if (value === undefined) fail(400, code, `Invalid parameter: '${field}' is required.`);
  return value;
}

export function optionalBoolean(body: Json, field: string, code: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(400, code, `Invalid parameter: '${field}' must be a boolean.`);
  return value;
}

export function optionalArray(body: Json, field: string, code: string): unknown[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(400, code, `Invalid parameter: '${field}' must be an array.`);
  return value;
}

export function optionalStringMap(
  body: Json,
  field: string,
  code: string,
): Record<string, string> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    fail(400, code, `Invalid parameter: '${field}' must be an object of strings.`);
  }
  return value as Record<string, string>;
}

/** Names as the consoles allow them: 1-64 of letters, digits, CJK, `_ - .`. */
export function validName(value: string, field: string, code: string, max = 64): string {
  if (value.length > max || !/^[\p{L}\p{N}_.-]+$/u.test(value)) {
    fail(400, code, `Invalid parameter: '${field}' must be 1-${max} letters, digits, '_', '-' or '.'.`);
  }
  return value;
}

// ---- IPv4 CIDR arithmetic (VPC, subnets, port addresses) ----

export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function numberToIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; prefix: number; size: number } | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const ip = ipToNumber(match[1]!);
  const prefix = Number(match[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (ip % size !== 0) return undefined;
  return { base: ip, prefix, size };
}

export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b) return false;
  return b.prefix >= a.prefix && b.base >= a.base && b.base + b.size <= a.base + a.size;
}

export function cidrsOverlap(x: string, y: string): boolean {
  const a = parseCidr(x);
  const b = parseCidr(y);
  if (!a || !b) return false;
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

export function ipInCidr(ip: string, cidr: string): boolean {
  const value = ipToNumber(ip);
  const range = parseCidr(cidr);
  return value !== undefined && range !== undefined && value >= range.base && value < range.base + range.size;
}
