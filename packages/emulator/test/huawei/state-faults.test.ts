import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@yunkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { type HuaweiHarness, runJob, serverBody, startHuawei } from './helpers.js';

const open: HuaweiHarness[] = [];
const dirs: string[] = [];
async function start(options: Parameters<typeof startHuawei>[0] = {}) {
  const h = await startHuawei(options);
  open.push(h);
  return h;
}
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('state file', () => {
  it('keeps credentials, resources, tokens and running jobs across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yunkit-hw-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'huawei.json');
    const first = await start({ stateFile });
    const vpc = await first.call({
      method: 'POST',
      path: '/v1/{pid}/vpcs',
      body: { vpc: { name: 'kept', cidr: '10.9.0.0/16' } },
    });
    const created = await first.call({
      method: 'POST',
      path: '/v1/{pid}/cloudservers',
      body: await serverBody(first, { name: 'survivor' }),
    });
    const c = first.emu.credentials;
    const token = await first.call({
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.userName, password: c.password, domain: { name: c.domainName } } },
          },
          scope: { project: { id: first.projectId } },
        },
      },
    });
    const stoppedAt = first.clock.now();
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await start({ stateFile, clock: new ManualClock(stoppedAt) });
    expect(second.emu.credentials).toEqual(c);
    const shown = await second.call({ path: `/v1/{pid}/vpcs/${vpc.json.vpc.id}` });
    expect(shown.json.vpc.name).toBe('kept');
    const job = await runJob(second, created.json.job_id);
    expect(job.status).toBe('SUCCESS');
    const server = await second.call({ path: `/v1/{pid}/cloudservers/${created.json.serverIds[0]}` });
    expect(server.json.server).toMatchObject({ name: 'survivor', status: 'ACTIVE' });
    const withToken = await second.call({
      path: '/v1/{pid}/cloudservers/detail',
      auth: 'token',
      token: token.headers.get('x-subject-token')!,
    });
    expect(withToken.json.count).toBe(1);
  });
});

describe('faults from the engine, in each service shape', () => {
  it('answers injected errors in the ECS, VPC, EVS and Keystone shapes', async () => {
    const h = await start({ faults: { errorRate: 1, errorStatus: 503 } });
    const ecs = await h.call({ path: '/v1/{pid}/cloudservers/detail' });
    expect(ecs.status).toBe(503);
    expect(ecs.json).toEqual({ error: { code: 'Ecs.0500', message: expect.any(String) } });
    expect(ecs.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const vpc = await h.call({ path: '/v1/{pid}/vpcs' });
    expect(vpc.json).toEqual({ code: 'VPC.0500', message: expect.any(String) });
    const evs = await h.call({ path: '/v2/{pid}/cloudvolumes/detail' });
    expect(evs.json.error.code).toBe('EVS.5400');
    const iam = await h.call({ path: '/v3/regions' });
    expect(iam.json).toEqual({
      error: { code: 503, message: expect.any(String), title: 'Service Unavailable' },
    });
  });

  it('throttles like the gateway: 429 APIGW.0308 with Retry-After', async () => {
    const h = await start({
      faults: { rules: [{ path: '/cloudservers', action: 'throttle', times: 1, retryAfterSeconds: 3 }] },
    });
    const throttled = await h.call({ path: '/v1/{pid}/cloudservers/detail' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.json).toMatchObject({
      error_code: 'APIGW.0308',
      request_id: throttled.headers.get('x-request-id'),
    });
    expect((await h.call({ path: '/v1/{pid}/cloudservers/detail' })).status).toBe(200);
  });

  it('passes a rule code through in the service shape', async () => {
    const h = await start({
      faults: {
        rules: [
          {
            path: '/vpcs',
            method: 'POST',
            action: 'error',
            status: 409,
            code: 'VPC.0114',
            message: 'Quota exceeded',
          },
        ],
      },
    });
    const res = await h.call({
      method: 'POST',
      path: '/v1/{pid}/vpcs',
      body: { vpc: { name: 'q', cidr: '10.0.0.0/16' } },
    });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ code: 'VPC.0114', message: 'Quota exceeded' });
  });
});
