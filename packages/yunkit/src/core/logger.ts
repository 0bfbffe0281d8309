import type { ProviderName } from './errors.js';

/**
 * Console- and pino-compatible. yunkit calls it pino-style, an object first and then a message:
 * `logger.debug({ method, url, status, ms }, 'yunkit response')`. Everything passed is redacted.
 */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface RequestHookInfo {
  provider: ProviderName;
  method: string;
  /** Redacted. */
  url: string;
  /** Redacted. */
  headers: Record<string, string>;
  attempt: number;
}

export interface ResponseHookInfo {
  provider: ProviderName;
  method: string;
  url: string;
  status: number;
  /** Response headers, lower-case names, redacted (`Set-Cookie`, `X-Subject-Token`...). */
  headers: Record<string, string>;
  ms: number;
  attempt: number;
  requestId?: string | undefined;
}

export interface ErrorHookInfo {
  provider: ProviderName;
  method: string;
  url: string;
  /** Already scrubbed of the request's secrets. */
  error: Error;
  attempt: number;
}

export interface RetryHookInfo {
  provider: ProviderName;
  method: string;
  url: string;
  error: Error;
  /** The attempt that failed. */
  attempt: number;
  /** How long yunkit waits before the next attempt. */
  delayMs: number;
}

export interface Hooks {
  onRequest?(info: RequestHookInfo): void | Promise<void>;
  onResponse?(info: ResponseHookInfo): void | Promise<void>;
  onError?(info: ErrorHookInfo): void | Promise<void>;
  /** Called before sleeping for a retry. */
  onRetry?(info: RetryHookInfo): void | Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger that drops everything; the default, so yunkit is silent unless asked. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Writes to `console` (stderr for warn/error) at `level` and above. */
export function consoleLogger(level: LogLevel = 'info', target: Logger = console): Logger {
  const min = LEVELS[level];
  const at =
    (name: keyof Logger) =>
    (...args: unknown[]): void => {
      if (LEVELS[name] >= min) target[name](...args);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Runs a hook without letting a failing hook break the request it observes. */
export async function runHook<T>(
  logger: Logger,
  hook: ((info: T) => void | Promise<void>) | undefined,
  info: T,
): Promise<void> {
  if (!hook) return;
  try {
    await hook(info);
  } catch (error) {
    logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'yunkit hook failed');
  }
}
