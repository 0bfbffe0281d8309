/**
 * IAM tokens: a token by user name and password (`POST /v3/auth/tokens`, the token in the
 * `X-Subject-Token` response header), and temporary AK/SK
 * (`POST /v3.0/OS-CREDENTIAL/securitytokens`).
 */
import { RefreshingCredentials } from '../../core/credentials.js';
import { ValidationError } from '../../core/errors.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import type { BasicCredentials } from '../credentials.js';
import { optionalInteger, requireObject, requireString } from '../validate.js';
import type {
  CreateTemporaryAccessKeyResponse,
  PasswordTokenRequest,
  PasswordTokenResponse,
  TemporaryCredential,
  TokenBody,
} from './types.js';

export class Tokens {
  constructor(
    private readonly ctx: HuaweiContext,
    /** Where tokens are issued: the IAM endpoint list. */
    private readonly endpoints: () => string[],
  ) {}

  /** KeystoneCreateUserTokenByPassword. Needs no credentials: the password is the credential. */
  async createByPassword(
    request: PasswordTokenRequest,
    options?: HuaweiCallOptions,
  ): Promise<PasswordTokenResponse> {
    requireObject(request, 'request');
    requireString(request.user, 'user');
    requireString(request.password, 'password');
    requireString(request.domain, 'domain');
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: { name: request.user, password: request.password, domain: { name: request.domain } },
          },
        },
        ...(request.scope ? { scope: request.scope } : {}),
      },
    };
    const { data, response } = await this.ctx.request<{ token: TokenBody }>({
      service: 'iam',
      method: 'POST',
      path: '/v3/auth/tokens',
      query: request.nocatalog ? { nocatalog: 'true' } : undefined,
      body,
      auth: 'none',
      endpoints: this.endpoints(),
      options,
    });
    const token = response.headers['x-subject-token'];
    if (!token) {
      throw new ValidationError('IAM answered without an X-Subject-Token header', 'X-Subject-Token');
    }
    return { 'X-Subject-Token': token, token: data.token };
  }

  /**
   * CreateTemporaryAccessKeyByToken: a temporary AK/SK with its security token. The client's own
   * credentials authenticate the call (a token client sends `X-Auth-Token`); `token` puts an
   * explicit token in the body instead.
   */
  async createTemporaryAccessKey(
    request: { durationSeconds?: number; token?: string } = {},
    options?: HuaweiCallOptions,
  ): Promise<TemporaryCredential> {
    optionalInteger(request.durationSeconds, 'durationSeconds', 900, 86_400);
    if (request.token !== undefined) requireString(request.token, 'token');
    const token: Record<string, unknown> = {};
    if (request.token !== undefined) token.id = request.token;
    if (request.durationSeconds !== undefined) token.duration_seconds = request.durationSeconds;
    const { data } = await this.ctx.request<CreateTemporaryAccessKeyResponse>({
      service: 'iam',
      method: 'POST',
      path: '/v3.0/OS-CREDENTIAL/securitytokens',
      body: { auth: { identity: { methods: ['token'], token } } },
      headers: request.token !== undefined ? { 'X-Auth-Token': request.token } : {},
      auth: request.token !== undefined ? 'none' : 'domain',
      endpoints: this.endpoints(),
      options,
    });
    return data.credential;
  }

  /**
   * A provider of temporary AK/SK for another client's `credentials`: fetched on first use and
   * again before `expires_at` (and once after a 401), one refresh shared by concurrent calls.
   */
  temporaryCredentials(
    request: { durationSeconds?: number; projectId?: string } = {},
    refreshBeforeMs?: number,
  ): RefreshingCredentials<BasicCredentials> {
    return new RefreshingCredentials<BasicCredentials>(
      async () => {
        const c = await this.createTemporaryAccessKey(
          request.durationSeconds !== undefined ? { durationSeconds: request.durationSeconds } : {},
        );
        return {
          ak: c.access,
          sk: c.secret,
          securityToken: c.securitytoken,
          expiresAt: new Date(c.expires_at),
          ...(request.projectId ? { projectId: request.projectId } : {}),
        };
      },
      refreshBeforeMs !== undefined ? { refreshBeforeMs } : {},
    );
  }
}
