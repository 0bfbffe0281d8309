import type { SangforOptions } from './options.js';

/** What SCP's handlers answer: a status plus the envelope, written as JSON with `\uXXXX` escapes. */
export interface ScpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A refusal that a handler throws; the route wrapper turns it into SCP's error envelope. */
export class ScpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ScpError';
  }
}

/**
 * SCP's Python back end writes JSON with ASCII escapes, so Chinese messages arrive as `\uXXXX` (S8 decodes them).
 * Doing the same keeps clients honest about decoding.
 */
export function scpJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** An answer whose JSON body is already written. */
export function jsonAnswer(status: number, body: string, headers: Record<string, string> = {}): ScpResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

export function ok(data: unknown, status = 200): ScpResponse {
  return jsonAnswer(status, scpJson({ code: 0, message: '', data }));
}

/**
 * The error envelope: `{"code": <non-zero int>, "message": "...", "data": null}` (reference §2, [I]); with
 * `errorField: 'errcode'` the S1 variant `{"errcode": "0x...", ...}`. The integer code is the HTTP status, so a
 * client that only sees the envelope still learns what kind of failure it was.
 */
function errorBody(status: number, message: string, errorField: SangforOptions['errorField']): string {
  if (errorField === 'errcode') {
    return scpJson({ errcode: `0x${status.toString(16).padStart(8, '0')}`, message, data: null });
  }
  return scpJson({ code: status, message, data: null });
}

export function fail(
  status: number,
  message: string,
  errorField: SangforOptions['errorField'],
  headers: Record<string, string> = {},
): ScpResponse {
  return jsonAnswer(status, errorBody(status, message, errorField), headers);
}

/** What SCP says about a body that is not JSON (the engine's `MalformedJson`). */
export const MALFORMED_JSON_MESSAGE = '请求体不是合法的JSON';

/** Messages SCP uses for whole classes of failure (engine-made errors and injected faults reuse them). */
export function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return '请求参数错误';
    case 401:
      return '认证失败，请重新登录';
    case 403:
      return '没有权限执行此操作';
    case 404:
      return '请求的资源不存在';
    case 405:
      return '不支持的请求方法';
    case 409:
      return '资源状态冲突';
    case 413:
      return '请求体过大';
    case 429:
      return '请求过于频繁，请稍后再试';
    case 502:
    case 503:
    case 504:
      return '服务暂时不可用，请稍后再试';
    default:
      return status >= 500 ? '服务器内部错误' : '请求失败';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Input checks, with the wording SCP uses (`az_id输入错误：值必须是UUID格式`, reference §2).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function invalid(field: string, rule: string): ScpError {
  return new ScpError(400, `${field}输入错误：${rule}`);
}

export function requireUuid(value: unknown, field: string): string {
  if (!isUuid(value)) throw invalid(field, '值必须是UUID格式');
  return value.toLowerCase();
}

export function optionalUuid(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireUuid(value, field);
}

export function requireName(value: unknown, field = 'name', max = 64): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, '值不能为空');
  if (value.length > max) throw invalid(field, `长度不能超过${max}个字符`);
  return value;
}

export function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, '值必须是字符串');
  if (value.length > max) throw invalid(field, `长度不能超过${max}个字符`);
  return value;
}

export function requireInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `值必须是${min}到${max}之间的整数`);
  }
  return value;
}

export function optionalInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  return requireInt(value, field, min, max);
}

/** SCP flags are 0/1 integers; booleans are accepted because clients send either. */
export function optionalFlag(value: unknown, field: string): 0 | 1 | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 1 || value === '1') return 1;
  if (value === false || value === 0 || value === '0') return 0;
  throw invalid(field, '值必须是0或1');
}

export function requireObject(value: unknown, field = 'body'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(field, '值必须是JSON对象');
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// Query filters.

/**
 * A filter from the query string. Present-but-empty is an error, as on a real SCP (`az_id=` → 400), so clients
 * learn to omit empty filters.
 */
export function queryFilter(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (name.endsWith('_id')) return requireUuid(value, name);
  if (value === '') throw invalid(name, '值不能为空');
  return value;
}

/** How one query filter picks records: its same-named string field equals or contains the value, or a custom test. */
type CustomMatch<T> = (wanted: string, record: T) => boolean;
type QueryMatch<T> = 'equal' | 'contains' | CustomMatch<T>;

/**
 * Reads the named query filters with `queryFilter` (in the order given, so the first bad one is the one refused)
 * and returns the test a record passes when it matches every filter present. Names that are not a string field of
 * the record need a custom test (`keywords`, a list field).
 */
export function queryMatcher<T extends object, K extends string>(
  query: URLSearchParams,
  filters: {
    [P in K]: P extends keyof T ? (T[P] extends string ? QueryMatch<T> : CustomMatch<T>) : CustomMatch<T>;
  },
): (record: T) => boolean {
  const present = Object.entries<QueryMatch<T>>(filters).flatMap(([name, match]) => {
    const wanted = queryFilter(query, name);
    return wanted === undefined ? [] : [{ name, match, wanted }];
  });
  return (record) =>
    present.every(({ name, match, wanted }) => {
      if (typeof match === 'function') return match(wanted, record);
      const actual = (record as Record<string, unknown>)[name] as string;
      return match === 'equal' ? actual === wanted : actual.includes(wanted);
    });
}

/** Comma-separated id lists (`ids`, `vm_ids`, `storage_ids`, added in 20190725). */
export function queryIdList(query: URLSearchParams, name: string): string[] | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const ids = value.split(',').map((part) => part.trim());
  for (const id of ids) requireUuid(id, name);
  return ids.map((id) => id.toLowerCase());
}

export function queryFlag(query: URLSearchParams, name: string): 0 | 1 | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === '0' || value === '1') return Number(value) as 0 | 1;
  throw invalid(name, '值必须是0或1');
}

// ---------------------------------------------------------------------------------------------------------------
// Pagination (reference §3): 0-based page_num, `next_page_num` a number or "" on the last page.

export interface Page<T> {
  total_size: number;
  page_num: number;
  page_size: number;
  next_page_num: number | string;
  data: T[];
}

function pageParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw invalid(name, '值必须是整数');
  const value = Number(raw);
  if (value < min || value > max) throw invalid(name, `值必须在${min}到${max}之间`);
  return value;
}

/** Applies `sort`/`order_by`, then cuts the page. */
export function paginate<T extends object>(
  query: URLSearchParams,
  items: T[],
  options: SangforOptions,
): Page<T> {
  const pageSize = pageParam(query, 'page_size', options.defaultPageSize, 1, options.maxPageSize);
  const pageNum = pageParam(query, 'page_num', 0, 0, Number.MAX_SAFE_INTEGER);
  const sorted = sortItems(query, items);
  const start = pageNum * pageSize;
  const data = sorted.slice(start, start + pageSize);
  const hasNext = start + pageSize < sorted.length;
  const next = pageNum + 1;
  return {
    total_size: sorted.length,
    page_num: pageNum,
    page_size: pageSize,
    next_page_num: hasNext ? (options.nextPageNumType === 'string' ? String(next) : next) : '',
    data: projectFields(query, data),
  };
}

/** Lists that SCP returns as a plain array in `data` (S10), or paginated when so configured. */
export function plainOrPaged<T extends object>(
  query: URLSearchParams,
  items: T[],
  options: SangforOptions,
): T[] | Page<T> {
  if (options.networkListShape === 'paginated') return paginate(query, items, options);
  return projectFields(query, sortItems(query, items));
}

function sortItems<T extends object>(query: URLSearchParams, items: T[]): T[] {
  const sort = query.get('sort');
  const orderBy = query.get('order_by');
  if (orderBy !== null && !/^(asc|desc)$/i.test(orderBy)) throw invalid('order_by', '值必须是ASC或DESC');
  if (sort === null || sort === '') return items;
  const fields = sort.split(',').map((f) => f.trim());
  const direction = orderBy !== null && orderBy.toUpperCase() === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => {
    for (const field of fields) {
      const left = (a as Record<string, unknown>)[field];
      const right = (b as Record<string, unknown>)[field];
      if (left === right) continue;
      if (left === undefined || left === null) return -direction;
      if (right === undefined || right === null) return direction;
      return (left < right ? -1 : 1) * direction;
    }
    return 0;
  });
}

function projectFields<T extends object>(query: URLSearchParams, items: T[]): T[] {
  const fields = query.get('fields');
  if (fields === null || fields === '') return items;
  const wanted = fields.split(',').map((f) => f.trim());
  return items.map((item) => {
    const picked: Record<string, unknown> = {};
    for (const field of wanted) {
      if (field in item) picked[field] = (item as Record<string, unknown>)[field];
    }
    return picked as T;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Times.

/** SCP resource timestamps: `2026-01-04T06:42:42.000000`, no zone, UTC (reference §8). */
export function scpTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000');
}

/** Keystone token timestamps: RFC 3339 with a zone and microseconds (`2022-01-24T10:00:00.000000Z`). */
export function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
