import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../engine/index.js';
import type { SecretRecord } from '../signature-types.js';
import { authFailure, fail, huaweiErrorResponse, serviceFromHost, serviceFromPath } from './errors.js';
import { type HuaweiPrincipal, type HuaweiVerifyOptions, verifyHuaweiSignature } from './signature.js';
import { account, collections, type ProjectRecord, type TokenRecord } from './state.js';

/** What `authenticate` attaches to `req.auth`. */
export type HuaweiAuth =
  | { kind: 'aksk'; principal: HuaweiPrincipal; temporary: boolean; projectId?: string }
  | { kind: 'token'; token: TokenRecord; projectId?: string };

/** Which path families each per-service hostname serves (the VPC endpoint also serves EIP v1). */
const HOST_SERVES: Record<string, readonly string[]> = {
  ecs: ['ecs', 'jobs'],
  evs: ['evs', 'jobs'],
  vpc: ['vpc', 'eip'],
  eip: ['eip', 'vpc'],
  ims: ['ims', 'jobs'],
  iam: ['iam'],
};

/**
 * A client using per-service hostnames (`vpc.cn-north-4.myhuaweicloud.com` pointed at the emulator)
 * gets only that service's APIs, as from the real endpoint; an IP or `localhost` Host gets them all.
 */
export function hostRefusal(req: EmulatorRequest): EmulatorResponse | undefined {
  const hostService = serviceFromHost(req.headers.host);
  if (!hostService) return undefined;
  const pathService = serviceFromPath(req.path);
  const family = pathService === 'ecs' && req.path.includes('/jobs/') ? 'jobs' : pathService;
  if (family === undefined || family === hostService || HOST_SERVES[hostService]?.includes(family))
    return undefined;
  return huaweiErrorResponse(
    404,
    'APIGW.0101',
    'The API does not exist or has not been published in the environment',
    req,
  );
}

function skewMs(ctx: EmulatorContext): number {
  const seconds = ctx.options.providerOptions?.clockSkewSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 15 * 60_000;
}

/** Who answers a bad AK/SK signature on an IAM path: the gateway (default) or Keystone (the other reading, [I]). */
function iamSignatureErrors(ctx: EmulatorContext): 'gateway' | 'keystone' {
  return ctx.options.providerOptions?.iamSignatureErrors === 'keystone' ? 'keystone' : 'gateway';
}

/** `+` as a space and the Go SDK's lower-cased query keys are inferred server rules; each can be turned off. */
function verifyOptions(ctx: EmulatorContext): HuaweiVerifyOptions {
  const options = ctx.options.providerOptions ?? {};
  return {
    skewMs: skewMs(ctx),
    plusIsSpace: options.queryPlusIsSpace !== false,
    acceptGoCanonicalForm: options.acceptGoCanonicalForm !== false,
  };
}

function lookupSecret(
  ctx: EmulatorContext,
  accessKey: string,
): (SecretRecord & { expiresAt?: number }) | undefined {
  const main = account(ctx);
  if (accessKey === main.accessKey) return { secretKey: main.secretKey };
  const temporary = collections.temporaryCredentials(ctx).get(accessKey);
  if (!temporary) return undefined;
  return {
    secretKey: temporary.secret,
    securityToken: temporary.securityToken,
    expiresAt: temporary.expiresAt,
  };
}

/** A refusal in the shape of the service asked: Keystone for IAM, the gateway's for the rest. */
function refuse(req: EmulatorRequest, detail: string): EmulatorResponse {
  if (serviceFromPath(req.path) === 'iam') {
    return huaweiErrorResponse(
      401,
      'IAM',
      `The request you have made requires authentication. ${detail}`,
      req,
    );
  }
  return authFailure(req, detail);
}

export function findProject(ctx: EmulatorContext, projectId: string): ProjectRecord | undefined {
  return collections.projects(ctx).get(projectId);
}

export function liveToken(ctx: EmulatorContext, value: string | undefined): TokenRecord | undefined {
  if (!value) return undefined;
  const token = collections.tokens(ctx).get(value);
  if (!token || token.expiresAt <= ctx.clock.now()) return undefined;
  return token;
}

export function authenticateHuawei(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse | undefined {
  const misrouted = hostRefusal(req);
  if (misrouted) return misrouted;

  let auth: HuaweiAuth;
  if (req.headers.authorization === undefined && req.headers['x-auth-token'] !== undefined) {
    const token = liveToken(ctx, req.headers['x-auth-token']);
    if (!token) return refuse(req, 'the token is invalid or has expired');
    auth = { kind: 'token', token };
  } else {
    let expiresAt: number | undefined;
    const result = verifyHuaweiSignature(
      req,
      (accessKey) => {
        const record = lookupSecret(ctx, accessKey);
        expiresAt = record?.expiresAt;
        return record;
      },
      ctx.clock.now(),
      verifyOptions(ctx),
    );
    if (!result.ok) {
      // The API gateway checks an AK/SK signature before any service sees the request, IAM included;
      // a request with no credentials at all reaches Keystone, which answers in its own shape.
      const keystone =
        serviceFromPath(req.path) === 'iam' &&
        (req.headers.authorization === undefined || iamSignatureErrors(ctx) === 'keystone');
      return keystone
        ? huaweiErrorResponse(401, 'IAM', result.message, req)
        : huaweiErrorResponse(result.status, result.code, result.message, req);
    }
    if (expiresAt !== undefined && expiresAt <= ctx.clock.now()) {
      return refuse(req, 'the security token has expired');
    }
    const { ok: _ok, ...principal } = result;
    auth = { kind: 'aksk', principal, temporary: expiresAt !== undefined };
    if (principal.domainId !== undefined && principal.domainId !== account(ctx).domainId) {
      return refuse(req, 'X-Domain-Id is not the domain of this access key');
    }
  }

  const pathProject = req.params.project_id;
  const headerProject = auth.kind === 'aksk' ? auth.principal.projectId : undefined;
  if (pathProject !== undefined) {
    if (!findProject(ctx, pathProject)) {
      return refuse(req, `project ${pathProject} does not exist or does not belong to this account`);
    }
    if (headerProject !== undefined && headerProject !== pathProject) {
      return refuse(req, 'X-Project-Id does not match the project in the URL');
    }
    if (auth.kind === 'token' && auth.token.projectId !== pathProject) {
      return refuse(req, 'the token is not scoped to the project in the URL');
    }
    auth.projectId = pathProject;
  } else if (headerProject !== undefined) {
    if (!findProject(ctx, headerProject)) {
      return refuse(req, `project ${headerProject} does not exist or does not belong to this account`);
    }
    auth.projectId = headerProject;
  } else if (auth.kind === 'token' && auth.token.projectId) {
    auth.projectId = auth.token.projectId;
  }
  req.auth = auth;
  return undefined;
}

export function authOf(req: EmulatorRequest): HuaweiAuth {
  const auth = req.auth as HuaweiAuth | undefined;
  if (!auth) throw new Error('huawei emulator: route ran without authentication');
  return auth;
}

/** The project a request acts in: the path's, else X-Project-Id, else the token's scope. */
export function projectOf(req: EmulatorRequest, ctx: EmulatorContext): ProjectRecord {
  const projectId = authOf(req).projectId;
  const project = projectId ? findProject(ctx, projectId) : undefined;
  if (!project)
    fail(
      401,
      'APIGW.0301',
      'Incorrect IAM authentication information: no project in the request (send X-Project-Id)',
    );
  return project;
}
