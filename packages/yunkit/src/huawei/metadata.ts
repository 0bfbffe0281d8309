/**
 * The seed's metadata credentials (2.4.3): temporary AK/SK of the ECS instance's agency, from the
 * instance metadata service. `PUT /meta-data/latest/api/token` (404/405 = tokenless access), then
 * `GET /openstack/latest/securitykey`; renewed before `expires_at`.
 */
import { RefreshingCredentials } from '../core/credentials.js';
import { CredentialsNotFoundError } from '../core/errors.js';
import { HttpTransport } from '../core/transport.js';
import type { BasicCredentials } from './credentials.js';

export const METADATA_ENDPOINT = 'http://169.254.169.254';

export interface MetadataCredentialsOptions {
  /** Default http://169.254.169.254. */
  endpoint?: string;
  /** Per request, default 3 000 ms (Huawei's SDKs use 3 s). */
  timeoutMs?: number;
  projectId?: string;
}

export function metadataCredentials(
  options: MetadataCredentialsOptions = {},
): RefreshingCredentials<BasicCredentials> {
  const endpoint = (options.endpoint ?? METADATA_ENDPOINT).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3_000;
  return new RefreshingCredentials<BasicCredentials>(async () => {
    // The metadata service is link-local: never through a proxy, no keep-alive to hold open.
    const transport = new HttpTransport({
      proxy: false,
      keepAlive: false,
      timeoutMs,
      connectTimeoutMs: timeoutMs,
    });
    try {
      const headers: Record<string, string> = {};
      const tokenResponse = await transport.send({
        method: 'PUT',
        url: new URL(`${endpoint}/meta-data/latest/api/token`),
        headers: { 'X-Metadata-Token-Ttl-Seconds': '21600' },
      });
      if (tokenResponse.status < 300) headers['X-Metadata-Token'] = tokenResponse.text().trim();
      else if (tokenResponse.status !== 404 && tokenResponse.status !== 405) {
        throw new CredentialsNotFoundError(`metadata token request answered HTTP ${tokenResponse.status}`);
      }
      const response = await transport.send({
        method: 'GET',
        url: new URL(`${endpoint}/openstack/latest/securitykey`),
        headers,
      });
      if (response.status !== 200) {
        throw new CredentialsNotFoundError(`metadata securitykey answered HTTP ${response.status}`);
      }
      const { credential } = response.json<{
        credential?: { access?: string; secret?: string; securitytoken?: string; expires_at?: string };
      }>();
      if (!credential?.access || !credential.secret) {
        throw new CredentialsNotFoundError('metadata securitykey carried no credential');
      }
      return {
        ak: credential.access,
        sk: credential.secret,
        ...(credential.securitytoken ? { securityToken: credential.securitytoken } : {}),
        ...(credential.expires_at ? { expiresAt: new Date(credential.expires_at) } : {}),
        ...(options.projectId ? { projectId: options.projectId } : {}),
      };
    } finally {
      transport.close();
    }
  });
}
