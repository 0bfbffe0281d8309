/**
 * The seed's "Simplified Demo": list VPCs with BasicCredentials read from the environment, and
 * print the four fields of a ClientRequestException when the call is refused.
 *
 *   npx tsx --conditions=yunkit-source examples/huawei/simplified-demo.ts
 */
import { ApiError } from 'yunkit/core';
import { errorLevel, HuaweiClient } from 'yunkit/huawei';
import { type ExampleEnv, runIfMain } from '../env.js';

export async function simplifiedDemo(env: ExampleEnv): Promise<void> {
  // What the seed reads from HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK; here, from the emulator.
  const processEnv = {
    HUAWEICLOUD_SDK_AK: env.credentials.accessKey,
    HUAWEICLOUD_SDK_SK: env.credentials.secretKey,
    HUAWEICLOUD_SDK_PROJECT_ID: env.credentials.projectId,
  };
  // No `credentials`: the chain reads the HUAWEICLOUD_SDK_* variables (then ~/.huaweicloud/credentials).
  const hw = new HuaweiClient({ region: 'cn-north-4', endpoint: env.endpoint, env: processEnv });
  try {
    const { vpcs } = await hw.vpc.vpcs.list();
    env.log(`ListVpcs: ${vpcs.length} VPC(s): ${vpcs.map((v) => `${v.name} ${v.cidr}`).join(', ') || '-'}`);
    await hw.vpc.vpcs.get('00000000-0000-0000-0000-000000000000');
  } catch (e) {
    if (!(e instanceof ApiError) || errorLevel(e)?.level2 !== 'ClientRequestException') throw e;
    // The seed prints e.status_code, e.request_id, e.error_code, e.error_msg.
    env.log(`ClientRequestException: ${e.status} ${e.requestId} ${e.code} ${e.cloudMessage}`);
  } finally {
    hw.close();
  }
}

runIfMain(import.meta.url, 'huawei', simplifiedDemo);
