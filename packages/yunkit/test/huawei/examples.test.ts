import { startEmulator } from '@yunkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExampleEnv } from '../../../../examples/env.js';
import { credentialsDemo } from '../../../../examples/huawei/credentials.js';
import { detailedDemo } from '../../../../examples/huawei/detailed-demo.js';
import { invokerDemo } from '../../../../examples/huawei/invoker.js';
import { quickstart } from '../../../../examples/huawei/quickstart.js';
import { regionsDemo } from '../../../../examples/huawei/regions.js';
import { simplifiedDemo } from '../../../../examples/huawei/simplified-demo.js';

let emulator: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  emulator = await startEmulator({ provider: 'huawei', host: '127.0.0.1', port: 0, taskMs: 60 });
});
afterAll(async () => emulator.close());

async function run(example: (env: ExampleEnv) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  await example({
    endpoint: emulator.endpoint,
    credentials: emulator.credentials,
    log: (l) => lines.push(l),
  });
  return lines;
}

describe('examples/huawei against the emulator', () => {
  it('quickstart: network, server, volume, EIP, stop/start, clean-up', async () => {
    const lines = await run(quickstart);
    expect(lines.some((l) => /server yunkit-qs-server is ACTIVE/.test(l))).toBe(true);
    expect(lines.some((l) => /EIP .* bound to port/.test(l))).toBe(true);
    expect(lines.some((l) => /^security group \S+ allows tcp\/22$/.test(l))).toBe(true);
    expect(lines.some((l) => /^volume \S+ attached/.test(l))).toBe(true);
    expect(lines.some((l) => l === 'server is SHUTOFF')).toBe(true);
    expect(lines.filter((l) => l === 'server is ACTIVE')).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^done:/);
    // Clean-up really happened: nothing the quickstart made is left in the emulator.
    const state = (await (await fetch(`${emulator.endpoint}/_emulator/state`)).json()) as {
      store: { collections: Record<string, Record<string, { name?: string; status?: string }>> };
    };
    const leftovers = ['servers', 'volumes', 'vpcs', 'subnets', 'securityGroups', 'publicips'].flatMap(
      (collection) =>
        Object.values(state.store.collections[collection] ?? {}).filter((r) =>
          r.name?.startsWith('yunkit-qs'),
        ),
    );
    expect(leftovers).toEqual([]);
    expect(Object.keys(state.store.collections.publicips ?? {})).toEqual([]);
  });

  it('the seed demos and chapters', async () => {
    expect((await run(simplifiedDemo)).at(-1)).toMatch(/^ClientRequestException: 404 \S+ VPC\.\d+/);
    const detailed = await run(detailedDemo);
    expect(detailed.some((l) => l.startsWith('[access] ') && l.includes(' INFO "GET '))).toBe(true);
    expect(detailed.some((l) => l.includes('Authorization: ***'))).toBe(true);
    expect(detailed.join('\n')).not.toContain(emulator.credentials.secretKey!);
    const credentials = await run(credentialsDemo);
    expect(credentials.map((l) => l.split(':')[0])).toEqual([
      'basic',
      'global',
      'profile',
      'chain',
      'token auth',
      'temporary AK/SK',
      'derived signing',
    ]);
    expect((await run(regionsDemo))[0]).toMatch(/^env: 0 server\(s\)/);
    const invoker = await run(invokerDemo);
    expect(invoker.some((l) => /polled by a retry condition: OK$/.test(l))).toBe(true);
    expect(invoker.at(-1)).toMatch(/ClientRequestException/);
  });
});
