import type { Mulberry32 } from './random.js';
import {
  EngineErrorCode,
  type FaultConfig,
  type FaultDecision,
  type FaultInjector,
  type FaultRule,
} from './types.js';

const RATE_FIELDS = ['errorRate', 'throttleRate', 'resetRate', 'taskFailureRate'] as const;
const ACTIONS = new Set<FaultRule['action']>(['error', 'throttle', 'reset', 'drop-response']);

/** Checks a configuration from the CLI or PUT /_emulator/faults; throws TypeError naming the field. */
export function validateFaultConfig(input: unknown): FaultConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('faults must be a JSON object');
  }
  const config = input as Record<string, unknown>;
  const known = new Set<string>([
    ...RATE_FIELDS,
    'errorStatus',
    'retryAfterSeconds',
    'latencyMs',
    'taskSlowFactor',
    'rules',
  ]);
  for (const key of Object.keys(config))
    if (!known.has(key)) throw new TypeError(`unknown fault field: ${key}`);
  for (const field of RATE_FIELDS) {
    const value = config[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1)) {
      throw new TypeError(`${field} must be a number between 0 and 1`);
    }
  }
  if (config.errorStatus !== undefined) checkStatus(config.errorStatus, 'errorStatus');
  for (const field of ['retryAfterSeconds', 'latencyMs'] as const) {
    const value = config[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`${field} must be a non-negative number`);
    }
  }
  const slow = config.taskSlowFactor;
  if (slow !== undefined && !(typeof slow === 'number' && Number.isFinite(slow) && slow > 0)) {
    throw new TypeError('taskSlowFactor must be a positive number');
  }
  if (config.rules !== undefined) {
    if (!Array.isArray(config.rules)) throw new TypeError('rules must be an array');
    config.rules.forEach((rule, index) => {
      validateRule(rule, index);
    });
  }
  return JSON.parse(JSON.stringify(config)) as FaultConfig;
}

function validateRule(input: unknown, index: number): void {
  const where = `rules[${index}]`;
  if (typeof input !== 'object' || input === null) throw new TypeError(`${where} must be an object`);
  const rule = input as Record<string, unknown>;
  if (!ACTIONS.has(rule.action as FaultRule['action'])) {
    throw new TypeError(`${where}.action must be one of ${[...ACTIONS].join(', ')}`);
  }
  for (const field of ['method', 'path', 'code', 'message'] as const) {
    if (rule[field] !== undefined && typeof rule[field] !== 'string') {
      throw new TypeError(`${where}.${field} must be a string`);
    }
  }
  for (const field of ['times', 'skip', 'retryAfterSeconds'] as const) {
    const value = rule[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`${where}.${field} must be a non-negative integer`);
    }
  }
  if (rule.status !== undefined) checkStatus(rule.status, `${where}.status`);
  if (typeof rule.path === 'string') pathMatcher(rule.path);
}

function checkStatus(value: unknown, field: string): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599)) {
    throw new TypeError(`${field} must be an HTTP error status (400-599)`);
  }
}

/** '/regex/flags' is a regular expression; anything else is a substring of the path. */
function pathMatcher(path: string): (candidate: string) => boolean {
  const regex = /^\/(.+)\/([dgimsuy]*)$/.exec(path);
  if (regex !== null) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1]!, regex[2]!.replace('g', ''));
    } catch {
      throw new TypeError(`invalid path regex: ${path}`);
    }
    return (candidate) => {
      // The regex is reused across requests: a sticky ('y') one must start at 0 every time.
      compiled.lastIndex = 0;
      return compiled.test(candidate);
    };
  }
  return (candidate) => candidate.includes(path);
}

/**
 * One seeded stream for all fault draws. Every request draws the same number of values whatever
 * the configuration, so the sequence of outcomes for a seed depends only on the request sequence.
 */
export class SeededFaultInjector implements FaultInjector {
  private config: FaultConfig = {};
  /** Per rule: matching requests seen so far (for skip). */
  private seen: number[] = [];
  /** Per rule: its path test, compiled once per configuration rather than on every request. */
  private pathTests: Array<((path: string) => boolean) | undefined> = [];

  constructor(
    private readonly random: Mulberry32,
    initial: FaultConfig = {},
  ) {
    this.set(initial);
  }

  get(): FaultConfig {
    return JSON.parse(JSON.stringify(this.config)) as FaultConfig;
  }

  set(config: FaultConfig): void {
    this.config = validateFaultConfig(config);
    const rules = this.config.rules ?? [];
    this.seen = rules.map(() => 0);
    this.pathTests = rules.map((rule) => (rule.path === undefined ? undefined : pathMatcher(rule.path)));
  }

  clear(): void {
    this.set({});
  }

  decide(request: { method: string; path: string }): FaultDecision {
    const c = this.config;
    const latencyMs = c.latencyMs ?? 0;
    const draws = [this.random.next(), this.random.next(), this.random.next()] as const;

    const rules = c.rules ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== request.method.toUpperCase()) continue;
      if (this.pathTests[i]?.(request.path) === false) continue;
      this.seen[i] = (this.seen[i] ?? 0) + 1;
      if (rule.skip !== undefined && this.seen[i]! <= rule.skip) continue;
      if (rule.times !== undefined) rule.times -= 1;
      return this.fromRule(rule, latencyMs);
    }

    if (c.resetRate !== undefined && draws[0] < c.resetRate) return { action: 'reset', latencyMs };
    if (c.throttleRate !== undefined && draws[1] < c.throttleRate) return this.throttle(latencyMs);
    if (c.errorRate !== undefined && draws[2] < c.errorRate) {
      return this.error(latencyMs, c.errorStatus ?? 500);
    }
    return { action: 'none', latencyMs };
  }

  taskFate(): { fail?: string; slowFactor: number } {
    const draw = this.random.next();
    const slowFactor = this.config.taskSlowFactor ?? 1;
    const rate = this.config.taskFailureRate;
    if (rate !== undefined && draw < rate) return { fail: 'injected task failure', slowFactor };
    return { slowFactor };
  }

  private fromRule(rule: FaultRule, latencyMs: number): FaultDecision {
    switch (rule.action) {
      case 'error':
        return this.error(latencyMs, rule.status ?? this.config.errorStatus ?? 500, rule.code, rule.message);
      case 'throttle':
        return this.throttle(latencyMs, rule);
      case 'reset':
        return { action: 'reset', latencyMs };
      case 'drop-response':
        return { action: 'drop-response', latencyMs };
    }
  }

  private error(latencyMs: number, status: number, code?: string, message?: string): FaultDecision {
    return {
      action: 'error',
      latencyMs,
      status,
      code: code ?? EngineErrorCode.InjectedFault,
      message: message ?? `injected fault: HTTP ${status}`,
    };
  }

  private throttle(latencyMs: number, rule?: FaultRule): FaultDecision {
    return {
      action: 'throttle',
      latencyMs,
      status: rule?.status ?? 429,
      retryAfterSeconds: rule?.retryAfterSeconds ?? this.config.retryAfterSeconds ?? 1,
      code: rule?.code ?? EngineErrorCode.Throttled,
      message: rule?.message ?? 'request throttled',
    };
  }
}
