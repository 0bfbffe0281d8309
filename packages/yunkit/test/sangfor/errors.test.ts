import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
} from 'yunkit/core';
// Internal helpers, tested where they live rather than exported.
import { isSuccessCode, parseSangforError, statusForCode, unwrapData } from '../../src/sangfor/envelope.js';
import { fakeResponse, offlineClient, VM } from './helpers.js';

const request = { method: 'GET', url: new URL('https://scp.test/janus/20180725/servers'), headers: {} };

describe('success codes', () => {
  it('reads code and errcode variants', () => {
    for (const code of [0, '0', '0x0', '0x00000000', undefined, '']) expect(isSuccessCode(code)).toBe(true);
    for (const code of [1, '1', '0x00000194', 404, -1, 'E_FAIL']) expect(isSuccessCode(code)).toBe(false);
  });
});

describe('parseSangforError', () => {
  it('passes a success envelope and a 204', () => {
    expect(parseSangforError(fakeResponse(200, { code: 0, message: '', data: [] }), request)).toBeUndefined();
    expect(
      parseSangforError(fakeResponse(200, { errcode: '0x0', message: '', data: {} }), request),
    ).toBeUndefined();
    expect(parseSangforError(fakeResponse(204, undefined), request)).toBeUndefined();
    expect(parseSangforError(fakeResponse(200, [{ id: 1 }]), request)).toBeUndefined();
  });

  it('treats HTTP 200 with a non-zero code as an error and keeps the Chinese message intact', () => {
    // SCP writes Chinese as \uXXXX escapes; the message must come back decoded and unchanged.
    const raw =
      '{"code":1,"message":"az_id\\u8f93\\u5165\\u9519\\u8bef\\uff1a\\u503c\\u5fc5\\u987b\\u662fUUID\\u683c\\u5f0f","data":null}';
    const error = parseSangforError(fakeResponse(200, raw), request);
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.cloudMessage).toBe('az_id输入错误：值必须是UUID格式');
    expect(error?.message).toContain('az_id输入错误：值必须是UUID格式');
    expect(error?.code).toBe('1');
    expect(error?.status).toBe(400);
    expect(error?.provider).toBe('sangfor');
  });

  it('maps a code that is an HTTP status, and not-found messages, onto the hierarchy', () => {
    expect(
      parseSangforError(fakeResponse(200, { code: 404, message: 'x', data: null }), request),
    ).toBeInstanceOf(NotFoundError);
    expect(
      parseSangforError(fakeResponse(200, { code: 10001, message: '云主机不存在', data: null }), request),
    ).toBeInstanceOf(NotFoundError);
    expect(statusForCode('0x00000001', 'Token expired')).toBe(401);
    expect(statusForCode(1, 'Token已过期，请重新认证')).toBe(401);
    expect(statusForCode(1, 'Token无效，请重新认证')).toBe(401);
    // An expired VM (its expire_time) is no auth problem.
    expect(statusForCode(1, '云主机已过期')).toBe(400);
    expect(statusForCode(2, '没有权限执行此操作')).toBe(403);
    expect(statusForCode(2, '请求过于频繁，请稍后再试')).toBe(429);
  });

  it('maps HTTP statuses with either error field', () => {
    expect(
      parseSangforError(fakeResponse(404, { code: 404, message: '请求的资源不存在', data: null }), request),
    ).toBeInstanceOf(NotFoundError);
    const auth = parseSangforError(
      fakeResponse(401, { errcode: '0x00000191', message: '认证失败', data: null }),
      request,
    );
    expect(auth).toBeInstanceOf(AuthError);
    expect(auth?.code).toBe('0x00000191');
    expect(
      parseSangforError(fakeResponse(403, { code: 403, message: 'no', data: null }), request),
    ).toBeInstanceOf(PermissionError);
    expect(parseSangforError(fakeResponse(502, 'Bad Gateway'), request)).toBeInstanceOf(ServerError);
    const limited = parseSangforError(
      fakeResponse(429, { code: 429, message: '请求过于频繁', data: null }, { 'retry-after': '3' }),
      request,
    );
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(3000);
  });

  it('refuses a 200 whose body is not JSON (a proxy or portal page)', () => {
    const error = parseSangforError(fakeResponse(200, '<html>login</html>'), request);
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.code).toBe('NotJson');
    expect(error?.message).toContain('<html>login</html>');
  });

  it('unwraps data, bare arrays and empty bodies', () => {
    expect(unwrapData(fakeResponse(200, { code: 0, data: { a: 1 } }))).toEqual({ a: 1 });
    expect(unwrapData(fakeResponse(200, [1, 2]))).toEqual([1, 2]);
    expect(unwrapData(fakeResponse(204, undefined))).toBeUndefined();
  });
});

describe('errors through the client', () => {
  it('throws on an HTTP 200 whose envelope carries a non-zero code, the Chinese message intact', async () => {
    const raw =
      '{"code":1,"message":"az_id\\u8f93\\u5165\\u9519\\u8bef\\uff1a\\u503c\\u5fc5\\u987b\\u662fUUID\\u683c\\u5f0f","data":{"total_size":0,"data":[]}}';
    const { client, transport } = offlineClient(() => fakeResponse(200, raw), {
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const listed = (await client.servers.list().catch((e: unknown) => e)) as ApiError;
    expect(listed).toBeInstanceOf(ApiError);
    expect(listed.status).toBe(400);
    expect(listed.code).toBe('1');
    expect(listed.cloudMessage).toBe('az_id输入错误：值必须是UUID格式');
    // A 200 error is not a transient failure: it is not retried either.
    expect(transport.sent).toHaveLength(1);

    const { client: other } = offlineClient(() =>
      fakeResponse(200, { errcode: '0x00000194', message: '云主机不存在', data: null }),
    );
    const missing = await other.servers.get(VM).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).cloudMessage).toBe('云主机不存在');
  });

  it('throws NotFoundError for a missing VM and keeps the request id', async () => {
    const { client } = offlineClient(() =>
      fakeResponse(404, { code: 404, message: '云主机不存在', data: null }, { 'x-request-id': 'req-1' }),
    );
    const error = await client.servers.get(VM).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).cloudMessage).toBe('云主机不存在');
    expect((error as NotFoundError).requestId).toBe('req-1');
    expect((error as NotFoundError).url).toContain(`/janus/20180725/servers/${VM}`);
  });

  it('never leaks the secret key, signature or token into an error', async () => {
    const { client, transport } = offlineClient(() =>
      fakeResponse(401, { code: 401, message: 'bad signature', data: null }),
    );
    const error = (await client.system.version().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    const signature = /Signature=([0-9a-f]+)/.exec(transport.sent[0]?.headers.Authorization ?? '')?.[1];
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const dump = `${error.message} ${error.stack} ${JSON.stringify(error)} ${JSON.stringify(error.body)}`;
    expect(dump).not.toContain('SKTEST-not-a-real-secret');
    expect(dump).not.toContain(signature);
  });
});
