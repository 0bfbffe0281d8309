/**
 * SCP wraps answers in `{code, message, data}`; a newer variant says `errcode` (e.g. `"0x0"`). An
 * HTTP 200 with a non-zero code is an error, so errors are read from the body, not only the status.
 */
import { ApiError } from '../core/errors.js';
import type { HttpResponse, OutgoingRequest } from '../core/index.js';
import { parseRetryAfter, redactUrl, redactValue } from '../core/index.js';

/** The body parsed as JSON, or undefined when it is empty or not JSON. */
export function parseBody(response: HttpResponse): unknown {
  if (response.body.length === 0) return undefined;
  const text = response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error code the envelope carries (`errcode` first, then `code`), or undefined when there is none. */
function envelopeCode(body: unknown): string | number | undefined {
  if (!isRecord(body)) return undefined;
  const errcode = body.errcode;
  if (typeof errcode === 'string' || typeof errcode === 'number') return errcode;
  const code = body.code;
  if (typeof code === 'string' || typeof code === 'number') return code;
  return undefined;
}

/** `0`, `"0"`, `"0x0"`, `"0x00000000"` all mean success. */
export function isSuccessCode(code: string | number | undefined): boolean {
  if (code === undefined) return true;
  if (typeof code === 'number') return code === 0;
  const text = code.trim();
  if (text === '') return true;
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16) === 0;
  return /^-?\d+$/.test(text) && Number(text) === 0;
}

function envelopeMessage(body: unknown): string {
  if (!isRecord(body)) return '';
  for (const key of ['message', 'msg', 'error', 'error_message']) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') return value;
    if (isRecord(value) && typeof value.message === 'string') return value.message;
  }
  return '';
}

/**
 * The HTTP status an error code in a 200 answer stands for. SCP's code space is not documented: a code
 * that is itself an HTTP error status is taken as one; otherwise the message decides (SCP's messages
 * are Chinese or English), and anything else is a client error that must not be retried.
 */
export function statusForCode(code: string | number, message: string): number {
  const numeric = typeof code === 'number' ? code : /^\d+$/.test(code.trim()) ? Number(code) : Number.NaN;
  if (Number.isInteger(numeric) && numeric >= 400 && numeric <= 599) return numeric;
  if (/not[ _]?found|does not exist|不存在|找不到|未找到/i.test(message)) return 404;
  if (
    /unauthori[sz]ed|authenticat|token.*(expired|invalid|过期|无效)|令牌|认证失败|重新认证|重新登录|登录超时|未登录/i.test(
      message,
    )
  )
    return 401;
  if (/forbidden|permission|not allowed|无权|权限/i.test(message)) return 403;
  if (/too many requests|rate limit|请求过于频繁|频繁/i.test(message)) return 429;
  if (/already exists|conflict|已存在|冲突/i.test(message)) return 409;
  return 400;
}

function requestIdOf(response: HttpResponse): string | undefined {
  return (
    response.headers['x-request-id'] ??
    response.headers['x-openstack-request-id'] ??
    response.headers['x-compute-request-id'] ??
    undefined
  );
}

/** Pipeline `parseError` for SCP: non-2xx statuses and 2xx answers with a non-zero code. */
export function parseSangforError(response: HttpResponse, request: OutgoingRequest): ApiError | undefined {
  const ok = response.status >= 200 && response.status < 300;
  if (ok && response.status === 204) return undefined;
  const body = parseBody(response);
  if (ok && body === undefined && response.body.length > 0 && response.text().trim() !== '') {
    // A 200 that is not JSON is no SCP answer (a proxy's or portal's page): never treat it as data.
    return ApiError.from({
      provider: 'sangfor',
      status: response.status,
      code: 'NotJson',
      message: `expected SCP's JSON envelope, got: ${response.text().slice(0, 200)}`,
      requestId: requestIdOf(response),
      method: request.method,
      url: redactUrl(request.url),
    });
  }
  const code = envelopeCode(body);
  if (ok && isSuccessCode(code)) return undefined;

  const message = envelopeMessage(body) || (body === undefined ? response.text().slice(0, 500) : '');
  const status = ok ? statusForCode(code ?? '', message) : response.status;
  const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
  return ApiError.from({
    provider: 'sangfor',
    status,
    code: code === undefined ? String(response.status) : String(code),
    message,
    requestId: requestIdOf(response),
    body: body === undefined ? undefined : redactValue(body),
    method: request.method,
    url: redactUrl(request.url),
    retryAfterMs,
  });
}

/** The payload of a successful answer: `data` of the envelope, a bare array, or undefined for 204/empty. */
export function unwrapData<T>(response: HttpResponse): T {
  const body = parseBody(response);
  if (isRecord(body) && 'data' in body) return body.data as T;
  return body as T;
}
