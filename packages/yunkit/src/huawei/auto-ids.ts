/**
 * project_id / domain_id auto-resolution through IAM, as Huawei's SDKs do it (reference §2.7):
 * `GET /v3/projects?name={region}` signed without X-Project-Id; exactly one project → its id;
 * none → if IAM lists the region, create it (`GET /v3/auth/domains`, `POST /v3/projects`);
 * several → an error (Huawei does not support the multi-project case either).
 * Results are cached process-wide per AK (or token) and region, like the SDK's auth cache.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../core/errors.js';
import type { HuaweiContext } from './context.js';
import type { HuaweiCredentials } from './credentials.js';
import type { Domain, ListProjectsResponse, ListRegionsResponse, Project } from './iam/types.js';

const cache = new Map<string, Promise<string>>();

function principal(credentials: HuaweiCredentials): string {
  if (credentials.type === 'token') {
    // Keyed by a digest so the cache never holds the token itself.
    return `token:${createHash('sha256').update(credentials.token).digest('hex').slice(0, 32)}`;
  }
  return credentials.ak;
}

function cached(key: string, compute: () => Promise<string>): Promise<string> {
  let entry = cache.get(key);
  if (!entry) {
    entry = compute();
    cache.set(key, entry);
    // A failed lookup is not remembered: the next call tries again.
    entry.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
  }
  return entry;
}

/** Forgets every cached project/domain id (tests; after a project was deleted). */
export function clearHuaweiIdCache(): void {
  cache.clear();
}

export async function resolveDomainId(ctx: HuaweiContext, credentials: HuaweiCredentials): Promise<string> {
  const iam = ctx.iamEndpoint(credentials);
  return cached(`${principal(credentials)}\0${iam}\0domain_id`, async () => {
    const { data } = await ctx.request<{ domains?: Domain[] }>({
      service: 'iam',
      method: 'GET',
      path: '/v3/auth/domains',
      auth: 'bare',
      endpoints: [iam],
    });
    const id = data.domains?.[0]?.id;
    if (!id)
      throw new ValidationError('IAM returned no domain for these credentials; pass domainId', 'domainId');
    return id;
  });
}

export async function resolveProjectId(ctx: HuaweiContext, credentials: HuaweiCredentials): Promise<string> {
  const region = ctx.region;
  if (region === undefined) {
    throw new ValidationError(
      'projectId is required when the client has no region (with a custom endpoint, pass credentials.projectId)',
      'projectId',
    );
  }
  const iam = ctx.iamEndpoint(credentials);
  return cached(`${principal(credentials)}\0${iam}\0${region}\0project_id`, async () => {
    const { data } = await ctx.request<ListProjectsResponse>({
      service: 'iam',
      method: 'GET',
      path: '/v3/projects',
      query: { name: region },
      auth: 'bare',
      endpoints: [iam],
    });
    const projects = (data.projects ?? []).filter(
      (p: Project) => p.name === region || data.projects.length === 1,
    );
    if (projects.length === 1) return projects[0]!.id;
    if (projects.length > 1) {
      throw new ValidationError(
        `IAM lists ${projects.length} projects named ${region}; pass credentials.projectId`,
        'projectId',
      );
    }
    const regions = await ctx.request<ListRegionsResponse>({
      service: 'iam',
      method: 'GET',
      path: '/v3/regions',
      auth: 'bare',
      endpoints: [iam],
    });
    if (!(regions.data.regions ?? []).some((r) => r.id === region)) {
      throw new ValidationError(`IAM does not know region ${region}; no project can be resolved`, 'region');
    }
    const domainId = await resolveDomainId(ctx, credentials);
    const created = await ctx.request<{ project: Project }>({
      service: 'iam',
      method: 'POST',
      path: '/v3/projects',
      body: { project: { name: region, domain_id: domainId } },
      auth: 'bare',
      endpoints: [iam],
    });
    return created.data.project.id;
  });
}
