export { clearAws4KeyCache } from './aws4-key.js';
export { applySignedHeaders } from './headers.js';
export {
  type HuaweiCredentials,
  type HuaweiDerivedSignInput,
  type HuaweiSignInput,
  huaweiCanonicalQuery,
  huaweiCanonicalUri,
  huaweiDerivedKey,
  signHuawei,
  signHuaweiDerived,
  signHuaweiDerivedDetailed,
  signHuaweiDetailed,
} from './huawei.js';
export {
  encryptSangforPassword,
  SANGFOR_DEFAULT_REGION,
  SANGFOR_DEFAULT_SERVICE,
  type SangforEc2Input,
  signSangforEc2,
  signSangforEc2Detailed,
} from './sangfor.js';
export {
  canonicalRequestSigV4,
  type SigV4Input,
  signSigV4,
  signSigV4Detailed,
  sigV4CanonicalPath,
  sigV4CanonicalQuery,
} from './sigv4.js';
export type { AccessKeyCredentials, AddedHeaders, SignableRequest, SigningDetails } from './types.js';
export {
  presignVolcengine,
  presignVolcengineDetailed,
  signVolcengine,
  signVolcengineDetailed,
  type VolcenginePresignDetails,
  type VolcenginePresignInput,
  type VolcengineSignInput,
  volcengineCanonicalQuery,
  volcengineSigningKey,
} from './volcengine.js';
export {
  signZstack,
  signZstackDetailed,
  type ZstackSignInput,
  type ZstackSigningDetails,
  zstackDate,
  zstackPasswordDigest,
  zstackSignedUri,
} from './zstack.js';
