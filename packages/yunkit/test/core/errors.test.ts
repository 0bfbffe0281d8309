import { describe, expect, it } from 'vitest';
import * as here from 'yunkit/core';

// A second, separately evaluated copy of errors.ts, as when two yunkit versions are installed.
const otherCopyUrl = `${new URL('../../src/core/errors.ts', import.meta.url).href}?copy=2`;

describe('errors', () => {
  it('instanceof holds across two copies of the module, both ways', async () => {
    const other = (await import(/* @vite-ignore */ otherCopyUrl)) as typeof here;
    expect(other.NotFoundError).not.toBe(here.NotFoundError);

    const fromOther = other.ApiError.from({
      provider: 'zstack',
      status: 404,
      code: 'NOT_FOUND',
      message: 'gone',
    });
    expect(fromOther).toBeInstanceOf(here.NotFoundError);
    expect(fromOther).toBeInstanceOf(here.ApiError);
    expect(fromOther).toBeInstanceOf(here.YunkitError);
    expect(fromOther).not.toBeInstanceOf(here.ConflictError);

    const fromHere = new here.TimeoutError('slow', { timeoutMs: 5, kind: 'request' });
    expect(fromHere).toBeInstanceOf(other.TimeoutError);
    expect(fromHere).toBeInstanceOf(other.YunkitError);
    expect(fromHere).not.toBeInstanceOf(other.ApiError);
    expect(fromHere).toBeInstanceOf(Error);
    expect(new Error('plain')).not.toBeInstanceOf(other.YunkitError);
    expect({ name: 'NotFoundError' }).not.toBeInstanceOf(here.NotFoundError);
  });

  it('ApiError.from picks the subclass by status and keeps the cloud message', () => {
    const cases: Array<[number, string]> = [
      [401, 'AuthError'],
      [403, 'PermissionError'],
      [404, 'NotFoundError'],
      [409, 'ConflictError'],
      [429, 'RateLimitError'],
      [500, 'ServerError'],
      [503, 'ServerError'],
      [400, 'ApiError'],
    ];
    for (const [status, name] of cases) {
      const error = here.ApiError.from({
        provider: 'huawei',
        status,
        code: 'Ecs.0114',
        message: '云服务器不存在',
        requestId: 'r-1',
      });
      expect(error.name).toBe(name);
      expect(error.cloudMessage).toBe('云服务器不存在');
      expect(error.message).toContain('r-1');
    }
    const limited = here.ApiError.from({
      provider: 'volcengine',
      status: 429,
      code: 'Throttling',
      message: 'slow down',
      retryAfterMs: 2000,
    });
    expect((limited as here.RateLimitError).retryAfterMs).toBe(2000);
  });

  it('CredentialsNotFoundError is a ValidationError', () => {
    const error = new here.CredentialsNotFoundError('none');
    expect(error).toBeInstanceOf(here.ValidationError);
    expect(error).toBeInstanceOf(here.YunkitError);
  });
});
