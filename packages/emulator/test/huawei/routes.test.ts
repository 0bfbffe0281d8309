import { request as httpsRequest } from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signHuawei } from 'yunkit/signing';
import { createServers, type HuaweiHarness, startHuawei } from './helpers.js';

let h: HuaweiHarness;
beforeEach(async () => {
  h = await startHuawei();
});
afterEach(async () => {
  await h.close();
});

describe('remaining routes and their shapes', () => {
  it('ports, security-group rules and bandwidth lists show one item each by id', async () => {
    const { serverIds } = await createServers(h);
    const port = (await h.call({ path: '/v1/{pid}/ports', query: { device_id: serverIds[0]! } })).json
      .ports[0];
    const shownPort = await h.call({ path: `/v1/{pid}/ports/${port.id}` });
    expect(shownPort.json.port).toMatchObject({
      id: port.id,
      mac_address: expect.stringMatching(/^fa:16:3e(:[0-9a-f]{2}){3}$/),
      fixed_ips: [{ subnet_id: expect.any(String), ip_address: port.fixed_ips[0].ip_address }],
      security_groups: [expect.any(String)],
    });
    const byIp = await h.call({
      path: '/v1/{pid}/ports',
      query: { fixed_ips: `ip_address=${port.fixed_ips[0].ip_address}` },
    });
    expect(byIp.json.ports.map((p: { id: string }) => p.id)).toEqual([port.id]);

    const rules = (await h.call({ path: '/v1/{pid}/security-group-rules' })).json.security_group_rules;
    const rule = await h.call({ path: `/v1/{pid}/security-group-rules/${rules[0].id}` });
    expect(rule.json.security_group_rule).toEqual(rules[0]);
    const groups = (await h.call({ path: '/v1/{pid}/security-groups' })).json.security_groups;
    const group = await h.call({ path: `/v1/{pid}/security-groups/${groups[0].id}` });
    expect(group.json.security_group).toMatchObject({ id: groups[0].id, name: 'default' });

    await h.call({
      method: 'POST',
      path: '/v1/{pid}/publicips',
      body: { publicip: { type: '5_bgp' }, bandwidth: { name: 'bw', size: 2, share_type: 'PER' } },
    });
    const bandwidths = await h.call({ path: '/v1/{pid}/bandwidths' });
    expect(bandwidths.json.bandwidths).toEqual([
      expect.objectContaining({ name: 'bw', size: 2, share_type: 'PER' }),
    ]);
  });

  it('IAM: auth/projects lists the token scope; a revoked token stops working', async () => {
    const c = h.emu.credentials;
    const issued = await h.call({
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.userName, password: c.password, domain: { id: c.domainId } } },
          },
          scope: { project: { id: h.projectId } },
        },
      },
    });
    const token = issued.headers.get('x-subject-token')!;
    const authProjects = await h.call({ path: '/v3/auth/projects', auth: 'token', token });
    expect(authProjects.json.projects.map((p: { id: string }) => p.id)).toEqual([h.projectId]);
    const allProjects = await h.call({ path: '/v3/auth/projects' });
    expect(allProjects.json.projects.length).toBe(4);
    const revoked = await h.call({
      method: 'DELETE',
      path: '/v3/auth/tokens',
      auth: 'token',
      token,
      headers: { 'X-Subject-Token': token },
    });
    expect(revoked.status).toBe(204);
    expect((await h.call({ path: '/v1/{pid}/cloudservers/detail', auth: 'token', token })).status).toBe(401);
    const rescoped = await h.call({
      method: 'POST',
      path: '/v3/auth/tokens',
      auth: 'none',
      body: { auth: { identity: { methods: ['token'], token: { id: token } } } },
    });
    expect(rescoped.status).toBe(401);
  });

  it('IMS: Glance shows a gold image; an unknown image is 404 in the IMS shape', async () => {
    const gold = (
      await h.call({ path: '/v2/cloudimages', query: { __imagetype: 'gold', __platform: 'Debian' } })
    ).json.images[0];
    const shown = await h.call({ path: `/v2/images/${gold.id}` });
    expect(shown.json).toMatchObject({
      id: gold.id,
      visibility: 'public',
      protected: true,
      __os_type: 'Linux',
    });
    const missing = await h.call({ path: '/v2/images/00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('IMG.0027');
  });

  it('verifies a query with characters the SDK leaves raw on the wire', async () => {
    const res = await h.call({
      path: '/v1/{pid}/cloudservers/detail',
      query: 'name=web%20server*01&tags=b&not-tags=env%3Dprod&reservation_id=(x)!~',
    });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(0);
  });
});

describe('HTTPS', () => {
  it('serves the same API over TLS when asked', async () => {
    const tls = await startHuawei({ tls: true });
    try {
      expect(tls.emu.endpoint).toMatch(/^https:/);
      const url = new URL(`/v1/${tls.projectId}/vpcs`, tls.emu.endpoint);
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'X-Project-Id': tls.projectId,
      };
      Object.assign(
        headers,
        signHuawei({
          method: 'GET',
          url,
          headers,
          credentials: {
            accessKeyId: tls.emu.credentials.accessKey!,
            secretAccessKey: tls.emu.credentials.secretKey!,
          },
          now: new Date(tls.clock.now()),
        }),
      );
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(url, { method: 'GET', headers, ca: tls.emu.certificate }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).vpcs[0].name).toBe('vpc-default');
    } finally {
      await tls.close();
    }
  });
});
