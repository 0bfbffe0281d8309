import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConnectionError,
  CredentialsNotFoundError,
  NotFoundError,
  ServerError,
  TimeoutError,
  ValidationError,
} from 'yunkit/core';
import {
  errorLevel,
  HUAWEI_REGIONS,
  HuaweiClient,
  huaweiCredentialChain,
  parseCredentialsFile,
  RetryOutageError,
  readCredentialsFromEnv,
} from 'yunkit/huawei';
// Internal helpers, tested where they live rather than exported.
import { defaultDerivedPredicate } from '../../src/huawei/client.js';
import { parseHuaweiError } from '../../src/huawei/context.js';
import { parseHuaweiErrorBody } from '../../src/huawei/errors.js';
import { formatAccessLine } from '../../src/huawei/observe.js';
import { builtinEndpoint, parseRegionsYaml, regionEnvName } from '../../src/huawei/regions.js';
import { backoffCalculator } from '../../src/huawei/retry.js';

const dir = mkdtempSync(join(tmpdir(), 'yunkit-hw-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regions', () => {
  it('knows the built-in regions with the myhuaweicloud.com pattern', () => {
    expect(HUAWEI_REGIONS).toContain('cn-north-4');
    expect(HUAWEI_REGIONS.length).toBe(33);
    expect(builtinEndpoint('ecs', 'cn-north-4')).toBe('https://ecs.cn-north-4.myhuaweicloud.com');
    expect(builtinEndpoint('iam', 'eu-west-101')).toBe('https://iam.eu-west-101.myhuaweicloud.eu');
    expect(builtinEndpoint('ecs', 'xx-nowhere-1')).toBeUndefined();
  });

  it('names env overrides the way the seed does', () => {
    expect(regionEnvName('ecs', 'cn-north-9')).toBe('HUAWEICLOUD_SDK_REGION_ECS_CN_NORTH_9');
  });

  it('parses regions.yaml: case-insensitive services, endpoint and endpoints', () => {
    const parsed = parseRegionsYaml(
      [
        'ECS:',
        "  - id: 'cn-north-9'",
        "    endpoint: 'https://ecs.cn-north-9.myhuaweicloud.com'",
        'IoTDA:',
        "  - id: 'ap-southwest-1'",
        '    endpoints:',
        "      - 'https://a.example.com'",
        "      - 'https://b.example.com'",
      ].join('\n'),
    );
    expect(parsed.get('ecs')?.get('cn-north-9')).toEqual(['https://ecs.cn-north-9.myhuaweicloud.com']);
    expect(parsed.get('iotda')?.get('ap-southwest-1')).toEqual([
      'https://a.example.com',
      'https://b.example.com',
    ]);
  });

  it('rejects a malformed regions.yaml', () => {
    expect(() => parseRegionsYaml('ECS: [1, 2')).toThrow(ValidationError);
    expect(() => parseRegionsYaml('ECS:\n  - id: cn-north-9\n')).toThrow(/endpoint/);
    expect(() => parseRegionsYaml('ECS:\n  - id: cn-north-9\n    endpoint: ftp://x\n')).toThrow(/http/);
    expect(() => parseRegionsYaml('ECS: notalist\n')).toThrow(ValidationError);
  });

  it('fails at construction on a malformed regions file', () => {
    const file = join(dir, 'bad-regions.yaml');
    writeFileSync(file, 'ECS:\n  - nope\n');
    expect(
      () =>
        new HuaweiClient({
          region: 'cn-north-4',
          env: { HOME: dir },
          regionsFile: file,
          credentials: { ak: 'a', sk: 'b' },
        }),
    ).toThrow(ValidationError);
  });

  it('orders env → regions.yaml → built-in, and rejects an unknown region', () => {
    const file = join(dir, 'regions.yaml');
    writeFileSync(
      file,
      "ECS:\n  - id: cn-north-4\n    endpoint: 'https://from-yaml.example.com'\nVPC:\n  - id: cn-north-4\n    endpoint: 'https://vpc-yaml.example.com'\n",
    );
    const env = {
      HOME: dir,
      HUAWEICLOUD_SDK_REGION_ECS_CN_NORTH_4: 'https://e1.example.com, https://e2.example.com',
    };
    const hw = new HuaweiClient({
      region: 'cn-north-4',
      env,
      regionsFile: file,
      credentials: { ak: 'a', sk: 'b' },
    });
    expect(hw.endpointsOf('ecs')).toEqual(['https://e1.example.com', 'https://e2.example.com']);
    expect(hw.endpointsOf('vpc')).toEqual(['https://vpc-yaml.example.com']);
    expect(hw.endpointsOf('evs')).toEqual(['https://evs.cn-north-4.myhuaweicloud.com']);
    const unknown = new HuaweiClient({
      region: 'xx-nowhere-1',
      env: { HOME: dir },
      credentials: { ak: 'a', sk: 'b' },
    });
    expect(() => unknown.endpointsOf('ecs')).toThrow(/Unexpected regionId/);
  });

  it('reads the regions file named by HUAWEICLOUD_SDK_REGIONS_FILE', () => {
    const file = join(dir, 'env-regions.yaml');
    writeFileSync(file, "EVS:\n  - id: cn-north-99\n    endpoints: ['https://evs-99.example.com']\n");
    const hw = new HuaweiClient({
      region: 'cn-north-99',
      env: { HOME: dir, HUAWEICLOUD_SDK_REGIONS_FILE: file },
      credentials: { ak: 'a', sk: 'b' },
    });
    expect(hw.endpointsOf('evs')).toEqual(['https://evs-99.example.com']);
  });

  it('lets a custom endpoint per service win over the region', () => {
    const hw = new HuaweiClient({
      region: 'cn-north-4',
      env: { HOME: dir },
      endpoints: { ecs: 'https://my-ecs.example.com,https://my-ecs2.example.com' },
      credentials: { ak: 'a', sk: 'b' },
    });
    expect(hw.endpointsOf('ecs')).toEqual(['https://my-ecs.example.com', 'https://my-ecs2.example.com']);
    expect(hw.endpointsOf('vpc')).toEqual(['https://vpc.cn-north-4.myhuaweicloud.com']);
  });
});

describe('credentials', () => {
  it('reads HUAWEICLOUD_SDK_* variables', () => {
    expect(
      readCredentialsFromEnv({
        HUAWEICLOUD_SDK_AK: 'AK1',
        HUAWEICLOUD_SDK_SK: 'SK1',
        HUAWEICLOUD_SDK_PROJECT_ID: 'p1',
        HUAWEICLOUD_SDK_SECURITY_TOKEN: 'st',
      }),
    ).toEqual({ ak: 'AK1', sk: 'SK1', projectId: 'p1', securityToken: 'st' });
    expect(
      readCredentialsFromEnv({
        HUAWEICLOUD_SDK_AK: 'AK1',
        HUAWEICLOUD_SDK_SK: 'SK1',
        HUAWEICLOUD_SDK_TYPE: 'GLOBAL',
        HUAWEICLOUD_SDK_DOMAIN_ID: 'd1',
      }),
    ).toEqual({ type: 'global', ak: 'AK1', sk: 'SK1', domainId: 'd1' });
    expect(readCredentialsFromEnv({ HUAWEICLOUD_SDK_AK: 'AK1' })).toBeUndefined();
  });

  it('parses the [basic] and [global] sections of the profile', () => {
    const text =
      '# comment\n[basic]\nak = A\nsk = S\nproject_id = P\niam_endpoint = https://iam.x\n\n[global]\nak = GA\nsk = GS\ndomain_id = D\n';
    expect(parseCredentialsFile(text)).toEqual({
      ak: 'A',
      sk: 'S',
      projectId: 'P',
      iamEndpoint: 'https://iam.x',
    });
    expect(parseCredentialsFile(text, 'global')).toEqual({
      type: 'global',
      ak: 'GA',
      sk: 'GS',
      domainId: 'D',
    });
    expect(parseCredentialsFile('[other]\nak=1\n')).toBeUndefined();
  });

  it('chains env before the profile file and reports when neither has credentials', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[basic]\nak = FILEAK\nsk = FILESK\n');
    const fromEnv = huaweiCredentialChain({
      env: { HUAWEICLOUD_SDK_AK: 'ENVAK', HUAWEICLOUD_SDK_SK: 'ENVSK' },
      credentialsFile: file,
    });
    expect(await fromEnv.get()).toMatchObject({ ak: 'ENVAK' });
    const fromFile = huaweiCredentialChain({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file } });
    expect(await fromFile.get()).toMatchObject({ ak: 'FILEAK' });
    const none = huaweiCredentialChain({ env: { HOME: join(dir, 'empty-home') } });
    await expect(none.get()).rejects.toBeInstanceOf(CredentialsNotFoundError);
    await expect(none.get()).rejects.toThrow(/HUAWEICLOUD_SDK_AK/);
  });

  it('validates explicit credentials without echoing secrets', () => {
    expect(
      () => new HuaweiClient({ region: 'cn-north-4', env: { HOME: dir }, credentials: { ak: 'AK', sk: '' } }),
    ).toThrow(/sk is required/);
    expect(
      () =>
        new HuaweiClient({
          region: 'cn-north-4',
          env: { HOME: dir },
          credentials: { type: 'password', user: 'u', password: '', domain: 'd' },
        }),
    ).toThrow(/password is required/);
  });
});

describe('errors', () => {
  it('reads Retry-After as core does: seconds or an HTTP date; anything else is ignored', () => {
    const throttled = (retryAfter: string) => {
      const body = Buffer.from('{"error_code":"APIGW.0308","error_msg":"throttled"}');
      const response = {
        status: 429,
        headers: { 'retry-after': retryAfter },
        body,
        text: () => body.toString('utf8'),
        json: <T>() => JSON.parse(body.toString('utf8')) as T,
      };
      const error = parseHuaweiError(response, {
        method: 'GET',
        url: new URL('http://127.0.0.1/x'),
        headers: {},
      });
      return (error as { retryAfterMs?: number }).retryAfterMs;
    };
    expect(throttled('2')).toBe(2000);
    expect(throttled(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50_000);
    expect(throttled('-5')).toBeUndefined();
    expect(throttled('')).toBeUndefined();
  });

  it('parses the four Huawei error shapes', () => {
    expect(parseHuaweiErrorBody({ error: { code: 'Ecs.0114', message: 'gone' } })).toMatchObject({
      code: 'Ecs.0114',
      message: 'gone',
    });
    expect(parseHuaweiErrorBody({ code: 'VPC.0002', message: 'Available zone Name is null.' })).toMatchObject(
      {
        code: 'VPC.0002',
      },
    );
    expect(
      parseHuaweiErrorBody({ error_code: 'APIGW.0301', error_msg: 'Incorrect IAM', request_id: 'r1' }),
    ).toEqual({ code: 'APIGW.0301', message: 'Incorrect IAM', requestId: 'r1' });
    expect(
      parseHuaweiErrorBody({ error: { code: 401, message: 'no', title: 'Unauthorized' } }),
    ).toMatchObject({
      code: '401',
      message: 'no',
    });
    expect(parseHuaweiErrorBody({ itemNotFound: { code: 404, message: 'x' } })).toMatchObject({
      code: '404',
    });
    expect(parseHuaweiErrorBody('oops')).toEqual({
      code: undefined,
      message: undefined,
      requestId: undefined,
    });
  });

  it("maps errors onto the seed's exception levels", () => {
    const api = (status: number) =>
      status >= 500
        ? new ServerError({ provider: 'huawei', status, code: 'x', message: 'm' })
        : new NotFoundError({ provider: 'huawei', status, code: 'x', message: 'm' });
    expect(errorLevel(api(503))).toEqual({
      level1: 'ServiceResponseException',
      level2: 'ServerResponseException',
    });
    expect(errorLevel(api(404))).toEqual({
      level1: 'ServiceResponseException',
      level2: 'ClientRequestException',
    });
    expect(
      errorLevel(new AuthError({ provider: 'huawei', status: 401, code: 'x', message: 'm' }))?.level2,
    ).toBe('ClientRequestException');
    expect(errorLevel(new ConnectionError('refused', { code: 'ECONNREFUSED', phase: 'connect' }))).toEqual({
      level1: 'ConnectionException',
      level2: 'HostUnreachableException',
    });
    expect(errorLevel(new ConnectionError('cert', { code: 'CERT_HAS_EXPIRED', phase: 'tls' }))?.level2).toBe(
      'SslHandShakeException',
    );
    expect(errorLevel(new TimeoutError('slow', { timeoutMs: 5, kind: 'request' }))).toEqual({
      level1: 'RequestTimeoutException',
      level2: 'CallTimeoutException',
    });
    expect(errorLevel(new RetryOutageError(3, new Error('x')))?.level2).toBe('RetryOutageException');
    expect(errorLevel(new ValidationError('bad'))).toBeUndefined();
  });
});

describe('backoff strategies', () => {
  const fixed = () => 0.5;
  it('computes none, exponential, equal jitter, random jitter and decorrelated jitter', () => {
    expect(backoffCalculator('none')(3)).toBe(0);
    const exp = backoffCalculator('exponential', { baseDelayMs: 10, maxDelayMs: 1000 });
    expect([exp(1), exp(2), exp(3), exp(10)]).toEqual([20, 40, 80, 1000]);
    const equal = backoffCalculator('equalJitter', { baseDelayMs: 10, random: fixed });
    const d = equal(3); // exp 80: 40 + rand(1, 40)
    expect(d).toBeGreaterThanOrEqual(41);
    expect(d).toBeLessThanOrEqual(80);
    const rand = backoffCalculator('randomJitter', { baseDelayMs: 10, random: fixed });
    expect(rand(2)).toBeLessThanOrEqual(40);
    // Huawei's decorrelated jitter: rand(base, 3·base) whatever the retry number, capped at max.
    const highest = backoffCalculator('decorrelatedJitter', { baseDelayMs: 10, random: () => 0.999 });
    expect([highest(1), highest(5)]).toEqual([30, 30]);
    const lowest = backoffCalculator('decorrelatedJitter', { baseDelayMs: 10, random: () => 0 });
    expect(lowest(3)).toBe(10);
    const capped = backoffCalculator('decorrelatedJitter', {
      baseDelayMs: 50,
      maxDelayMs: 100,
      random: () => 0.999,
    });
    expect(capped(1)).toBe(100);
  });
});

describe('access log line', () => {
  it("has the seed's fields in the seed's order", () => {
    const line = formatAccessLine({
      time: new Date(2020, 5, 16, 10, 44, 2, 19),
      method: 'GET',
      url: 'https://vpc.cn-north-1.myhuaweicloud.com/v1/p/vpcs',
      status: 200,
      bytes: 11,
      ms: 543.43,
      requestId: 'b5c927ff',
      level: 'info',
    });
    expect(line).toBe(
      `2020-06-16 10:44:02,019 ${process.pid} HuaweiCloud-SDK http_handler.ts 0 INFO "GET https://vpc.cn-north-1.myhuaweicloud.com/v1/p/vpcs" 200 11 0:00:00.543430 b5c927ff\n`,
    );
  });
});

describe('client options', () => {
  it('uses Huawei default derived predicate', () => {
    expect(defaultDerivedPredicate(new URL('https://ecs.cn-north-4.myhuaweicloud.com'))).toBe(false);
    expect(defaultDerivedPredicate(new URL('http://127.0.0.1:8080'))).toBe(true);
    expect(defaultDerivedPredicate(new URL('https://ecs.eu-west-101.myhuaweicloud.eu'))).toBe(true);
  });

  it('rejects bad configuration before sending anything', async () => {
    expect(() => new HuaweiClient({ region: 'Bad Region' })).toThrow(ValidationError);
    expect(() => new HuaweiClient({ endpoint: 'not a url', credentials: { ak: 'a', sk: 'b' } })).toThrow(
      ValidationError,
    );
    expect(
      () =>
        new HuaweiClient({
          derivedAuth: true,
          endpoint: 'http://127.0.0.1:9',
          credentials: { ak: 'a', sk: 'b' },
        }),
    ).toThrow(/region/);
    const hw = new HuaweiClient({
      endpoint: 'http://127.0.0.1:9',
      credentials: { ak: 'a', sk: 'b', projectId: 'p' },
      retry: false,
    });
    await expect(hw.ecs.servers.reboot('id', 'WARM' as 'SOFT')).rejects.toBeInstanceOf(ValidationError);
    await expect(hw.ecs.servers.get('')).rejects.toBeInstanceOf(ValidationError);
    await expect(hw.ecs.servers.list({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      hw.vpc.subnets.create({
        subnet: { name: 's', cidr: '10.0.0.0/33', vpc_id: 'v', gateway_ip: '10.0.0.1' },
      }),
    ).rejects.toThrow(/cidr/);
    await expect(hw.evs.volumes.resize('v', 5)).rejects.toBeInstanceOf(ValidationError);
    await expect(hw.ecs.servers.list({}, { withRetry: { maxRetries: 11 } })).rejects.toThrow(/maxRetries/);
    await expect(
      hw.eip.publicips.create({ publicip: { type: '5_bgp' }, bandwidth: { share_type: 'PER' } }),
    ).rejects.toThrow(/bandwidth.size/);
    hw.close();
  });

  it('never echoes a proxy password in a configuration error', () => {
    for (const proxy of ['http://user:s3cret-pw@bad host:80', 'socks5://user:s3cret-pw@host:1080']) {
      let message = '';
      try {
        new HuaweiClient({ endpoint: 'http://127.0.0.1:9', http: { proxy } });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^http\.proxy: /);
      expect(message).not.toContain('s3cret-pw');
    }
  });

  it('needs a project id or a region for regional calls', async () => {
    const hw = new HuaweiClient({ endpoint: 'http://127.0.0.1:9', credentials: { ak: 'a', sk: 'b' } });
    await expect(hw.vpc.vpcs.list()).rejects.toThrow(/projectId is required/);
    hw.close();
  });
});
