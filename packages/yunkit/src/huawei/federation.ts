/**
 * The seed's IdpId & IdTokenFile (OIDC federation), the way Huawei's Node SDK does it: the id token
 * is exchanged for an unscoped token (`POST /v3/OS-FEDERATION/identity_providers/{idp}/protocols/oidc/auth`,
 * `Authorization: Bearer <id token>`, token in `X-Subject-Token`), which buys 6 h of temporary AK/SK
 * (`POST /v3.0/OS-CREDENTIAL/securitytokens`); they are renewed when less than 40 minutes remain.
 */
import { readFile } from 'node:fs/promises';
import { RefreshingCredentials } from '../core/credentials.js';
import { ValidationError } from '../core/errors.js';
import { path } from '../core/path.js';
import type { HuaweiContext } from './context.js';
import type { BasicCredentials, FederatedCredentials, GlobalCredentials } from './credentials.js';
import type { CreateTemporaryAccessKeyResponse } from './iam/types.js';

const SIX_HOURS_S = 6 * 3600;
const RENEW_BEFORE_MS = 40 * 60_000;

export function federatedCredentials(
  ctx: HuaweiContext,
  source: FederatedCredentials,
): RefreshingCredentials<BasicCredentials | GlobalCredentials> {
  return new RefreshingCredentials<BasicCredentials | GlobalCredentials>(
    async () => {
      const idToken = (await readFile(source.idTokenFile, 'utf8')).trim();
      if (idToken === '') throw new ValidationError(`${source.idTokenFile} holds no id token`, 'idTokenFile');
      const iam = ctx.iamEndpoint(source);
      const federated = await ctx.request<unknown>({
        service: 'iam',
        method: 'POST',
        path: path`/v3/OS-FEDERATION/identity_providers/${source.idpId}/protocols/oidc/auth`,
        headers: { Authorization: `Bearer ${idToken}` },
        auth: 'none',
        endpoints: [iam],
      });
      const token = federated.response.headers['x-subject-token'];
      if (!token)
        throw new ValidationError('IAM answered the id token exchange without X-Subject-Token', 'idpId');
      const { data } = await ctx.request<CreateTemporaryAccessKeyResponse>({
        service: 'iam',
        method: 'POST',
        path: '/v3.0/OS-CREDENTIAL/securitytokens',
        headers: { 'X-Auth-Token': token },
        body: { auth: { identity: { methods: ['token'], token: { duration_seconds: SIX_HOURS_S } } } },
        auth: 'none',
        endpoints: [iam],
      });
      const c = data.credential;
      const common = {
        ak: c.access,
        sk: c.secret,
        securityToken: c.securitytoken,
        expiresAt: new Date(c.expires_at),
        ...(source.iamEndpoint ? { iamEndpoint: source.iamEndpoint } : {}),
      };
      if (source.global)
        return { type: 'global', ...common, ...(source.domainId ? { domainId: source.domainId } : {}) };
      return { ...common, ...(source.projectId ? { projectId: source.projectId } : {}) };
    },
    { refreshBeforeMs: RENEW_BEFORE_MS },
  );
}
