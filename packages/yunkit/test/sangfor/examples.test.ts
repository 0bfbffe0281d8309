import { describe, expect, it } from 'vitest';
import { type Example, withEmulator } from '../../../../examples/env.js';

/** Every seed example, run as a user would run it, against its own emulator. */
const examples: Array<[file: string, load: () => Promise<Example>, expected: RegExp[]]> = [
  [
    'quickstart',
    async () => (await import('../../../../examples/sangfor/quickstart.js')).quickstart,
    [
      /created VPC/,
      /created subnet/,
      /VM quickstart-vm .* is running/,
      /attached a new 10 GB disk/,
      /EIP .* bound to the VM/,
      /powered off: stopped/,
      /powered on: running/,
      /^cleanup: unbind EIP$/,
      /^cleanup: release EIP$/,
      /^cleanup: detach disk$/,
      /^cleanup: delete disk$/,
      /^cleanup: delete VM$/,
      /^cleanup: delete subnet$/,
      /^cleanup: delete VPC$/,
    ],
  ],
  [
    'auth',
    async () => (await import('../../../../examples/sangfor/auth.js')).example,
    [/^EC2: SCP/, /^Token: SCP/],
  ],
  [
    'list-servers',
    async () => (await import('../../../../examples/sangfor/list-servers.js')).example,
    [/running in /],
  ],
  [
    'create-server',
    async () => (await import('../../../../examples/sangfor/create-server.js')).example,
    [/^VM created: [0-9a-f-]{36}$/],
  ],
  [
    'power',
    async () => (await import('../../../../examples/sangfor/power.js')).example,
    [/after power off: stopped/, /after power on: running/, /after two reboots: running/],
  ],
  [
    'disks',
    async () => (await import('../../../../examples/sangfor/disks.js')).example,
    [/: available$/, /attached: in-use/, /detached: available/],
  ],
  [
    'networks',
    async () => (await import('../../../../examples/sangfor/networks.js')).example,
    [/192\.168\.10\.0\/24/],
  ],
  [
    'eip',
    async () => (await import('../../../../examples/sangfor/eip.js')).example,
    [/^allocated /, /^bound to /, /^released$/],
  ],
  [
    'overview',
    async () => (await import('../../../../examples/sangfor/overview.js')).example,
    [/^Total VMs: \d+/, /^Running VMs: \d+/, /^SCP\d/],
  ],
  [
    'task-progress',
    async () => (await import('../../../../examples/sangfor/task-progress.js')).example,
    [/^Progress: /, /: finish$/],
  ],
  [
    'pagination',
    async () => (await import('../../../../examples/sangfor/pagination.js')).example,
    [/^Total VMs: \d+/, /^Next page: ""$/, /^VM count in pool: \d+/],
  ],
  [
    'errors',
    async () => (await import('../../../../examples/sangfor/errors.js')).example,
    [/^VM not found: /, /^Task failed: 云主机未开机，无法重启/, /^Timed out after 1 ms/, /^Auth failed: 401/],
  ],
];

describe('examples/sangfor', () => {
  it.each(examples)('%s runs against the emulator', async (_name, load, expected) => {
    const lines: string[] = [];
    await withEmulator('sangfor', await load(), (line) => lines.push(line), { taskMs: 100 });
    for (const pattern of expected)
      expect(
        lines.some((line) => pattern.test(line)),
        String(pattern),
      ).toBe(true);
  });
});
