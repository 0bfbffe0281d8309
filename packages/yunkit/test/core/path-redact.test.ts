import { describe, expect, it } from 'vitest';
import {
  encodePathSegment,
  isSensitiveKey,
  newIdempotencyToken,
  path,
  REDACTED,
  redactHeaders,
  redactUrl,
  redactValue,
  SecretScrubber,
  ValidationError,
} from 'yunkit/core';

describe('path tag', () => {
  it('percent-encodes each interpolated value as one segment', () => {
    expect(path`/servers/${'abc-123'}/action`).toBe('/servers/abc-123/action');
    expect(path`/servers/${'a/b?c#d'}`).toBe('/servers/a%2Fb%3Fc%23d');
    expect(path`/v1/${'proj id'}/vms/${'云主机'}`).toBe('/v1/proj%20id/vms/%E4%BA%91%E4%B8%BB%E6%9C%BA');
    expect(path`/x/${"it's(1)*!"}`).toBe('/x/it%27s%281%29%2A%21');
    expect(path`/x/${'..a'}/${'.hidden'}`).toBe('/x/..a/.hidden');
    expect(path`/static`).toBe('/static');
  });

  it("rejects '', '.', '..' and non-strings with ValidationError", () => {
    for (const bad of ['', '.', '..']) expect(() => path`/servers/${bad}`).toThrow(ValidationError);
    for (const bad of [undefined, null, 42, { id: 'x' }])
      expect(() => path`/servers/${bad}`).toThrow(ValidationError);
    expect(() => encodePathSegment('..', 'server_id')).toThrow(
      expect.objectContaining({ field: 'server_id' }),
    );
  });

  it('rejects a value with an unpaired surrogate with ValidationError, not URIError', () => {
    expect(() => path`/servers/${'vm\uD800'}`).toThrow(ValidationError);
    expect(() => encodePathSegment('\uDC00x', 'server_id')).toThrow(
      expect.objectContaining({ field: 'server_id' }),
    );
  });
});

describe('redaction', () => {
  it('recognises secret names in every spelling', () => {
    for (const name of [
      'Authorization',
      'X-Auth-Token',
      'X-Subject-Token',
      'X-Security-Token',
      'Cookie',
      'Set-Cookie',
      'Proxy-Authorization',
      'password',
      'secret_key',
      'SecretAccessKey',
      'sk',
      'X-Amz-Signature',
      'Signature',
      'session_token',
      'adminPass',
      'key_passphrase',
    ]) {
      expect(isSensitiveKey(name), name).toBe(true);
    }
    for (const name of [
      'Content-Type',
      'ak',
      'AccessKeyId',
      'name',
      'X-Client-Token',
      'NextToken',
      'page_num',
      'key',
      'hw:passthrough',
    ]) {
      expect(isSensitiveKey(name), name).toBe(false);
    }
  });

  it('redacts headers and keeps the rest', () => {
    expect(
      redactHeaders({ Authorization: 'OAuth abc', 'Content-Type': 'application/json', 'X-Auth-Token': 't' }),
    ).toEqual({
      Authorization: REDACTED,
      'Content-Type': 'application/json',
      'X-Auth-Token': REDACTED,
    });
  });

  it('redacts nested bodies without touching the original', () => {
    const body = {
      auth: { identity: { methods: ['password'] } },
      logInByAccount: { accountName: 'admin', password: 'pw' },
      items: [{ name: 'vm', credentials: { ak: 'A', sk: 'S' } }, { Tags: [{ Key: 'env', Value: 'prod' }] }],
    };
    const redacted = redactValue(body) as Record<string, unknown>;
    expect(redacted).toEqual({
      auth: REDACTED,
      logInByAccount: { accountName: 'admin', password: REDACTED },
      items: [{ name: 'vm', credentials: REDACTED }, { Tags: [{ Key: 'env', Value: 'prod' }] }],
    });
    expect(body.logInByAccount.password).toBe('pw');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(redactValue(cyclic)).toEqual({ a: 1, self: '[circular]' });
  });

  it('redacts sensitive query values and user info in URLs', () => {
    const url =
      'https://u:p4ss@ecs.example.com/v1/servers?Action=Run&Signature=abc%2Bdef&X-Amz-Security-Token=tok&page=1';
    const safe = redactUrl(url);
    expect(safe).toBe(
      `https://${REDACTED}:${REDACTED}@ecs.example.com/v1/servers?Action=Run&Signature=${REDACTED}&X-Amz-Security-Token=${REDACTED}&page=1`,
    );
    expect(redactUrl(new URL('http://127.0.0.1:1/a?b=c'))).toBe('http://127.0.0.1:1/a?b=c');
    expect(redactUrl('not a url?password=x')).toBe(`not a url?${REDACTED}`);
  });
});

describe('SecretScrubber', () => {
  it("takes the secrets out of Keystone auth bodies and leaves the envelope's words alone", () => {
    const scrubber = new SecretScrubber();
    scrubber.addBody(
      JSON.stringify({
        auth: {
          identity: {
            methods: ['password', 'token'],
            password: { user: { name: 'alice', password: 'Pa55-word!', domain: { name: 'acme' } } },
            token: { id: 'MIIT0kenValue', duration_seconds: 900 },
          },
          scope: { project: { name: 'cn-north-4' } },
        },
      }),
    );
    const text =
      'POST /v3/auth/tokens for alice@acme (password Pa55-word!, token MIIT0kenValue) in cn-north-4';
    expect(scrubber.scrub(text)).toBe(
      `POST /v3/auth/tokens for alice@acme (password ${REDACTED}, token ${REDACTED}) in cn-north-4`,
    );
  });

  it('treats a plain value under a wrapper key as a secret', () => {
    const scrubber = new SecretScrubber();
    scrubber.addBody(JSON.stringify({ auth: 'opaque-credential', session: { sessionid: 'sess-1234' } }));
    expect(scrubber.scrub('sent opaque-credential and sess-1234')).toBe(`sent ${REDACTED} and ${REDACTED}`);
  });
});

describe('newIdempotencyToken', () => {
  it('is a fresh UUID each time', () => {
    const a = newIdempotencyToken();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyToken()).not.toBe(a);
  });
});
