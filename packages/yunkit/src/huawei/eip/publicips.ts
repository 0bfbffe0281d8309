/**
 * Elastic IPs (`/v1/{project_id}/publicips`, marker paging). Binding is an update of the
 * publicip's `port_id`: a server NIC's port id binds it, `null` unbinds it.
 */
import type { Paginator } from '../../core/paginate.js';
import { path } from '../../core/path.js';
import type { HuaweiCallOptions, HuaweiContext } from '../context.js';
import { markerPaginator } from '../paging.js';
import {
  checkLimit,
  oneOf,
  optionalInteger,
  requireInteger,
  requireObject,
  requireString,
} from '../validate.js';
import type {
  Bandwidth,
  CreatePublicipBody,
  ListPublicipsQuery,
  Publicip,
  UpdateBandwidthBody,
  UpdatePublicipBody,
} from './types.js';

const PAGE_SIZE = 100;

export class Publicips {
  constructor(private readonly ctx: HuaweiContext) {}

  async list(
    query: ListPublicipsQuery = {},
    options?: HuaweiCallOptions,
  ): Promise<{ publicips: Publicip[] }> {
    checkLimit(query.limit);
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ publicips?: Publicip[] }>({
      service: 'eip',
      method: 'GET',
      path: path`/v1/${projectId}/publicips`,
      query: { ...query },
      options,
    });
    return { ...data, publicips: data.publicips ?? [] };
  }

  listAll(query: ListPublicipsQuery = {}, options?: HuaweiCallOptions): Paginator<Publicip, string> {
    checkLimit(query.limit);
    return markerPaginator(
      query.limit ?? PAGE_SIZE,
      query.marker,
      (marker, limit) => this.list({ ...query, marker, limit }, options),
      (page) => page.publicips,
    );
  }

  async get(publicipId: string, options?: HuaweiCallOptions): Promise<Publicip> {
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ publicip: Publicip }>({
      service: 'eip',
      method: 'GET',
      path: path`/v1/${projectId}/publicips/${publicipId}`,
      options,
    });
    return data.publicip;
  }

  /** CreatePublicip (pay-per-use, `POST /v1/{project_id}/publicips`), unwrapped from `{ publicip }`. */
  async create(body: CreatePublicipBody, options?: HuaweiCallOptions): Promise<Publicip> {
    const publicip = requireObject(requireObject(body, 'body').publicip, 'publicip');
    requireString(publicip.type, 'publicip.type');
    if (publicip.ip_version !== undefined)
      oneOf(String(publicip.ip_version), ['4', '6'] as const, 'publicip.ip_version');
    const bandwidth = requireObject(body.bandwidth, 'bandwidth');
    oneOf(bandwidth.share_type, ['PER', 'WHOLE'] as const, 'bandwidth.share_type');
    if (bandwidth.share_type === 'PER') requireInteger(bandwidth.size, 'bandwidth.size', 1, 2000);
    else requireString(bandwidth.id, 'bandwidth.id');
    if (bandwidth.name !== undefined) requireString(bandwidth.name, 'bandwidth.name');
    if (bandwidth.charge_mode !== undefined) {
      oneOf(bandwidth.charge_mode, ['bandwidth', 'traffic'] as const, 'bandwidth.charge_mode');
    }
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ publicip: Publicip }>({
      service: 'eip',
      method: 'POST',
      path: path`/v1/${projectId}/publicips`,
      body,
      options,
    });
    return data.publicip;
  }

  /** UpdatePublicip: the raw update (port_id, alias, ip_version). */
  async update(publicipId: string, body: UpdatePublicipBody, options?: HuaweiCallOptions): Promise<Publicip> {
    requireObject(requireObject(body, 'body').publicip, 'publicip');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ publicip: Publicip }>({
      service: 'eip',
      method: 'PUT',
      path: path`/v1/${projectId}/publicips/${publicipId}`,
      body,
      options,
    });
    return data.publicip;
  }

  /** Binds the EIP to a port (a server NIC: `OS-EXT-IPS:port_id` in the server's addresses). */
  async bind(publicipId: string, portId: string, options?: HuaweiCallOptions): Promise<Publicip> {
    requireString(portId, 'port_id');
    return this.update(publicipId, { publicip: { port_id: portId } }, options);
  }

  /** Unbinds the EIP from whatever port it is bound to. */
  async unbind(publicipId: string, options?: HuaweiCallOptions): Promise<Publicip> {
    return this.update(publicipId, { publicip: { port_id: null } }, options);
  }

  /**
   * Changes the EIP's bandwidth (UpdateBandwidth, `PUT /v1/{project_id}/bandwidths/{bandwidth_id}`);
   * the bandwidth id is read from the EIP.
   */
  async updateBandwidth(
    publicipId: string,
    change: UpdateBandwidthBody['bandwidth'],
    options?: HuaweiCallOptions,
  ): Promise<Bandwidth> {
    requireObject(change, 'bandwidth');
    optionalInteger(change.size, 'bandwidth.size', 1, 2000);
    if (change.name !== undefined) requireString(change.name, 'bandwidth.name');
    if (change.size === undefined && change.name === undefined && change.charge_mode === undefined) {
      requireString(undefined, 'bandwidth.size');
    }
    const eip = await this.get(publicipId, options);
    const bandwidthId = requireString(eip.bandwidth_id, 'bandwidth_id');
    const projectId = await this.ctx.projectId();
    const { data } = await this.ctx.request<{ bandwidth: Bandwidth }>({
      service: 'eip',
      method: 'PUT',
      path: path`/v1/${projectId}/bandwidths/${bandwidthId}`,
      body: { bandwidth: change },
      options,
    });
    return data.bandwidth;
  }

  async delete(publicipId: string, options?: HuaweiCallOptions): Promise<void> {
    const projectId = await this.ctx.projectId();
    await this.ctx.request({
      service: 'eip',
      method: 'DELETE',
      path: path`/v1/${projectId}/publicips/${publicipId}`,
      options,
    });
  }
}
