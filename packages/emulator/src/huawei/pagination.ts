import { fail } from './errors.js';

/**
 * The three paging styles of reference §3.7. Each returns the page and whether more follow;
 * an unknown marker is an error, as on the real services.
 */

export function parseLimit(
  raw: string | null,
  defaults: { default: number; max: number },
  error: { code: string; status?: number },
): number {
  if (raw === null || raw === '') return defaults.default;
  if (!/^\d+$/.test(raw)) fail(error.status ?? 400, error.code, `Invalid limit: ${raw}`);
  const value = Number(raw);
  if (value < 0 || value > defaults.max) {
    fail(error.status ?? 400, error.code, `limit must be between 0 and ${defaults.max}`);
  }
  return value === 0 ? defaults.default : value;
}

function parseNonNegative(raw: string | null, name: string, error: { code: string }): number {
  if (raw === null || raw === '') return 0;
  if (!/^\d+$/.test(raw)) fail(400, error.code, `Invalid ${name}: ${raw}`);
  return Number(raw);
}

/** Items after the one whose id is `marker`, then `limit` of them. */
export function markerPage<T extends { id: string }>(
  items: T[],
  marker: string | null,
  limit: number,
  error: { code: string; message?: string },
): { page: T[]; more: boolean } {
  let start = 0;
  if (marker) {
    const index = items.findIndex((item) => item.id === marker);
    if (index < 0) fail(400, error.code, error.message ?? `Invalid marker: ${marker}`);
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  return { page, more: start + limit < items.length };
}

/** ECS: `offset` is a 1-based page number (0 counts as 1); `marker` wins when both are given. */
export function ecsPage<T extends { id: string }>(
  items: T[],
  query: URLSearchParams,
  limit: number,
  error: { code: string },
): T[] {
  const marker = query.get('marker');
  if (marker) return markerPage(items, marker, limit, error).page;
  const page = Math.max(1, parseNonNegative(query.get('offset'), 'offset', error));
  return items.slice((page - 1) * limit, page * limit);
}

/** EVS: `offset` counts records; `marker` wins when both are given. */
export function evsPage<T extends { id: string }>(
  items: T[],
  query: URLSearchParams,
  limit: number,
  error: { code: string },
): { page: T[]; more: boolean } {
  const marker = query.get('marker');
  if (marker) return markerPage(items, marker, limit, error);
  const offset = parseNonNegative(query.get('offset'), 'offset', error);
  return { page: items.slice(offset, offset + limit), more: offset + limit < items.length };
}
