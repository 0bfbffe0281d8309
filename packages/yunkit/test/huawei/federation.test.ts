import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HuaweiClient, metadataCredentials, readCredentialsFromEnv } from 'yunkit/huawei';
import { recordingServer } from './helpers.js';

// Fake IAM + metadata + service on 127.0.0.1: the emulator has no OIDC provider or metadata service.
const expires = () => new Date(Date.now() + 6 * 3600_000).toISOString();
let server: Awaited<ReturnType<typeof recordingServer>>;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'yunkit-hw-fed-'));
  server = await recordingServer((req) => {
    if (req.url.startsWith('/v3/OS-FEDERATION/identity_providers/idp-1/protocols/oidc/auth')) {
      return { status: 201, headers: { 'X-Subject-Token': 'unscoped-token-abc' }, body: { token: {} } };
    }
    if (req.url === '/v3.0/OS-CREDENTIAL/securitytokens') {
      return {
        status: 201,
        body: {
          credential: {
            access: 'FEDAK',
            secret: 'fed-secret',
            securitytoken: 'fed-sec-token',
            expires_at: expires(),
          },
        },
      };
    }
    if (req.url === '/meta-data/latest/api/token') return { body: 'md-session-token' };
    if (req.url === '/openstack/latest/securitykey') {
      return req.headers['x-metadata-token'] === 'md-session-token'
        ? {
            body: {
              credential: {
                access: 'MDAK',
                secret: 'md-secret',
                securitytoken: 'md-sec-token',
                expires_at: expires(),
              },
            },
          }
        : { status: 401, body: {} };
    }
    return { body: { vpcs: [] } };
  });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe('IdpId & IdTokenFile (OIDC federation)', () => {
  it('exchanges the id token for temporary AK/SK once and signs with them', async () => {
    const tokenFile = join(home, 'id_token');
    writeFileSync(tokenFile, 'eyJ.id.token\n');
    const hw = new HuaweiClient({
      region: 'cn-north-4',
      endpoint: server.endpoint,
      env: { HOME: home },
      credentials: { type: 'federated', idpId: 'idp-1', idTokenFile: tokenFile, projectId: 'p1' },
    });
    try {
      await hw.vpc.vpcs.list();
      await hw.vpc.vpcs.list();
      const exchange = server.received.filter((r) => r.url.includes('/oidc/auth'));
      expect(exchange).toHaveLength(1);
      expect(exchange[0]!.headers.authorization).toBe('Bearer eyJ.id.token');
      const sts = server.received.find((r) => r.url === '/v3.0/OS-CREDENTIAL/securitytokens')!;
      expect(sts.headers['x-auth-token']).toBe('unscoped-token-abc');
      expect(JSON.parse(sts.body).auth.identity.token.duration_seconds).toBe(21600);
      const call = server.received.filter((r) => r.url === '/v1/p1/vpcs').at(-1)!;
      expect(call.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=FEDAK, /);
      expect(call.headers['x-security-token']).toBe('fed-sec-token');
    } finally {
      hw.close();
    }
  });

  it('reads HUAWEICLOUD_SDK_IDP_ID / HUAWEICLOUD_SDK_ID_TOKEN_FILE from the environment', () => {
    expect(
      readCredentialsFromEnv({
        HUAWEICLOUD_SDK_IDP_ID: 'idp-1',
        HUAWEICLOUD_SDK_ID_TOKEN_FILE: '/x/token',
        HUAWEICLOUD_SDK_PROJECT_ID: 'p1',
      }),
    ).toEqual({ type: 'federated', idpId: 'idp-1', idTokenFile: '/x/token', projectId: 'p1' });
  });
});

describe('metadata credentials', () => {
  it('gets the agency AK/SK from the metadata service, as the end of the chain when enabled', async () => {
    const before = server.received.length;
    const hw = new HuaweiClient({
      region: 'cn-north-4',
      endpoint: server.endpoint,
      env: { HOME: join(home, 'no-profile') },
      metadata: { endpoint: server.endpoint, projectId: 'p2' },
    });
    try {
      await hw.vpc.vpcs.list();
      const mine = server.received.slice(before);
      expect(mine.map((r) => `${r.method} ${r.url}`)).toEqual([
        'PUT /meta-data/latest/api/token',
        'GET /openstack/latest/securitykey',
        'GET /v1/p2/vpcs',
      ]);
      expect(mine[0]!.headers['x-metadata-token-ttl-seconds']).toBe('21600');
      expect(mine[2]!.headers.authorization).toMatch(/Access=MDAK, /);
      expect(mine[2]!.headers['x-security-token']).toBe('md-sec-token');
    } finally {
      hw.close();
    }
    const provider = metadataCredentials({ endpoint: server.endpoint });
    expect((await provider.get()).ak).toBe('MDAK');
  });
});
