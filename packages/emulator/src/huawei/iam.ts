import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Router } from '../engine/index.js';
import { authOf, liveToken } from './auth.js';
import { iamFail } from './errors.js';
import { createDefaultSecurityGroupRules } from './security-groups.js';
import { newAccessKey } from './seed.js';
import {
  account,
  collections,
  isoMillis,
  isoSeconds,
  type ProjectRecord,
  type TokenRecord,
} from './state.js';
import { isObject, type Json } from './validate.js';

/**
 * IAM (reference §2.6/§2.7): Keystone-style projects, domains, regions, password tokens
 * (`X-Subject-Token`) and temporary AK/SK. Errors in Keystone's `{"error":{"code","message","title"}}`.
 */

const DEFAULT_TOKEN_LIFETIME_S = 86_400;

function tokenLifetimeMs(ctx: EmulatorContext): number {
  const seconds = ctx.options.providerOptions?.tokenLifetimeSeconds;
  return (typeof seconds === 'number' && seconds > 0 ? seconds : DEFAULT_TOKEN_LIFETIME_S) * 1000;
}

function selfLink(ctx: EmulatorContext, path: string): string {
  return `${ctx.endpoint}${path}`;
}

function renderProject(ctx: EmulatorContext, project: ProjectRecord): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    domain_id: project.domainId,
    parent_id: project.domainId,
    enabled: true,
    is_domain: false,
    description: project.description,
    links: { self: selfLink(ctx, `/v3/projects/${project.id}`) },
  };
}

function listProjects(req: EmulatorRequest, ctx: EmulatorContext) {
  const q = req.query;
  const projects = collections
    .projects(ctx)
    .filter(
      (p) =>
        (!q.get('name') || p.name === q.get('name')) &&
        (!q.get('domain_id') || p.domainId === q.get('domain_id')) &&
        (!q.get('parent_id') || p.domainId === q.get('parent_id')) &&
        (q.get('enabled') === null || q.get('enabled') === 'true') &&
        (q.get('is_domain') === null || q.get('is_domain') === 'false'),
    );
  const perPage = Number(q.get('per_page') ?? '5000');
  const page = Number(q.get('page') ?? '1');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 5000 || !Number.isInteger(page) || page < 1) {
    iamFail(400, 'page must be >= 1 and per_page between 1 and 5000.');
  }
  const slice = projects.slice((page - 1) * perPage, page * perPage);
  const base = selfLink(ctx, '/v3/projects');
  return {
    body: {
      links: {
        self: base,
        previous: page > 1 ? `${base}?page=${page - 1}&per_page=${perPage}` : null,
        next: page * perPage < projects.length ? `${base}?page=${page + 1}&per_page=${perPage}` : null,
      },
      projects: slice.map((p) => renderProject(ctx, p)),
    },
  };
}

function createProject(req: EmulatorRequest, ctx: EmulatorContext) {
  const body = parseJson(req).project;
  if (!isObject(body) || typeof body.name !== 'string' || typeof body.domain_id !== 'string') {
    iamFail(400, 'project.name and project.domain_id are required.');
  }
  const main = account(ctx);
  if (body.domain_id !== main.domainId) iamFail(403, 'You may only create projects in your own domain.');
  const name = body.name;
  const region = collections
    .regions(ctx)
    .list()
    .find((r) => name === r.id || name.startsWith(`${r.id}_`));
  if (!region) iamFail(400, `Project name ${name} must be a region id, optionally followed by _<suffix>.`);
  if (collections.projects(ctx).find((p) => p.name === name)) iamFail(409, `Project ${name} already exists.`);
  const id = ctx.random.hex(32);
  const project = collections.projects(ctx).set(id, {
    id,
    name,
    region: region.id,
    domainId: main.domainId,
    description: typeof body.description === 'string' ? body.description : '',
  });
  const groupId = ctx.random.uuid();
  collections.securityGroups(ctx).set(groupId, {
    id: groupId,
    projectId: id,
    name: 'default',
    description: 'Default security group',
    vpcId: null,
    enterpriseProjectId: '0',
    createdAt: isoSeconds(ctx.clock.now()),
  });
  createDefaultSecurityGroupRules(ctx, id, groupId);
  return { status: 201, body: { project: renderProject(ctx, project) } };
}

function parseJson(req: EmulatorRequest): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    iamFail(400, 'The request body is not valid JSON.');
  }
  if (!isObject(parsed)) iamFail(400, 'The request body must be a JSON object.');
  return parsed;
}

const SERVICES: ReadonlyArray<{ type: string; name: string; path: string }> = [
  { type: 'compute', name: 'ecs', path: '/v1/$(tenant_id)s' },
  { type: 'volumev2', name: 'evs', path: '/v2/$(tenant_id)s' },
  { type: 'network', name: 'vpc', path: '' },
  { type: 'image', name: 'ims', path: '' },
  { type: 'identity', name: 'iam', path: '/v3' },
];

function renderToken(
  ctx: EmulatorContext,
  token: TokenRecord,
  withCatalog: boolean,
): Record<string, unknown> {
  const main = account(ctx);
  const domain = { id: main.domainId, name: main.domainName };
  const project = token.projectId ? collections.projects(ctx).get(token.projectId) : undefined;
  const out: Record<string, unknown> = {
    expires_at: isoMillis(token.expiresAt),
    issued_at: isoMillis(token.issuedAt),
    methods: token.methods,
    user: { id: main.userId, name: main.userName, domain, password_expires_at: '' },
    roles: [
      { id: '0', name: 'te_admin' },
      { id: '1', name: 'op_gated_ecs' },
    ],
  };
  if (project) out.project = { id: project.id, name: project.name, domain };
  else out.domain = domain;
  if (withCatalog) {
    out.catalog = SERVICES.map((service) => ({
      id: ctx.random.hex(32),
      type: service.type,
      name: service.name,
      endpoints: [
        {
          id: ctx.random.hex(32),
          interface: 'public',
          region: project?.region ?? '*',
          region_id: project?.region ?? '*',
          url: `${ctx.endpoint}${service.path.replace('$(tenant_id)s', project?.id ?? '')}`,
        },
      ],
    }));
  }
  return out;
}

function issueToken(ctx: EmulatorContext, scope: Json | undefined, methods: string[]): TokenRecord {
  const main = account(ctx);
  let projectId: string | null = null;
  let domainScoped = false;
  if (scope !== undefined) {
    if (isObject(scope.project)) {
      const wanted = scope.project;
      const project = collections
        .projects(ctx)
        .find(
          (p) =>
            (typeof wanted.id === 'string' && p.id === wanted.id) ||
            (typeof wanted.name === 'string' && p.name === wanted.name),
        );
      if (!project) iamFail(401, 'The project in the scope does not exist or is not in your domain.');
      projectId = project.id;
    } else if (isObject(scope.domain)) {
      const wanted = scope.domain;
      if (wanted.id !== main.domainId && wanted.name !== main.domainName) {
        iamFail(401, 'The domain in the scope is not your domain.');
      }
      domainScoped = true;
    } else {
      iamFail(400, 'scope must name a project or a domain.');
    }
  }
  const now = ctx.clock.now();
  const value = `MIIT${ctx.random.hex(120)}`;
  return collections.tokens(ctx).set(value, {
    id: value,
    userId: main.userId,
    projectId,
    domainScoped,
    methods,
    issuedAt: now,
    expiresAt: now + tokenLifetimeMs(ctx),
  });
}

function createToken(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parseJson(req);
  const auth = body.auth;
  if (!isObject(auth) || !isObject(auth.identity) || !Array.isArray(auth.identity.methods)) {
    iamFail(400, 'auth.identity.methods is required.');
  }
  const identity = auth.identity;
  const methods = identity.methods as unknown[];
  const main = account(ctx);
  let issuedFor: string[];
  if (methods.length === 1 && methods[0] === 'password') {
    const user =
      isObject(identity.password) && isObject(identity.password.user) ? identity.password.user : undefined;
    if (!user) iamFail(400, 'auth.identity.password.user is required.');
    const domain = isObject(user.domain) ? user.domain : undefined;
    const nameMatches = user.name === main.userName || user.id === main.userId;
    const domainMatches =
      user.id === main.userId ||
      (domain !== undefined && (domain.name === main.domainName || domain.id === main.domainId));
    if (!nameMatches || !domainMatches || user.password !== main.password) {
      iamFail(401, 'The username or password is wrong.');
    }
    issuedFor = ['password'];
  } else if (methods.length === 1 && methods[0] === 'token') {
    const tokenId =
      isObject(identity.token) && typeof identity.token.id === 'string'
        ? identity.token.id
        : req.headers['x-auth-token'];
    if (!liveToken(ctx, tokenId)) iamFail(401, 'The token is invalid or has expired.');
    issuedFor = ['token'];
  } else {
    iamFail(400, 'The emulator issues tokens for the password and token methods.');
  }
  const token = issueToken(ctx, isObject(auth.scope) ? auth.scope : undefined, issuedFor);
  return {
    status: 201,
    headers: { 'X-Subject-Token': token.id },
    body: { token: renderToken(ctx, token, req.query.get('nocatalog') !== 'true') },
  };
}

function validateToken(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const subject = liveToken(ctx, req.headers['x-subject-token']);
  if (!subject) iamFail(404, 'Could not find token: the X-Subject-Token is unknown or expired.');
  return {
    status: 200,
    headers: { 'X-Subject-Token': subject.id },
    body: { token: renderToken(ctx, subject, req.query.get('nocatalog') !== 'true') },
  };
}

function createSecurityToken(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parseJson(req);
  const identity = isObject(body.auth) && isObject(body.auth.identity) ? body.auth.identity : undefined;
  const methods = identity?.methods;
  if (!identity || !Array.isArray(methods) || methods.length !== 1 || methods[0] !== 'token') {
    iamFail(400, 'The emulator issues temporary credentials for auth.identity.methods ["token"].');
  }
  const tokenSpec = isObject(identity.token) ? identity.token : {};
  const requester = authOf(req);
  const token =
    typeof tokenSpec.id === 'string'
      ? liveToken(ctx, tokenSpec.id)
      : requester.kind === 'token'
        ? requester.token
        : undefined;
  if (typeof tokenSpec.id === 'string' && !token)
    iamFail(401, 'The token in auth.identity.token.id is invalid or has expired.');
  // An AK/SK-signed call proves the identity as well as a token does; its credential lives `duration` only.
  if (!token && requester.kind !== 'aksk') {
    iamFail(401, 'A valid token is required (X-Auth-Token or auth.identity.token.id).');
  }
  const duration = tokenSpec.duration_seconds ?? 900;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 86_400) {
    iamFail(400, 'duration_seconds must be an integer between 900 and 86400.');
  }
  const expiresAt = Math.min(ctx.clock.now() + duration * 1000, token?.expiresAt ?? Number.POSITIVE_INFINITY);
  const keys = newAccessKey(ctx);
  const securityToken = `gQ${ctx.random.hex(200)}`;
  collections.temporaryCredentials(ctx).set(keys.accessKey, {
    id: keys.accessKey,
    secret: keys.secretKey,
    securityToken,
    expiresAt,
  });
  return {
    status: 201,
    body: {
      credential: {
        access: keys.accessKey,
        secret: keys.secretKey,
        securitytoken: securityToken,
        expires_at: isoMillis(expiresAt),
      },
    },
  };
}

export function registerIamRoutes(router: Router): void {
  router.add('GET', '/v3/projects', listProjects);
  router.add('POST', '/v3/projects', createProject);
  router.add('GET', '/v3/auth/projects', (req, ctx) => {
    const auth = authOf(req);
    const projects = collections
      .projects(ctx)
      .filter((p) => auth.kind !== 'token' || !auth.token.projectId || auth.token.projectId === p.id);
    return {
      body: {
        links: { self: selfLink(ctx, '/v3/auth/projects') },
        projects: projects.map((p) => renderProject(ctx, p)),
      },
    };
  });
  router.add('GET', '/v3/auth/domains', (_req, ctx) => {
    const main = account(ctx);
    return {
      body: {
        links: { self: selfLink(ctx, '/v3/auth/domains') },
        domains: [
          {
            id: main.domainId,
            name: main.domainName,
            enabled: true,
            description: '',
            links: { self: selfLink(ctx, `/v3/domains/${main.domainId}`) },
          },
        ],
      },
    };
  });
  router.add('GET', '/v3/regions', (_req, ctx) => ({
    body: {
      links: { self: selfLink(ctx, '/v3/regions'), previous: null, next: null },
      regions: collections
        .regions(ctx)
        .list()
        .map((region) => ({
          id: region.id,
          type: 'public',
          description: '',
          parent_region_id: null,
          links: { self: selfLink(ctx, `/v3/regions/${region.id}`) },
          locales: { 'zh-cn': region.description, 'en-us': region.description },
        })),
    },
  }));
  router.add('POST', '/v3/auth/tokens', createToken, { public: true });
  router.add('GET', '/v3/auth/tokens', validateToken);
  router.add('DELETE', '/v3/auth/tokens', (req, ctx) => {
    const subject = liveToken(ctx, req.headers['x-subject-token']);
    if (!subject) iamFail(404, 'Could not find token: the X-Subject-Token is unknown or expired.');
    collections.tokens(ctx).delete(subject.id);
    return { status: 204 };
  });
  router.add('POST', '/v3.0/OS-CREDENTIAL/securitytokens', createSecurityToken);
}
