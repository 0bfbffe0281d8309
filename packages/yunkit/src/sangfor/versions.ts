/**
 * SCP puts an API version in the path (`/janus/20180725/servers`). Versions coexist on one system and
 * newer ones add parameters, but a few endpoints answer under one version only (host interfaces
 * under 20180725), so the defaults are the versions working clients were seen using, per endpoint.
 */
import { requireApiVersion } from './validate.js';

export type SangforApiArea =
  | 'servers'
  | 'tasks'
  | 'azs'
  | 'overview'
  | 'storages'
  | 'projects'
  | 'vpcs'
  | 'subnets'
  | 'eips'
  | 'floatingips'
  | 'images'
  | 'volumes'
  | 'hosts'
  | 'hostInterfaces'
  | 'system'
  | 'platform'
  | 'licenses';

/** Which call of an area: the collection (list) or one item and its actions. */
export type SangforEndpointKind = 'list' | 'item';

/**
 * Per-area overrides, e.g. `{ servers: '20200725' }`, or `{ default: '20240725' }` for every area not
 * named. An area override applies to all of its calls.
 */
export type SangforApiVersions = Partial<Record<SangforApiArea | 'default', string>>;

const OBSERVED: Record<SangforApiArea, { list: string; item: string }> = {
  servers: { list: '20180725', item: '20180725' },
  tasks: { list: '20180725', item: '20180725' },
  // S6 lists AZs under 20190725; the detail was seen under 20180725.
  azs: { list: '20190725', item: '20180725' },
  overview: { list: '20180725', item: '20180725' },
  storages: { list: '20180725', item: '20180725' },
  projects: { list: '20190725', item: '20180725' },
  vpcs: { list: '20180725', item: '20180725' },
  subnets: { list: '20180725', item: '20180725' },
  eips: { list: '20180725', item: '20180725' },
  floatingips: { list: '20180725', item: '20180725' },
  images: { list: '20180725', item: '20180725' },
  volumes: { list: '20180725', item: '20180725' },
  // The host list answered under 20190725 on a real system.
  hosts: { list: '20190725', item: '20190725' },
  // Interfaces answered only under 20180725 on a real system.
  hostInterfaces: { list: '20180725', item: '20180725' },
  system: { list: '20180725', item: '20180725' },
  platform: { list: '20180725', item: '20180725' },
  licenses: { list: '20180725', item: '20180725' },
};

export class SangforVersionTable {
  readonly #overrides: SangforApiVersions;

  constructor(overrides: SangforApiVersions = {}) {
    for (const [area, version] of Object.entries(overrides)) {
      if (version !== undefined) requireApiVersion(`apiVersions.${area}`, version);
    }
    this.#overrides = { ...overrides };
  }

  version(area: SangforApiArea, kind: SangforEndpointKind = 'item'): string {
    return this.#overrides[area] ?? this.#overrides.default ?? OBSERVED[area][kind];
  }

  /** `/janus/<version>/<rest>` */
  path(area: SangforApiArea, kind: SangforEndpointKind, rest: string): string {
    return `/janus/${this.version(area, kind)}${rest.startsWith('/') ? rest : `/${rest}`}`;
  }
}
