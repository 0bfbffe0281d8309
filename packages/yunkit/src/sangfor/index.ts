/**
 * `yunkit/sangfor`: a typed client for Sangfor Cloud Platform (SCP) Open API (`/janus/...`).
 * Request and response fields keep SCP's own names; see docs/sangfor.md.
 */
export { SangforClient, type SangforClientOptions } from './client.js';
export { eipAddress, eipServerId, type SangforEipCollection, SangforEips } from './eips.js';
export { type SangforHostInterfaceFilters, SangforHosts } from './hosts.js';
export { SangforImages } from './images.js';
export { SangforNetworks } from './networks.js';
export { SangforResourcePools } from './resource-pools.js';
export { type SangforBatchAction, type SangforPowerOptions, SangforServers } from './servers.js';
export { SangforSystem } from './system.js';
export { SangforTasks, type SangforWaitOptions } from './tasks.js';
export { SangforTenants } from './tenants.js';
export type * from './types.js';
export type { SangforApiArea, SangforApiVersions } from './versions.js';
export { SangforVolumes } from './volumes.js';
