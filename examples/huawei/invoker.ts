/**
 * The seed's chapter 7, API invoker: custom request headers (`add_header`) and retry
 * (`with_retry(retry_condition, max_retries, backoff_strategy)`), plus the exception levels of 4.1.
 *
 *   npx tsx --conditions=yunkit-source examples/huawei/invoker.ts
 */
import { ServerError } from 'yunkit/core';
import { errorLevel, HuaweiClient, isConnectionFailure } from 'yunkit/huawei';
import { type ExampleEnv, runIfMain } from '../env.js';

export async function invokerDemo(env: ExampleEnv): Promise<void> {
  const hw = new HuaweiClient({
    region: 'cn-north-4',
    endpoint: env.endpoint,
    credentials: { ak: env.credentials.accessKey!, sk: env.credentials.secretKey! },
  });
  try {
    // 7.1 Custom request headers for one call.
    const { vpcs } = await hw.vpc.vpcs.list({}, { headers: { key1: 'value1', key2: 'value2' } });
    env.log(`ListVpcs with custom headers: ${vpcs.length} VPC(s)`);

    // 7.2 Retry on connection errors, 3 times, immediately (BackoffStrategies.NONE).
    const flavors = await hw.ecs.flavors.list(
      {},
      { withRetry: { retryCondition: isConnectionFailure, maxRetries: 3, backoffStrategy: 'none' } },
    );
    env.log(`ListFlavors with retry: ${flavors.flavors.length} flavor(s)`);

    // Retry on 503, up to 10 times, equal jitter.
    const servers = await hw.ecs.servers.list(
      { limit: 5 },
      {
        withRetry: {
          retryCondition: (_response, error) => error instanceof ServerError && error.status === 503,
          maxRetries: 10,
          backoffStrategy: 'equalJitter',
        },
      },
    );
    env.log(`ListServersDetails with retry: ${servers.count} server(s)`);

    // A condition on the response, not on an error: poll until a new VPC is OK (the Java README
    // polls a job the same way). The condition sees the raw answer, `{ vpc: {...} }`.
    const vpc = await hw.vpc.vpcs.create({ vpc: { name: 'invoker-demo', cidr: '10.8.0.0/16' } });
    const ready = await hw.vpc.vpcs.get(vpc.id, {
      withRetry: {
        retryCondition: (response) =>
          (response as { vpc?: { status?: string } } | undefined)?.vpc?.status !== 'OK',
        maxRetries: 10,
        backoffStrategy: 'exponential',
        baseDelayMs: 50,
      },
    });
    env.log(`VPC ${vpc.id} polled by a retry condition: ${ready.status}`);
    await hw.vpc.vpcs.delete(vpc.id);

    // 4.1 Exceptions: which of the seed's levels an error belongs to.
    try {
      await hw.ecs.servers.get('no-such-server');
    } catch (error) {
      env.log(`errorLevel: ${JSON.stringify(errorLevel(error))}`);
    }
  } finally {
    hw.close();
  }
}

runIfMain(import.meta.url, 'huawei', invokerDemo);
