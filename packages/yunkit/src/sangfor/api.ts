/**
 * The one place Sangfor resources send requests through: JSON serialised once (the bytes hashed are
 * the bytes sent), `X-Client-Token` on every POST/PUT and kept across retries, the envelope unwrapped,
 * and SCP's page shape turned into core's lazy Paginator.
 */

import { NotFoundError } from '../core/errors.js';
import type { CallOptions, PageResult, Pipeline, PipelineRequest } from '../core/index.js';
import { newIdempotencyToken, Paginator } from '../core/index.js';
import { applySignedHeaders } from '../signing/index.js';
import { isRecord, unwrapData } from './envelope.js';
import type { SangforListAllOptions, SangforPage } from './types.js';
import { filtersToQuery, requireNonNegativeInt, requirePositiveInt } from './validate.js';
import type { SangforApiArea, SangforEndpointKind, SangforVersionTable } from './versions.js';

export interface SangforRequestInit extends CallOptions {
  query?: Record<string, string>;
  /** Serialised as JSON once; those exact bytes are signed and sent. */
  body?: unknown;
}

export interface SangforApiDefaults {
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 100;

/** The task id SCP returned, or undefined when it answered without one (204 or an empty `data`). */
export function taskIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const id = record.task_id ?? record.taskId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The items of a list payload that may be a plain array or SCP's page object. */
export function itemsOf<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  return isRecord(data) && Array.isArray(data.data) ? (data.data as T[]) : [];
}

/**
 * Reads a list answer into SCP's page shape. A plain array (vpcs, subnets, storages on some releases)
 * is one complete page.
 */
export function normalizePage<T>(
  payload: unknown,
  requested: { page_num: number; page_size: number },
): SangforPage<T> {
  if (Array.isArray(payload)) {
    return {
      total_size: payload.length,
      page_num: 0,
      page_size: payload.length,
      next_page_num: '',
      data: payload as T[],
    };
  }
  if (!isRecord(payload)) {
    return {
      total_size: 0,
      page_num: requested.page_num,
      page_size: requested.page_size,
      next_page_num: '',
      data: [],
    };
  }
  const items = itemsOf<T>(payload);
  const next = payload.next_page_num;
  return {
    ...payload,
    total_size: toInt(payload.total_size) ?? items.length,
    page_num: toInt(payload.page_num) ?? requested.page_num,
    page_size: toInt(payload.page_size) ?? requested.page_size,
    next_page_num: typeof next === 'number' || typeof next === 'string' ? next : null,
    data: items,
  };
}

/**
 * The page after this one, or undefined on the last. Working clients stop on any of: `next_page_num`
 * empty, an empty page, a short page, or everything counted; all are honoured, because releases differ
 * in which of them they get right. A short page is judged against the size the server says it used,
 * since it may cap the size asked for.
 */
export function nextPageNumber(
  page: SangforPage<unknown>,
  requestedPageNum: number,
  seen: number,
): number | undefined {
  if (page.data.length === 0) return undefined;
  if (page.next_page_num === '' || page.next_page_num === null) return undefined;
  if (page.total_size > 0 && seen >= page.total_size) return undefined;
  if (page.page_size > 0 && page.data.length < page.page_size) return undefined;
  const next = toInt(page.next_page_num);
  if (next === undefined) return undefined;
  return next > requestedPageNum ? next : undefined;
}

/** `pathname` under the endpoint's own path (a host given as `https://h/prefix` keeps its prefix). */
export function endpointUrl(endpoint: URL, pathname: string, query?: Record<string, string>): URL {
  const url = new URL(endpoint.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}${pathname}`;
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  return url;
}

export class SangforApi {
  constructor(
    readonly pipeline: Pipeline,
    readonly baseUrl: URL,
    readonly versions: SangforVersionTable,
    readonly defaults: SangforApiDefaults,
  ) {}

  path(area: SangforApiArea, kind: SangforEndpointKind, rest: string): string {
    return this.versions.path(area, kind, rest);
  }

  url(pathname: string, query?: Record<string, string>): URL {
    return endpointUrl(this.baseUrl, pathname, query);
  }

  /** Sends one call and returns the envelope's `data`. */
  async request<T>(method: string, pathname: string, init: SangforRequestInit = {}): Promise<T> {
    const { query, body, headers: extraHeaders, ...call } = init;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    let idempotencyToken: string | undefined;
    if (method === 'POST' || method === 'PUT') {
      idempotencyToken = newIdempotencyToken();
      headers['X-Client-Token'] = idempotencyToken;
    }
    if (extraHeaders !== undefined) applySignedHeaders(headers, extraHeaders);
    const request: PipelineRequest = {
      ...call,
      method,
      url: this.url(pathname, query),
      headers,
    };
    if (body !== undefined) request.body = Buffer.from(JSON.stringify(body), 'utf8');
    if (idempotencyToken !== undefined) request.idempotencyToken = idempotencyToken;
    const response = await this.pipeline.send(request);
    return unwrapData<T>(response);
  }

  get<T>(pathname: string, init?: SangforRequestInit): Promise<T> {
    return this.request<T>('GET', pathname, init);
  }
  post<T>(pathname: string, body: unknown, init?: SangforRequestInit): Promise<T> {
    return this.request<T>('POST', pathname, { ...init, body });
  }
  put<T>(pathname: string, body: unknown, init?: SangforRequestInit): Promise<T> {
    return this.request<T>('PUT', pathname, { ...init, body });
  }
  delete<T>(pathname: string, init?: SangforRequestInit): Promise<T> {
    return this.request<T>('DELETE', pathname, init);
  }

  /** One page of a paginated list; `query` already holds the filters. */
  async page<T>(
    pathname: string,
    query: Record<string, string>,
    pageNum: number,
    pageSize: number,
    options?: CallOptions,
  ): Promise<SangforPage<T>> {
    const payload = await this.get<unknown>(pathname, {
      ...options,
      query: { ...query, page_num: String(pageNum), page_size: String(pageSize) },
    });
    return normalizePage<T>(payload, { page_num: pageNum, page_size: pageSize });
  }

  /**
   * A lazy list over every page. Filters are validated now, so a bad filter throws at the call site;
   * nothing is sent until the caller iterates.
   */
  paginate<T>(
    pathname: string,
    filters: object | undefined,
    idFields: readonly string[],
    options: SangforListAllOptions & CallOptions = {},
  ): Paginator<T, number> {
    const { pageSize = this.defaults.pageSize, ...call } = options;
    const query = filtersToQuery(stripPaging(filters), idFields);
    return this.paginatePages<T>(
      (pageNum, size) => this.page<T>(pathname, query, pageNum, size, call),
      pageSize,
    );
  }

  /** A lazy list over pages that `fetchPage` reads; it stops as `nextPageNumber` says. */
  paginatePages<T>(
    fetchPage: (pageNum: number, pageSize: number) => Promise<SangforPage<T>>,
    pageSize: number = this.defaults.pageSize,
  ): Paginator<T, number> {
    requirePositiveInt('pageSize', pageSize);
    let seen = 0;
    return new Paginator<T, number>(async (cursor): Promise<PageResult<T, number>> => {
      const pageNum = cursor ?? 0;
      if (cursor === undefined) seen = 0;
      const page = await fetchPage(pageNum, pageSize);
      seen += page.data.length;
      return {
        items: page.data,
        next: nextPageNumber(page, pageNum, seen),
        total: page.total_size,
        raw: page,
      };
    });
  }

  /** One page of a list, as `listPage` methods return it: paging parameters and filters validated, then sent. */
  listPage<T>(
    pathname: string,
    params: (object & { page_num?: number; page_size?: number }) | undefined,
    idFields: readonly string[],
    options?: CallOptions,
  ): Promise<SangforPage<T>> {
    const { query, pageNum, pageSize } = this.pageQuery(params, idFields);
    return this.page<T>(pathname, query, pageNum, pageSize, options);
  }

  /**
   * One item by `GET <itemPath>`, or, when SCP answers 404 there (real systems do for hosts and
   * images), the item of that id found in the list; NotFoundError only when the list lacks it too.
   */
  async getOrFindInList<T extends { id?: unknown }>(
    itemPath: string,
    id: string,
    list: () => AsyncIterable<T>,
    options?: CallOptions,
  ): Promise<T> {
    try {
      return await this.get<T>(itemPath, options);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      for await (const item of list()) if (item.id === id) return item;
      throw error;
    }
  }

  /** Validated page parameters plus filters for `listPage`. */
  pageQuery(
    params: (object & { page_num?: number; page_size?: number }) | undefined,
    idFields: readonly string[],
  ): { query: Record<string, string>; pageNum: number; pageSize: number } {
    const pageNum = params?.page_num ?? 0;
    const pageSize = params?.page_size ?? this.defaults.pageSize;
    requireNonNegativeInt('page_num', pageNum);
    requirePositiveInt('page_size', pageSize);
    return { query: filtersToQuery(stripPaging(params), idFields), pageNum, pageSize };
  }
}

function stripPaging(params: object | undefined): object | undefined {
  if (params === undefined) return undefined;
  const { page_num: _n, page_size: _s, ...rest } = params as Record<string, unknown>;
  return rest;
}
