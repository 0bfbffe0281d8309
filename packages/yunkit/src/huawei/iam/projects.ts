/** IAM projects (`/v3/projects`, Keystone `page` / `per_page` paging). */
import { Paginator } from '../../core/paginate.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { optionalInteger } from '../validate.js';
import type { ListProjectsQuery, ListProjectsResponse, Project } from './types.js';

const PAGE_SIZE = 100;

export class Projects {
  constructor(private readonly ctx: HuaweiContext) {}

  /** KeystoneListProjects: one page (`{ links, projects }`). */
  async list(query: ListProjectsQuery = {}, options?: HuaweiCallOptions): Promise<ListProjectsResponse> {
    optionalInteger(query.page, 'page', 1);
    optionalInteger(query.per_page, 'per_page', 1, 5000);
    const { data } = await this.ctx.request<ListProjectsResponse>({
      service: 'iam',
      method: 'GET',
      path: '/v3/projects',
      query: { ...query },
      auth: 'domain',
      options,
    });
    return { ...data, projects: data.projects ?? [] };
  }

  listAll(
    query: Omit<ListProjectsQuery, 'page'> = {},
    options?: HuaweiCallOptions,
  ): Paginator<Project, number> {
    optionalInteger(query.per_page, 'per_page', 1, 5000);
    const perPage = query.per_page ?? PAGE_SIZE;
    return new Paginator<Project, number>(async (cursor) => {
      const page = cursor ?? 1;
      const result = await this.list({ ...query, page, per_page: perPage }, options);
      const more = result.projects.length >= perPage && (result.links?.next ?? 'unknown') !== null;
      return { items: result.projects, next: more ? page + 1 : undefined, raw: result };
    });
  }

  /** The project the client works in (its region's, resolved through IAM when not configured). */
  current(): Promise<string> {
    return this.ctx.projectId();
  }
}
