/** Platform-wide information: version, maintenance mode, platform info, licence. */
import type { CallOptions } from '../core/index.js';
import type { SangforApi } from './api.js';
import type {
  SangforLicenseSummary,
  SangforMaintenance,
  SangforPlatformInfo,
  SangforVersion,
} from './types.js';

export class SangforSystem {
  readonly #api: SangforApi;

  constructor(api: SangforApi) {
    this.#api = api;
  }

  /** `{ build_version: 'SCP6.7.33 B-2022-06-07 19:45:13', custom_version: [...] }` */
  async version(options?: CallOptions): Promise<SangforVersion> {
    return this.#api.get<SangforVersion>(this.#api.path('system', 'item', '/system/version'), options);
  }

  /** The raw maintenance document (`{ maintain_mode: 0 | 1 }`). */
  async maintenance(options?: CallOptions): Promise<SangforMaintenance> {
    return this.#api.get<SangforMaintenance>(
      this.#api.path('system', 'item', '/system/maintenance'),
      options,
    );
  }

  /** Whether the platform is in maintenance mode. */
  async maintenanceMode(options?: CallOptions): Promise<boolean> {
    const data = await this.maintenance(options);
    return Number(data?.maintain_mode ?? 0) === 1;
  }

  /** `{ manage_mode, region_info, dcluster_info }` */
  async platformInfo(options?: CallOptions): Promise<SangforPlatformInfo> {
    return this.#api.get<SangforPlatformInfo>(this.#api.path('platform', 'item', '/platform'), options);
  }

  /** Licence summary: `{ username, status, key_id, products }`. */
  async license(options?: CallOptions): Promise<SangforLicenseSummary> {
    return this.#api.get<SangforLicenseSummary>(
      this.#api.path('licenses', 'item', '/licenses/summary'),
      options,
    );
  }
}
