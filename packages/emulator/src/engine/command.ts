import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { providerNames } from '../providers.js';
import { validateFaultConfig } from './faults.js';
import { describeFailure, startEmulator } from './server.js';
import type { EmulatorOptions, FaultConfig, ProviderDefinition, RunningEmulator } from './types.js';

export const USAGE = `Usage: yunkit-emulator --provider <name|all> [options]

Starts local cloud emulators and prints one JSON line per emulator on stdout when it is ready:
  {"provider":...,"endpoint":...,<credentials>...,"certificate":"<PEM, when TLS>"}
Runs until SIGINT or SIGTERM, then closes cleanly.

Options:
  --provider <name|all>     ${providerNames.join(', ')}, or all of them
  --provider-module <path>  load a ProviderDefinition from a module (its default or \`provider\` export)
                            instead of a built-in provider
  --port <n>                listen port (default 0: a free port); with 'all', consecutive ports from n
  --host <addr>             listen address (default 127.0.0.1)
  --https | --http          force TLS on or off (default: the provider's own default)
  --task-ms <n>             how long async tasks take, in ms (default 2000)
  --fault-rate <r>          fraction of requests answered with an injected 500 (0-1)
  --faults <json>           the full fault configuration as JSON (see README)
  --state <file>            persist state to this file (with 'all': <file> gets .<provider> before its extension)
  --seed <n>                seed for ids and fault draws, so a run can be repeated
  --provider-option <k=v>   provider option (repeatable); v is parsed as JSON when it can be
  -h, --help                this text
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliPlan {
  /** Built-in names, or the module path when --provider-module was used. */
  providers: Array<string | { module: string }>;
  base: Omit<EmulatorOptions, 'provider'>;
  help: boolean;
}

function parseNumber(
  flag: string,
  text: string | undefined,
  check: (n: number) => boolean,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`invalid value for ${flag}: ${text}`);
  }
  return value;
}

/**
 * node:util's parseArgs rather than commander: the emulator package stays at one runtime
 * dependency, and this flat flag set needs nothing commander adds beyond what USAGE spells out.
 */
export function parseCliArgs(argv: string[]): CliPlan {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof optionSpec; strict: true; allowPositionals: false }>
  >;
  try {
    parsed = parseArgs({ args: argv, options: optionSpec, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help === true) return { providers: [], base: {}, help: true };
  if (v.https === true && v.http === true) throw new UsageError('--https and --http are mutually exclusive');
  if ((v.provider === undefined) === (v['provider-module'] === undefined)) {
    throw new UsageError('give exactly one of --provider or --provider-module');
  }
  let providers: CliPlan['providers'];
  if (v['provider-module'] !== undefined) {
    providers = [{ module: v['provider-module'] }];
  } else if (v.provider === 'all') {
    providers = [...providerNames];
  } else {
    if (!providerNames.includes(v.provider!)) {
      throw new UsageError(`unknown provider '${v.provider}'; known: ${providerNames.join(', ')}, all`);
    }
    providers = [v.provider!];
  }

  const base: CliPlan['base'] = {};
  const port = parseNumber('--port', v.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  if (port !== undefined) base.port = port;
  if (port !== undefined && port !== 0 && port + providers.length - 1 > 65535) {
    throw new UsageError('--port leaves no room for consecutive ports');
  }
  if (v.host !== undefined) base.host = v.host;
  if (v.https === true) base.tls = true;
  if (v.http === true) base.tls = false;
  const taskMs = parseNumber('--task-ms', v['task-ms'], (n) => n >= 0);
  if (taskMs !== undefined) base.taskMs = taskMs;
  const seed = parseNumber('--seed', v.seed, (n) => Number.isInteger(n));
  if (seed !== undefined) base.seed = seed;
  if (v.state !== undefined) base.stateFile = v.state;

  let faults: FaultConfig = {};
  if (v.faults !== undefined) {
    try {
      faults = validateFaultConfig(JSON.parse(v.faults));
    } catch (error) {
      throw new UsageError(`invalid --faults: ${(error as Error).message}`);
    }
  }
  const faultRate = parseNumber('--fault-rate', v['fault-rate'], (n) => n >= 0 && n <= 1);
  if (faultRate !== undefined) faults.errorRate = faultRate;
  if (Object.keys(faults).length > 0) base.faults = faults;

  if (v['provider-option'] !== undefined) {
    const providerOptions: Record<string, unknown> = {};
    for (const pair of v['provider-option']) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--provider-option wants key=value, got: ${pair}`);
      const raw = pair.slice(eq + 1);
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // Not JSON: keep the text as a string option.
      }
      providerOptions[pair.slice(0, eq)] = value;
    }
    base.providerOptions = providerOptions;
  }
  return { providers, base, help: false };
}

const optionSpec = {
  provider: { type: 'string' },
  'provider-module': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  https: { type: 'boolean' },
  http: { type: 'boolean' },
  'task-ms': { type: 'string' },
  'fault-rate': { type: 'string' },
  faults: { type: 'string' },
  state: { type: 'string' },
  seed: { type: 'string' },
  'provider-option': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** '<dir>/state.json' → '<dir>/state.sangfor.json', so several emulators never share one file. */
export function stateFileFor(file: string, provider: string): string {
  const ext = extname(file);
  return ext === '' ? `${file}.${provider}` : `${file.slice(0, -ext.length)}.${provider}${ext}`;
}

export async function loadProviderModule(path: string): Promise<ProviderDefinition> {
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const candidate = mod.default ?? mod.provider;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof (candidate as ProviderDefinition).routes !== 'function' ||
    typeof (candidate as ProviderDefinition).errorResponse !== 'function'
  ) {
    throw new UsageError(`${path} does not export a ProviderDefinition as default or \`provider\``);
  }
  return candidate as ProviderDefinition;
}

/** The ready line: provider and endpoint first, then the provider's credentials, then the PEM. */
export function readyLine(emulator: RunningEmulator): string {
  const line: Record<string, string> = { provider: emulator.provider, endpoint: emulator.endpoint };
  for (const [key, value] of Object.entries(emulator.credentials)) {
    if (!(key in line) && key !== 'certificate') line[key] = value;
  }
  if (emulator.certificate !== undefined) line.certificate = emulator.certificate;
  return JSON.stringify(line);
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Starts what the plan asks for; resolves with the running emulators (already announced on stdout). */
export async function startFromPlan(plan: CliPlan, io: CliIo): Promise<RunningEmulator[]> {
  const started: RunningEmulator[] = [];
  const several = plan.providers.length > 1;
  try {
    for (const [index, entry] of plan.providers.entries()) {
      const provider = typeof entry === 'string' ? entry : await loadProviderModule(entry.module);
      const name = typeof provider === 'string' ? provider : provider.name;
      const options: EmulatorOptions = { ...plan.base, provider };
      if (plan.base.port !== undefined && plan.base.port !== 0) options.port = plan.base.port + index;
      if (plan.base.stateFile !== undefined && several)
        options.stateFile = stateFileFor(plan.base.stateFile, name);
      options.onHandlerError = (error, req) => {
        io.stderr(`yunkit-emulator [${name}] ${describeFailure(error, req)}\n`);
      };
      const emulator = await startEmulator(options);
      started.push(emulator);
      io.stdout(`${readyLine(emulator)}\n`);
    }
  } catch (error) {
    await Promise.allSettled(started.map((emulator) => emulator.close()));
    throw error;
  }
  return started;
}

/** The whole command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let plan: CliPlan;
  try {
    plan = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`yunkit-emulator: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (plan.help) {
    io.stdout(USAGE);
    return 0;
  }
  // Listening before starting: a signal during start-up must still end in a clean close.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  let emulators: RunningEmulator[];
  try {
    emulators = await startFromPlan(plan, io);
  } catch (error) {
    io.stderr(`yunkit-emulator: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  const signal = await stopSignal;
  const results = await Promise.allSettled(emulators.map((emulator) => emulator.close()));
  const failed = results.filter((result) => result.status === 'rejected');
  for (const failure of failed) io.stderr(`yunkit-emulator: close failed: ${String(failure.reason)}\n`);
  io.stderr(`yunkit-emulator: stopped on ${signal}\n`);
  return failed.length === 0 ? 0 : 1;
}
