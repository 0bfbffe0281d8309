/**
 * The seed's 3.3: endpoint by region through env vars and regions.yaml (env → file → built-in),
 * several endpoints per region with failover, and a custom endpoint per service.
 *
 *   npx tsx --conditions=yunkit-source examples/huawei/regions.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuaweiClient } from 'yunkit/huawei';
import { type ExampleEnv, runIfMain } from '../env.js';

/** A local address where nothing listens: bind a port, then close it. */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export async function regionsDemo(env: ExampleEnv): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yunkit-hw-regions-'));
  const credentials = {
    ak: env.credentials.accessKey!,
    sk: env.credentials.secretKey!,
    projectId: env.credentials.projectId!,
  };
  const clients: HuaweiClient[] = [];
  try {
    const dead = await deadEndpoint();
    // HUAWEICLOUD_SDK_REGION_{SERVICE}_{REGION}: comma-separated endpoints fail over in order.
    const viaEnv = new HuaweiClient({
      region: 'cn-north-4',
      credentials,
      retry: { maxAttempts: 1 },
      env: { HOME: dir, HUAWEICLOUD_SDK_REGION_ECS_CN_NORTH_4: `${dead},${env.endpoint}` },
      endpoints: { iam: env.endpoint },
    });
    clients.push(viaEnv);
    const { count } = await viaEnv.ecs.servers.list({ limit: 1 });
    env.log(`env: ${count} server(s); endpoint order now ${viaEnv.endpointsOf('ecs').join(' , ')}`);

    // ~/.huaweicloud/regions.yaml (or HUAWEICLOUD_SDK_REGIONS_FILE); service names are case-insensitive.
    const file = join(dir, 'regions.yaml');
    writeFileSync(file, `VPC:\n  - id: 'cn-north-9'\n    endpoints:\n      - '${env.endpoint}'\n`);
    const viaFile = new HuaweiClient({
      region: 'cn-north-9',
      credentials,
      env: { HOME: dir, HUAWEICLOUD_SDK_REGIONS_FILE: file },
    });
    clients.push(viaFile);
    env.log(
      `regions.yaml: cn-north-9 VPC endpoint ${viaFile.endpointsOf('vpc')[0]}, ${(await viaFile.vpc.vpcs.list()).vpcs.length} VPC(s)`,
    );

    // Built in: https://{service}.{region}.myhuaweicloud.com.
    const builtIn = new HuaweiClient({ region: 'ap-southeast-1', credentials, env: { HOME: dir } });
    clients.push(builtIn);
    env.log(`built in: ${builtIn.endpointsOf('evs')[0]}`);

    // A custom endpoint per service (the seed's with_endpoint).
    const custom = new HuaweiClient({ credentials, endpoints: { ims: env.endpoint } });
    clients.push(custom);
    env.log(`custom endpoint: ${(await custom.ims.images.list({ limit: 2 })).images.length} image(s)`);
  } finally {
    for (const c of clients) c.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'huawei', regionsDemo);
