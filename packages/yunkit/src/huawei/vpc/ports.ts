/** Ports (`/v1/{project_id}/ports`): what an EIP binds to; a server NIC is a port. */
import type { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import { checkLimit } from '../validate.js';
import type { ListPortsQuery, Port } from './types.js';
import { VPC_PAGE_SIZE } from './vpcs.js';

export class Ports {
  constructor(private readonly ctx: HuaweiContext) {}

  async list(query: ListPortsQuery = {}, options?: HuaweiCallOptions): Promise<{ ports: Port[] }> {
    checkLimit(query.limit, 'limit', 2000);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ ports?: Port[] }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/ports`,
      query: { ...query },
      options,
    });
    return { ...data, ports: data.ports ?? [] };
  }

  listAll(query: ListPortsQuery = {}, options?: HuaweiCallOptions): Paginator<Port, string> {
    checkLimit(query.limit, 'limit', 2000);
    return markerPaginator(
      query.limit ?? VPC_PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.ports,
    );
  }

  async get(portId: string, options?: HuaweiCallOptions): Promise<Port> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ port: Port }>({
      service: 'vpc',
      method: 'GET',
      path: path`/v1/${projectId}/ports/${portId}`,
      options,
    });
    return data.port;
  }
}
