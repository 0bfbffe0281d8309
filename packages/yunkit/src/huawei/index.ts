/**
 * `yunkit/huawei`: the Huawei Cloud client (ECS, VPC, EVS, EIP, IMS, IAM) with Huawei's wire
 * names, its signing, credentials chain, region resolution, access log and invoker retry.
 */
export { clearHuaweiIdCache } from './auto-ids.js';
export { HuaweiClient, type HuaweiClientOptions, type HuaweiHttpConfig } from './client.js';
export type { HuaweiCallOptions, IdempotentCallOptions } from './context.js';
export {
  type BasicCredentials,
  type FederatedCredentials,
  type GlobalCredentials,
  type HuaweiCredentialSource,
  type HuaweiCredentials,
  type HuaweiCredentialsInput,
  huaweiCredentialChain,
  type PasswordCredentials,
  parseCredentialsFile,
  readCredentialsFromEnv,
  type TokenCredentials,
} from './credentials.js';
export { EcsService } from './ecs/index.js';
export type * as ecs from './ecs/types.js';
export { EipService } from './eip/index.js';
export type * as eip from './eip/types.js';
export {
  errorLevel,
  type HuaweiErrorLevel,
  type HuaweiErrorLevel1,
  type HuaweiErrorLevel2,
  RetryOutageError,
} from './errors.js';
export { EvsService } from './evs/index.js';
export type * as evs from './evs/types.js';
export { IamService } from './iam/index.js';
export type * as iam from './iam/types.js';
export { ImsService } from './ims/index.js';
export type * as ims from './ims/types.js';
export type { JobWaitOptions } from './jobs.js';
export { type MetadataCredentialsOptions, metadataCredentials } from './metadata.js';
export {
  type AccessLogLevel,
  type FileLogOptions,
  HttpHandler,
  type RawRequestInfo,
  type RawResponseInfo,
  type StreamLogOptions,
} from './observe.js';
export { HUAWEI_REGIONS, type HuaweiService } from './regions.js';
export { type BackoffStrategy, type HuaweiRetryPolicy, isConnectionFailure } from './retry.js';
export { VpcService } from './vpc/index.js';
export type * as vpc from './vpc/types.js';
