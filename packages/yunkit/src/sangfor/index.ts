/**
 * `yunkit/sangfor`: a typed client for Sangfor Cloud Platform (SCP) Open API (`/janus/...`).
 * Request and response fields keep SCP's own names; see docs/sangfor.md.
 */
export { nextPageNumber, normalizePage } from './api.js';
export { newCookieToken } from './auth.js';
export { SangforClient, type SangforClientOptions, sangforBaseUrl } from './client.js';
export { eipAddress, eipServerId, type SangforEipCollection, SangforEips } from './eips.js';
export { envelopeCode, isSuccessCode, parseSangforError, statusForCode, unwrapData } from './envelope.js';
export { type SangforHostInterfaceFilters, SangforHosts } from './hosts.js';
export { SangforImages } from './images.js';
export { SangforNetworks } from './networks.js';
export { SangforResourcePools } from './resource-pools.js';
export { type SangforBatchAction, type SangforPowerOptions, SangforServers } from './servers.js';
export { SangforSystem } from './system.js';
export { SangforTasks, type SangforWaitOptions, taskVerdict } from './tasks.js';
export { SangforTenants } from './tenants.js';
export type * from './types.js';
export { isSangforId } from './validate.js';
export type { SangforApiArea, SangforApiVersions } from './versions.js';
export { SangforVolumes } from './volumes.js';
