import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, AuthError, NotFoundError, ServerError } from 'yunkit/core';
import { errorLevel, HttpHandler, type RawResponseInfo } from 'yunkit/huawei';
import { type HuaweiFixture, recordingServer, startHuawei } from './helpers.js';

let fx: HuaweiFixture;

beforeAll(async () => {
  fx = await startHuawei();
});
afterAll(async () => fx.close());

/** The X-Request-Id of the last response the client saw: what `error.requestId` must carry. */
function lastRequestId(responses: RawResponseInfo[]): string | undefined {
  return responses.at(-1)?.headers['x-request-id'];
}

describe('every error shape of reference §2.8, with requestId from X-Request-Id', () => {
  it('each emulated service answers in its own shape and the client parses code, message and request id', async () => {
    const responses: RawResponseInfo[] = [];
    const hw = fx.client({
      retry: false,
      httpHandler: new HttpHandler().addResponseHandler((r) => void responses.push(r)),
    });
    const unknown = '00000000-0000-0000-0000-0000000000ee';
    const cases: Array<{ call: () => Promise<unknown>; code: RegExp; type: typeof ApiError }> = [
      // ECS / EVS / IMS: {"error":{"code","message"}}
      { call: () => hw.ecs.servers.get(unknown), code: /^Ecs\.0114$/, type: NotFoundError },
      { call: () => hw.evs.volumes.get(unknown), code: /^EVS\.\d{4}$/, type: NotFoundError },
      {
        call: () => hw.ims.images.list({ flavor_id: 'no-such-flavor' }),
        code: /^IMG\.\d{4}$/,
        type: ApiError,
      },
      // VPC / EIP v1: top-level {"code","message"}
      { call: () => hw.vpc.vpcs.get(unknown), code: /^VPC\.0003$/, type: NotFoundError },
      { call: () => hw.eip.publicips.get(unknown), code: /^VPC\.0504$/, type: NotFoundError },
    ];
    for (const { call, code, type } of cases) {
      const err = (await call().catch((e: unknown) => e)) as ApiError;
      expect(err).toBeInstanceOf(type);
      expect(err.code).toMatch(code);
      expect(err.cloudMessage.length).toBeGreaterThan(0);
      expect(err.cloudMessage).not.toMatch(/^HTTP \d+$/);
      expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(err.requestId).toBe(lastRequestId(responses));
      expect(errorLevel(err)).toEqual({
        level1: 'ServiceResponseException',
        level2: 'ClientRequestException',
      });
    }

    // API Gateway: {"error_code","error_msg","request_id"} (a wrong secret key).
    const badKey = fx.client({
      retry: false,
      credentials: {
        ak: fx.emulator.credentials.accessKey!,
        sk: 'not-the-secret-key-0000',
        projectId: fx.emulator.credentials.projectId!,
      },
      httpHandler: new HttpHandler().addResponseHandler((r) => void responses.push(r)),
    });
    const gateway = await badKey.vpc.vpcs.list().catch((e) => e);
    expect(gateway).toBeInstanceOf(AuthError);
    expect(gateway.code).toBe('APIGW.0301');
    expect(gateway.cloudMessage).toMatch(/^Incorrect IAM authentication information/);
    expect(gateway.requestId).toBe(lastRequestId(responses));

    // Keystone: {"error":{"code":401,"message","title"}} (a wrong password).
    const { userName, domainName } = fx.emulator.credentials;
    const keystone = await hw.iam.tokens
      .createByPassword({ user: userName!, password: 'not-the-password', domain: domainName! })
      .catch((e) => e);
    expect(keystone).toBeInstanceOf(AuthError);
    expect(keystone.code).toBe('401');
    expect(keystone.cloudMessage.length).toBeGreaterThan(0);
    expect(keystone.requestId).toBe(lastRequestId(responses));
  });

  it('prefers the X-Request-Id header over a request_id in the body, and copes with non-JSON bodies', async () => {
    const bodies: Record<string, { status: number; body: unknown }> = {
      '/nested': {
        status: 404,
        body: { error: { code: 'Ecs.0114', message: 'gone', request_id: 'body-1' } },
      },
      '/top': { status: 400, body: { code: 'VPC.0002', message: 'Available zone Name is null.' } },
      '/apig': {
        status: 401,
        body: { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM', request_id: 'body-3' },
      },
      '/keystone': { status: 401, body: { error: { code: 401, message: 'no', title: 'Unauthorized' } } },
      '/html': { status: 502, body: '<html>Bad Gateway</html>' },
    };
    const wire = await recordingServer((req) => {
      const suffix = Object.keys(bodies).find((k) => req.url.includes(`/vpcs${k}`))!;
      return { ...bodies[suffix]!, headers: { 'X-Request-Id': `header${suffix.replace('/', '-')}` } };
    });
    try {
      const hw = fx.client({ endpoint: wire.endpoint, retry: false });
      const expected: Array<[string, string, string, typeof ApiError]> = [
        ['nested', 'Ecs.0114', 'gone', NotFoundError],
        ['top', 'VPC.0002', 'Available zone Name is null.', ApiError],
        ['apig', 'APIGW.0301', 'Incorrect IAM', AuthError],
        ['keystone', '401', 'no', AuthError],
        ['html', 'HTTP502', '<html>Bad Gateway</html>', ServerError],
      ];
      for (const [name, code, message, type] of expected) {
        const err = await hw.vpc.vpcs.get(name).catch((e) => e);
        expect(err).toBeInstanceOf(type);
        expect([err.status, err.code, err.cloudMessage, err.requestId]).toEqual([
          bodies[`/${name}`]!.status,
          code,
          message,
          `header-${name}`,
        ]);
      }
    } finally {
      await wire.close();
    }
  });
});
