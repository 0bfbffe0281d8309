import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ValidationError } from 'yunkit/core';
import { clearHuaweiIdCache, HttpHandler, type RawRequestInfo, type TokenCredentials } from 'yunkit/huawei';
import { type HuaweiFixture, recordingServer, startHuawei } from './helpers.js';

let fx: HuaweiFixture;
let ak: string;
let sk: string;

function recorder() {
  const seen: RawRequestInfo[] = [];
  return { seen, httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) };
}

beforeAll(async () => {
  fx = await startHuawei();
  ak = fx.emulator.credentials.accessKey!;
  sk = fx.emulator.credentials.secretKey!;
});
beforeEach(() => clearHuaweiIdCache());
afterAll(async () => fx.close());

describe('credential kinds', () => {
  it('BasicCredentials without projectId: resolved through IAM once, then cached process-wide', async () => {
    const { seen, httpHandler } = recorder();
    const hw = fx.client({ credentials: { ak, sk }, httpHandler });
    // Concurrent first calls share one lookup.
    const [{ vpcs }] = await Promise.all([hw.vpc.vpcs.list(), hw.ecs.flavors.list(), hw.evs.volumes.list()]);
    expect(vpcs.length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.pathUrl.startsWith('/v3/projects'))).toHaveLength(1);
    const lookup = seen.find((r) => r.pathUrl.startsWith('/v3/projects'))!;
    expect(lookup.pathUrl).toBe('/v3/projects?name=cn-north-4');
    expect(lookup.headers['X-Project-Id']).toBeUndefined();
    expect(lookup.headers.Authorization).toBe('***');
    expect(seen.find((r) => r.pathUrl.endsWith('/vpcs'))!.pathUrl).toBe(
      `/v1/${fx.emulator.credentials.projectId}/vpcs`,
    );
    expect(await hw.projectId()).toBe(fx.emulator.credentials.projectId);

    const { seen: seen2, httpHandler: h2 } = recorder();
    const again = fx.client({ credentials: { ak, sk }, httpHandler: h2 });
    await again.ecs.flavors.list();
    expect(seen2.filter((r) => r.pathUrl.startsWith('/v3/projects'))).toHaveLength(0);
  });

  it('resolves the project of another region, and refuses a region IAM does not know', async () => {
    const east = fx.client({ region: 'cn-east-3', credentials: { ak, sk } });
    const eastProject = await east.projectId();
    expect(eastProject).not.toBe(fx.emulator.credentials.projectId);
    expect((await east.iam.projects.list({ name: 'cn-east-3' })).projects[0]!.id).toBe(eastProject);
    const nowhere = fx.client({ region: 'cn-north-9', credentials: { ak, sk } });
    await expect(nowhere.vpc.vpcs.list()).rejects.toBeInstanceOf(ValidationError);
  });

  it('GlobalCredentials: domain id resolved through IAM and sent as X-Domain-Id', async () => {
    const { seen, httpHandler } = recorder();
    const hw = fx.client({ credentials: { type: 'global', ak, sk }, httpHandler });
    expect(await hw.iam.domains.current()).toBe(fx.emulator.credentials.domainId);
    const withDomain = fx.client({
      credentials: { type: 'global', ak, sk, domainId: fx.emulator.credentials.domainId! },
      httpHandler,
    });
    await withDomain.iam.regions.list();
    expect(seen.at(-1)!.headers['X-Domain-Id']).toBe(fx.emulator.credentials.domainId);
    expect(seen.at(-1)!.headers['X-Project-Id']).toBeUndefined();
  });

  it('token credentials send X-Auth-Token and no signature', async () => {
    const { userName, password, domainName } = fx.emulator.credentials;
    const issuer = fx.client();
    const issued = await issuer.iam.tokens.createByPassword({
      user: userName!,
      password: password!,
      domain: domainName!,
      scope: { project: { name: 'cn-north-4' } },
    });
    const { seen, httpHandler } = recorder();
    const hw = fx.client({
      credentials: { type: 'token', token: issued['X-Subject-Token'], projectId: issued.token.project!.id },
      httpHandler,
    });
    const { count } = await hw.evs.volumes.list();
    expect(count).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)!.headers['X-Auth-Token']).toBe('***');
    expect(seen.at(-1)!.headers.Authorization).toBeUndefined();
  });

  it('password credentials: a token is fetched once, shared, and renewed after a 401', async () => {
    const { userName, password, domainName } = fx.emulator.credentials;
    const { seen, httpHandler } = recorder();
    const hw = fx.client({
      credentials: { type: 'password', user: userName!, password: password!, domain: domainName! },
      httpHandler,
    });
    await Promise.all([hw.vpc.vpcs.list(), hw.ecs.flavors.list(), hw.evs.volumes.list()]);
    const tokenRequests = () =>
      seen.filter((r) => r.method === 'POST' && r.pathUrl.startsWith('/v3/auth/tokens'));
    expect(tokenRequests()).toHaveLength(1);
    // Revoke the token behind the client's back: the next call gets a 401, renews and succeeds.
    const current = (await hw.credentials.get()) as TokenCredentials;
    const revoke = await fetch(`${fx.emulator.endpoint}/v3/auth/tokens`, {
      method: 'DELETE',
      headers: { 'X-Auth-Token': current.token, 'X-Subject-Token': current.token },
    });
    expect(revoke.status).toBeLessThan(300);
    const { vpcs } = await hw.vpc.vpcs.list();
    expect(vpcs.length).toBeGreaterThan(0);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('a wrong secret key gives AuthError with APIGW.0301 and the request id, never the key', async () => {
    const hw = fx.client({ credentials: { ak, sk: 'definitely-not-the-secret-key', projectId: 'p' } });
    const err = await hw.vpc.vpcs.list().catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('APIGW.0301');
    expect(err.requestId).toBeTruthy();
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(
      'definitely-not-the-secret-key',
    );
  });

  it('derived AK/SK signs with V11-HMAC-SHA256 and the emulator accepts it', async () => {
    const wire = await recordingServer(() => ({ body: { vpcs: [] } }));
    try {
      const hw = fx.client({
        endpoint: wire.endpoint,
        credentials: { ak, sk, projectId: 'p1' },
        derivedAuth: true,
      });
      await hw.vpc.vpcs.list();
      const auth = wire.received[0]!.headers.authorization as string;
      expect(auth).toMatch(/^V11-HMAC-SHA256 Credential=[^/]+\/\d{8}\/cn-north-4\/vpc, SignedHeaders=/);
    } finally {
      await wire.close();
    }
    const real = fx.client({ credentials: { ak, sk }, derivedAuth: 'default' });
    expect((await real.ecs.flavors.list()).flavors.length).toBeGreaterThan(0);
  });
});

describe('credential chain', () => {
  it('reads HUAWEICLOUD_SDK_* from the environment', async () => {
    const hw = fx.client({
      credentials: undefined,
      env: { HOME: fx.home, HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk },
    });
    expect((await hw.vpc.vpcs.list()).vpcs.length).toBeGreaterThan(0);
  });

  it('falls back to ~/.huaweicloud/credentials, and honours HUAWEICLOUD_SDK_CREDENTIALS_FILE', async () => {
    const home = join(fx.home, 'profile-home');
    mkdirSync(join(home, '.huaweicloud'), { recursive: true });
    writeFileSync(join(home, '.huaweicloud', 'credentials'), `[basic]\nak = ${ak}\nsk = ${sk}\n`);
    const hw = fx.client({ credentials: undefined, env: { HOME: home } });
    expect((await hw.ecs.flavors.list()).flavors.length).toBeGreaterThan(0);

    const file = join(fx.home, 'other-credentials');
    writeFileSync(
      file,
      `[basic]\nak = ${ak}\nsk = ${sk}\nproject_id = ${fx.emulator.credentials.projectId}\n`,
    );
    const viaEnv = fx.client({
      credentials: undefined,
      env: { HOME: join(fx.home, 'nowhere'), HUAWEICLOUD_SDK_CREDENTIALS_FILE: file },
    });
    expect(await viaEnv.projectId()).toBe(fx.emulator.credentials.projectId);
  });

  it('reports missing credentials as a ValidationError naming the sources', async () => {
    const hw = fx.client({ credentials: undefined, env: { HOME: join(fx.home, 'empty') } });
    await expect(hw.vpc.vpcs.list()).rejects.toThrow(/HUAWEICLOUD_SDK_AK/);
  });
});

describe('region resolution against the emulator', () => {
  it('takes endpoints from HUAWEICLOUD_SDK_REGION_* and the IAM endpoint from HUAWEICLOUD_SDK_IAM_ENDPOINT', async () => {
    const hw = fx.client({
      endpoint: undefined,
      region: 'cn-east-3',
      credentials: { ak, sk },
      env: {
        HOME: fx.home,
        HUAWEICLOUD_SDK_IAM_ENDPOINT: fx.emulator.endpoint,
        HUAWEICLOUD_SDK_REGION_ECS_CN_EAST_3: fx.emulator.endpoint,
      },
    });
    expect(hw.endpointsOf('ecs')).toEqual([fx.emulator.endpoint]);
    expect(hw.endpointsOf('vpc')).toEqual(['https://vpc.cn-east-3.myhuaweicloud.com']);
    expect((await hw.ecs.servers.list()).count).toBe(0);
  });

  it('takes endpoints from regions.yaml', async () => {
    const dir = join(fx.home, 'yaml-home', '.huaweicloud');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'regions.yaml'),
      `VPC:\n  - id: cn-south-1\n    endpoints:\n      - '${fx.emulator.endpoint}'\nEcs:\n  - id: cn-south-1\n    endpoint: '${fx.emulator.endpoint}'\n`,
    );
    const hw = fx.client({
      endpoint: undefined,
      region: 'cn-south-1',
      credentials: { ak, sk },
      iamEndpoint: fx.emulator.endpoint,
      env: { HOME: join(fx.home, 'yaml-home') },
    });
    expect(hw.endpointsOf('vpc')).toEqual([fx.emulator.endpoint]);
    expect(hw.endpointsOf('ecs')).toEqual([fx.emulator.endpoint]);
    expect((await hw.vpc.vpcs.list()).vpcs.map((v) => v.name)).toContain('vpc-default');
    expect(await hw.projectId()).not.toBe(fx.emulator.credentials.projectId);
  });
});
