import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, NotFoundError, ValidationError } from 'yunkit/core';
import type { HuaweiClient, RawRequestInfo } from 'yunkit/huawei';
import { HttpHandler } from 'yunkit/huawei';
import { type HuaweiFixture, startHuawei } from './helpers.js';

let fx: HuaweiFixture;
let hw: HuaweiClient;
const seen: RawRequestInfo[] = [];

beforeAll(async () => {
  fx = await startHuawei();
  hw = fx.client({ httpHandler: new HttpHandler().addRequestHandler((r) => void seen.push(r)) });
});
afterAll(async () => fx.close());

describe('IMS images', () => {
  it('filters with __imagetype and __platform, without a project id in the path', async () => {
    const { images } = await hw.ims.images.list({ __imagetype: 'gold', __platform: 'Ubuntu' });
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.__imagetype).toBe('gold');
      expect(image.__platform).toBe('Ubuntu');
    }
    const request = seen.findLast((r) => r.pathUrl.startsWith('/v2/cloudimages'))!;
    expect(request.pathUrl).toContain('__imagetype=gold');
    expect(request.headers['X-Project-Id']).toBe(fx.emulator.credentials.projectId);
    const windows = await hw.ims.images.listAll({ __os_type: 'Windows' }).toArray();
    expect(windows.every((i) => i.__os_type === 'Windows')).toBe(true);
  });

  it('sends filters with spaces and reserved characters that still verify', async () => {
    const { images } = await hw.ims.images.list({ name: 'Ubuntu 22.04 server 64bit' });
    expect(images.map((i) => i.name)).toEqual(['Ubuntu 22.04 server 64bit']);
    expect(seen.at(-1)!.pathUrl).toContain('name=Ubuntu%2022.04%20server%2064bit');
    const none = await hw.ims.images.list({ name: "it's (not) *here*!" });
    expect(none.images).toEqual([]);
  });

  it('pages every image by marker and gets one by id', async () => {
    const before = seen.length;
    const all = await hw.ims.images.listAll({ limit: 2 }).toArray();
    const markers = seen.slice(before).map((r) => new URLSearchParams(r.pathUrl.split('?')[1]).get('marker'));
    expect(markers[0]).toBeNull();
    expect(markers.slice(1)).toEqual(all.filter((_, i) => i % 2 === 1).map((i) => i.id));
    const single = await hw.ims.images.list({ limit: 1000 });
    expect(all.map((i) => i.id).sort()).toEqual(single.images.map((i) => i.id).sort());
    const image = await hw.ims.images.get(all[0]!.id);
    expect(image.id).toBe(all[0]!.id);
    await expect(hw.ims.images.get('00000000-0000-0000-0000-00000000abcd')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(hw.ims.images.get('')).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('IAM', () => {
  it('lists projects (page/per_page) and regions', async () => {
    const { projects } = await hw.iam.projects.list({ name: 'cn-north-4' });
    expect(projects.map((p) => p.id)).toEqual([fx.emulator.credentials.projectId]);
    const all = await hw.iam.projects.listAll({ per_page: 2 }).toArray();
    expect(all.length).toBeGreaterThanOrEqual(4);
    const { regions } = await hw.iam.regions.list();
    expect(regions.map((r) => r.id)).toContain('cn-north-4');
    const { domains } = await hw.iam.domains.list();
    expect(domains[0]!.id).toBe(fx.emulator.credentials.domainId);
  });

  it('issues a token by password from the X-Subject-Token header', async () => {
    const { userName, password, domainName } = fx.emulator.credentials;
    const issued = await hw.iam.tokens.createByPassword({
      user: userName!,
      password: password!,
      domain: domainName!,
      scope: { project: { name: 'cn-north-4' } },
    });
    expect(issued['X-Subject-Token'].length).toBeGreaterThan(20);
    expect(issued.token.project?.id).toBe(fx.emulator.credentials.projectId);
    expect(new Date(issued.token.expires_at).getTime()).toBeGreaterThan(Date.now());
    const request = seen.findLast((r) => r.pathUrl.startsWith('/v3/auth/tokens'))!;
    expect(request.headers.Authorization).toBeUndefined();
    expect(request.body).not.toContain(password!);
    const wrong = await hw.iam.tokens
      .createByPassword({ user: userName!, password: 'not-the-password', domain: domainName! })
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(AuthError);
    expect(String(wrong.message)).not.toContain('not-the-password');
  });

  it('issues temporary AK/SK with a token and uses them (X-Security-Token)', async () => {
    const { userName, password, domainName } = fx.emulator.credentials;
    const tokenClient = fx.client({
      credentials: { type: 'password', user: userName!, password: password!, domain: domainName! },
    });
    const temp = await tokenClient.iam.tokens.createTemporaryAccessKey({ durationSeconds: 900 });
    expect(temp.access).toBeTruthy();
    expect(temp.securitytoken).toBeTruthy();
    const seenTemp: RawRequestInfo[] = [];
    const tempClient = fx.client({
      credentials: {
        ak: temp.access,
        sk: temp.secret,
        securityToken: temp.securitytoken,
        expiresAt: new Date(temp.expires_at),
      },
      httpHandler: new HttpHandler().addRequestHandler((r) => void seenTemp.push(r)),
    });
    const { vpcs } = await tempClient.vpc.vpcs.list();
    expect(Array.isArray(vpcs)).toBe(true);
    expect(seenTemp.at(-1)!.headers['X-Security-Token']).toBe('***');
    // The provider form fetches and caches them.
    const provider = tokenClient.iam.tokens.temporaryCredentials({ durationSeconds: 900 });
    const viaProvider = fx.client({ credentials: provider });
    await viaProvider.ecs.flavors.list();
    await viaProvider.ecs.flavors.list();
    expect(provider.refreshCount).toBe(1);
    // An AK/SK-signed request works too (the signature authenticates the caller).
    const viaAkSk = await hw.iam.tokens.createTemporaryAccessKey();
    expect(typeof viaAkSk.access).toBe('string');
    expect(seen.findLast((r) => r.pathUrl.startsWith('/v3.0/OS-CREDENTIAL'))!.headers.Authorization).toBe(
      '***',
    );
  });
});
