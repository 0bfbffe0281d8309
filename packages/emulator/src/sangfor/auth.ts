/**
 * SCP's two auth schemes (reference §4 and §5): the RSA-protected Keystone-v2 login that yields
 * `Authorization: Token <id>`, and EC2 AK/SK signatures checked by `verifySangforEc2` (Keystone's rules).
 */
import { constants, privateDecrypt, randomBytes } from 'node:crypto';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Router } from '../engine/index.js';
import { safeEqual } from '../signature-types.js';
import { db, type TokenRecord } from './model.js';
import { addRoute, runtimeOf, type SangforRuntime } from './runtime.js';
import { SEED } from './seed.js';
import { verifySangforEc2 } from './signature.js';
import { fail, invalid, jsonAnswer, keystoneTime, ok, requireObject, ScpError, scpJson } from './wire.js';

/** Who made the request; attached to `req.auth`. */
export interface SangforPrincipal {
  scheme: 'token' | 'ec2';
  username: string;
  user_id: string;
  project_id: string;
}

const WRONG_CREDENTIALS = '用户名或密码错误';

/**
 * RSAES-PKCS1-v1_5 decryption. Node 20 refuses `RSA_PKCS1_PADDING` for private decryption (CVE-2023-46809), so the
 * raw RSA operation runs with no padding and the type-2 block `00 02 PS(>=8 non-zero) 00 M` is unwrapped here.
 * Every malformed input ends in the same undefined, so callers cannot tell padding errors from wrong passwords.
 */
function decryptPkcs1v15(rt: SangforRuntime, cipherHex: string): string | undefined {
  if (!/^[0-9a-fA-F]+$/.test(cipherHex) || cipherHex.length % 2 !== 0) return undefined;
  const cipher = Buffer.from(cipherHex, 'hex');
  const keyBytes = rt.modulusHex.length / 2;
  if (cipher.length !== keyBytes) return undefined;
  let block: Buffer;
  try {
    block = privateDecrypt({ key: rt.privateKey, padding: constants.RSA_NO_PADDING }, cipher);
  } catch {
    return undefined;
  }
  if (block[0] !== 0x00 || block[1] !== 0x02) return undefined;
  const separator = block.indexOf(0x00, 2);
  if (separator < 10) return undefined;
  return block.subarray(separator + 1).toString('utf8');
}

function hasAcmpCookie(req: EmulatorRequest): boolean {
  const cookie = req.headers['cookie'];
  if (cookie === undefined) return false;
  return cookie.split(';').some((part) => /^\s*aCMPAuthToken=\S+/.test(part));
}

function publicKeyResponse(rt: SangforRuntime) {
  const publicKey = `${rt.modulusHex}\n`;
  if (rt.options.publicKeyLocation === 'top-level') {
    return jsonAnswer(200, scpJson({ code: 0, message: '', public_key: publicKey, data: null }));
  }
  return ok({ public_key: publicKey });
}

export function registerAuthRoutes(router: Router, rt: SangforRuntime): void {
  addRoute(router, rt, 'GET', '/janus/public-key', () => publicKeyResponse(rt), { public: true });
  if (rt.options.publicKeyV2) {
    addRoute(router, rt, 'GET', '/janus/v2/public-key', () => publicKeyResponse(rt), { public: true });
  }
  addRoute(
    router,
    rt,
    'POST',
    '/janus/authenticate',
    (req, ctx) => {
      if (rt.options.requireCookie && !hasAcmpCookie(req)) throw new ScpError(401, '缺少aCMPAuthToken');
      const body = requireObject(req.json());
      const auth = requireObject(body['auth'], 'auth');
      const credentials = requireObject(auth['passwordCredentials'], 'auth.passwordCredentials');
      const username = credentials['username'];
      const password = credentials['password'];
      if (typeof username !== 'string' || username === '') throw invalid('username', '值不能为空');
      if (typeof password !== 'string' || password === '') throw invalid('password', '值不能为空');
      const plain = decryptPkcs1v15(rt, password.trim());
      const userOk = safeEqual(rt.options.username, username);
      const passwordOk = plain !== undefined && safeEqual(rt.options.password, plain);
      if (!userOk || !passwordOk) throw new ScpError(401, WRONG_CREDENTIALS);
      return ok(issueToken(ctx, rt, username));
    },
    { public: true },
  );
}

function issueToken(ctx: EmulatorContext, rt: SangforRuntime, username: string) {
  const now = ctx.clock.now();
  const tokens = db(ctx).tokens;
  // Tokens long past expiry would only grow the state file.
  for (const stale of tokens.filter((t) => t.expires_at + 86_400_000 < now)) tokens.delete(stale.id);
  const record: TokenRecord = {
    id: randomBytes(16).toString('hex'),
    username,
    user_id: SEED.users.admin,
    project_id: SEED.projects.admin,
    issued_at: now,
    expires_at: now + rt.options.tokenLifetimeSeconds * 1000,
  };
  tokens.set(record.id, record);
  const project = db(ctx).projects.get(record.project_id);
  return {
    access: {
      token: {
        issued_at: keystoneTime(record.issued_at),
        expires: keystoneTime(record.expires_at),
        id: record.id,
        tenant: {
          id: record.project_id,
          description: project?.description ?? '',
          name: project?.name ?? 'admin',
          enabled: true,
        },
        audit_ids: [randomBytes(16).toString('base64url').slice(0, 22)],
      },
      user: {
        username,
        name: username,
        id: record.user_id,
        roles_links: [],
        roles: [{ name: 'admin' }],
      },
    },
  };
}

function unauthorized(rt: SangforRuntime, message: string): EmulatorResponse {
  return fail(401, message, rt.options.errorField);
}

/**
 * strictHeaderCase: every header SCP's Keystone reads from a case-sensitive dict (S8's report) must be
 * spelled exactly so. `Cookie` only counts when one was sent; it is optional since 6.3.70.
 */
function wrongHeaderCase(req: EmulatorRequest, required: readonly string[]): boolean {
  const present = new Set<string>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) present.add(req.rawHeaders[i]!);
  if (required.some((name) => !present.has(name))) return true;
  return req.headers['cookie'] !== undefined && !present.has('Cookie');
}

/** The auth middleware (reference §11.5): Token or AWS4-HMAC-SHA256, anything else is 401. */
export function authenticateRequest(
  req: EmulatorRequest,
  ctx: EmulatorContext,
): EmulatorResponse | undefined {
  const rt = runtimeOf(ctx);
  if (rt.options.requireCookie && !hasAcmpCookie(req)) return unauthorized(rt, '缺少aCMPAuthToken');
  const authorization = req.headers['authorization'];
  if (authorization === undefined || authorization.trim() === '') return unauthorized(rt, '缺少认证信息');

  const tokenMatch = /^Token\s+(\S+)\s*$/.exec(authorization);
  if (tokenMatch !== null) {
    if (rt.options.strictHeaderCase && wrongHeaderCase(req, ['Authorization'])) {
      return unauthorized(rt, '缺少认证信息');
    }
    const token = db(ctx).tokens.get(tokenMatch[1]!);
    if (token === undefined) return unauthorized(rt, 'Token无效，请重新认证');
    if (ctx.clock.now() >= token.expires_at) return unauthorized(rt, 'Token已过期，请重新认证');
    const principal: SangforPrincipal = {
      scheme: 'token',
      username: token.username,
      user_id: token.user_id,
      project_id: token.project_id,
    };
    req.auth = principal;
    return undefined;
  }

  if (authorization.startsWith('AWS4-HMAC-SHA256')) {
    if (rt.options.strictHeaderCase && wrongHeaderCase(req, ['Authorization', 'X-Amz-Date'])) {
      return unauthorized(rt, 'EC2 signature not supplied.');
    }
    const result = verifySangforEc2(
      req,
      (accessKey) => (accessKey === rt.options.accessKey ? { secretKey: rt.options.secretKey } : undefined),
      ctx.clock.now(),
      {
        authTtlMs: rt.options.ec2TtlSeconds * 1000,
        ...(rt.options.ec2Region !== undefined ? { region: rt.options.ec2Region } : {}),
        ...(rt.options.ec2Service !== undefined ? { service: rt.options.ec2Service } : {}),
      },
    );
    if (!result.ok) return unauthorized(rt, result.message);
    const principal: SangforPrincipal = {
      scheme: 'ec2',
      username: rt.options.username,
      user_id: SEED.users.admin,
      project_id: SEED.projects.admin,
    };
    req.auth = principal;
    return undefined;
  }
  return unauthorized(rt, '不支持的认证方式');
}

/** The project new resources belong to. */
export function callerProject(req: EmulatorRequest): string {
  const principal = req.auth as SangforPrincipal | undefined;
  return principal?.project_id ?? SEED.projects.admin;
}
