import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('yunkit command', () => {
  it('prints its version', async () => {
    const { stdout } = await run(process.execPath, [tsx, entry, '--version']);
    expect(stdout.trim()).toBe(version);
  });

  it('prints help naming the clouds', async () => {
    const { stdout } = await run(process.execPath, [tsx, entry, '--help']);
    expect(stdout).toContain('Usage: yunkit');
    expect(stdout).toContain('Sangfor SCP');
    expect(stdout).toContain('--version');
  });

  it('rejects an unknown option with a non-zero exit', async () => {
    await expect(run(process.execPath, [tsx, entry, '--no-such-flag'])).rejects.toMatchObject({ code: 1 });
  });
});
