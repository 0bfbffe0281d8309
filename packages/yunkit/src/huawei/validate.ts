/** Input checks shared by the Huawei resources: bad input is a ValidationError before anything is sent. */
import { ValidationError } from '../core/errors.js';

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} must be a non-empty string`, field);
  }
  return value;
}

export function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${field} must be an object`, field);
  }
  return value as Record<string, unknown>;
}

export function optionalString(value: unknown, field: string): void {
  if (value !== undefined) requireString(value, field);
}

export function requireInteger(
  value: unknown,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ValidationError(`${field} must be an integer ${range}`, field);
  }
  return value;
}

export function optionalInteger(value: unknown, field: string, min: number, max?: number): void {
  if (value !== undefined) requireInteger(value, field, min, max);
}

/** One id or a list of ids → a non-empty, duplicate-free list (batch APIs take at most `max`). */
export function idList(ids: string | readonly string[], field: string, max = 1000): string[] {
  const list = typeof ids === 'string' ? [ids] : Array.isArray(ids) ? [...ids] : undefined;
  if (!list || list.length === 0) throw new ValidationError(`${field}: at least one id is required`, field);
  if (list.length > max) throw new ValidationError(`${field}: at most ${max} ids per call`, field);
  list.forEach((id, i) => {
    requireString(id, `${field}[${i}]`);
  });
  return [...new Set(list)];
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`${field} must be one of ${allowed.join(', ')}`, field);
  }
  return value as T;
}

export function checkLimit(limit: unknown, field = 'limit', max = 1000): void {
  optionalInteger(limit, field, 1, max);
}
