import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { providerNames } from '@yunkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs, readyLine, startFromPlan, stateFileFor } from '../../src/engine/command.js';
import { send } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const cliPath = resolve(here, '../../src/cli.ts');
const providerModule = resolve(here, 'test-provider.ts');

interface Cli {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  nextLine(): Promise<string>;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function runCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--conditions=yunkit-source', '--import', 'tsx', cliPath, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffered = '';
  let errText = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
      newline = buffered.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errText += chunk;
  });
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return {
    child,
    lines,
    stderr: () => errText,
    nextLine: () =>
      new Promise((resolveLine, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolveLine(line);
        waiting.push(resolveLine);
        exit.then((code) => reject(new Error(`CLI exited (${code}) before printing; stderr: ${errText}`)));
      }),
    exit,
  };
}

describe('yunkit-emulator command', () => {
  it('prints one JSON line when ready, serves, and exits 0 on SIGTERM', async () => {
    const cli = runCli(['--provider-module', providerModule, '--seed', '9', '--task-ms', '100']);
    const ready = JSON.parse(await cli.nextLine());
    expect(ready).toEqual({
      provider: 'testcloud',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      accessKey: 'test-ak',
      region: 'test-1',
    });
    const health = (await send(ready.endpoint, '/_emulator/health')).json();
    expect(health).toMatchObject({ status: 'ok', provider: 'testcloud', seed: 9 });
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    expect(cli.lines).toEqual([]);
  });

  it('serves HTTPS with the certificate from its line and stops on SIGINT with state saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yunkit-cli-'));
    try {
      const stateFile = join(dir, 'state.json');
      const cli = runCli([
        '--provider-module',
        providerModule,
        '--https',
        '--state',
        stateFile,
        '--fault-rate',
        '0',
      ]);
      const ready = JSON.parse(await cli.nextLine());
      expect(ready.endpoint).toMatch(/^https:/);
      expect(ready.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const res = await send(ready.endpoint, '/v1/items', { ca: ready.certificate });
      expect(res.status).toBe(200);
      expect((await send(ready.endpoint, '/_emulator/faults', { ca: ready.certificate })).json()).toEqual({
        errorRate: 0,
      });
      cli.child.kill('SIGINT');
      expect(await cli.exit).toBe(0);
      expect(JSON.parse(readFileSync(stateFile, 'utf8')).provider).toBe('testcloud');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad arguments with exit 2 and the usage on stderr', async () => {
    const cli = runCli(['--provider', 'nowhere']);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr()).toMatch(/unknown provider 'nowhere'/);
    expect(cli.stderr()).toMatch(/Usage: yunkit-emulator/);
    expect(cli.lines).toEqual([]);
  });

  it('starts the sangfor emulator over HTTPS by default', async () => {
    const cli = runCli(['--provider', 'sangfor', '--task-ms', '100']);
    const ready = JSON.parse(await cli.nextLine());
    expect(ready.provider).toBe('sangfor');
    expect(ready.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.certificate).toMatch(/BEGIN CERTIFICATE/);
    const health = await send(ready.endpoint, '/_emulator/health', { ca: ready.certificate });
    expect(health.json().provider).toBe('sangfor');
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('starts every cloud with --provider all, one line each', async () => {
    const cli = runCli(['--provider', 'all', '--task-ms', '100']);
    const lines = [];
    for (const _name of providerNames) lines.push(JSON.parse(await cli.nextLine()));
    expect(lines.map((line) => line.provider)).toEqual(providerNames);
    for (const line of lines) {
      const health = await send(
        line.endpoint,
        '/_emulator/health',
        line.certificate ? { ca: line.certificate } : {},
      );
      expect(health.json()).toMatchObject({ status: 'ok', provider: line.provider });
    }
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });
});

describe('command building blocks', () => {
  it('parses options into emulator options', () => {
    const plan = parseCliArgs([
      '--provider',
      'sangfor',
      '--port',
      '8443',
      '--http',
      '--task-ms',
      '150',
      '--fault-rate',
      '0.2',
      '--faults',
      '{"throttleRate":0.1}',
      '--state',
      's.json',
      '--seed',
      '4',
      '--provider-option',
      'tokenLifetimeSeconds=3',
      '--provider-option',
      'mode=strict',
    ]);
    expect(plan).toEqual({
      providers: ['sangfor'],
      help: false,
      base: {
        port: 8443,
        tls: false,
        taskMs: 150,
        faults: { throttleRate: 0.1, errorRate: 0.2 },
        stateFile: 's.json',
        seed: 4,
        providerOptions: { tokenLifetimeSeconds: 3, mode: 'strict' },
      },
    });
    expect(parseCliArgs(['--provider', 'all']).providers.length).toBeGreaterThan(1);
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(() => parseCliArgs([])).toThrow(/exactly one of --provider/);
    expect(() => parseCliArgs(['--provider', 'sangfor', '--port', 'x'])).toThrow(/invalid value for --port/);
    expect(() => parseCliArgs(['--provider', 'sangfor', '--fault-rate', '2'])).toThrow(/--fault-rate/);
    expect(() => parseCliArgs(['--provider', 'sangfor', '--https', '--http'])).toThrow(/mutually exclusive/);
    expect(() => parseCliArgs(['--provider', 'sangfor', '--faults', '{"errorRate":9}'])).toThrow(
      /invalid --faults/,
    );
    expect(() => parseCliArgs(['--provider', 'sangfor', '--bogus'])).toThrow(/bogus/);
  });

  it('gives each emulator of a multi-provider run its own state file', () => {
    expect(stateFileFor('/tmp/x/state.json', 'huawei')).toBe('/tmp/x/state.huawei.json');
    expect(stateFileFor('state', 'sangfor')).toBe('state.sangfor');
  });

  it('starts several emulators on consecutive ports from a fixed one', async () => {
    const base = await findConsecutiveFreePorts(2);
    const out: string[] = [];
    const emulators = await startFromPlan(
      {
        providers: [{ module: providerModule }, { module: providerModule }],
        base: { port: base },
        help: false,
      },
      { stdout: (text) => out.push(text), stderr: () => {} },
    );
    try {
      expect(emulators.map((emulator) => Number(new URL(emulator.endpoint).port))).toEqual([base, base + 1]);
      expect(out.map((line) => JSON.parse(line).endpoint)).toEqual(
        emulators.map((emulator) => emulator.endpoint),
      );
      expect(readyLine(emulators[0]!)).toBe(out[0]!.trimEnd());
    } finally {
      await Promise.all(emulators.map((emulator) => emulator.close()));
    }
  });
});

/** Two free ports side by side: probe by binding (the emulators bind right after). */
async function findConsecutiveFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await bindFree(0);
    if (first === undefined || first + count - 1 > 65535) continue;
    let ok = true;
    for (let i = 1; i < count; i++) if ((await bindFree(first + i)) === undefined) ok = false;
    if (ok) return first;
  }
  throw new Error('no consecutive free ports found');
}

function bindFree(port: number): Promise<number | undefined> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(undefined));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolvePort(bound));
    });
  });
}
