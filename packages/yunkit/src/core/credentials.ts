import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { CredentialsNotFoundError } from './errors.js';

export interface CredentialProvider<T> {
  get(options?: { forceRefresh?: boolean }): Promise<T>;
}

export function staticCredentials<T>(value: T): CredentialProvider<T> {
  return { get: async () => value };
}

/** Reads the environment on every call, so a changed variable is picked up. */
export function envCredentials<T>(
  read: (env: NodeJS.ProcessEnv) => T | undefined,
  env: NodeJS.ProcessEnv = process.env,
): CredentialProvider<T> {
  return {
    async get() {
      const value = read(env);
      if (value === undefined) throw new CredentialsNotFoundError('no credentials in the environment');
      return value;
    },
  };
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

/** Reads and parses the file once; `forceRefresh` reads it again (a rotated key). */
export function profileFileCredentials<T>(
  path: string,
  parse: (text: string) => T | undefined,
): CredentialProvider<T> {
  let cached: T | undefined;
  return {
    async get(options) {
      if (cached !== undefined && !options?.forceRefresh) return cached;
      const file = expandHome(path);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new CredentialsNotFoundError(`no credentials file at ${file}`);
        }
        throw error;
      }
      const value = parse(text);
      if (value === undefined) throw new CredentialsNotFoundError(`no usable credentials in ${file}`);
      cached = value;
      return value;
    },
  };
}

/**
 * The first provider that yields wins and is remembered; a provider that has nothing
 * (CredentialsNotFoundError) passes to the next, any other error stops the chain.
 */
export function chainCredentials<T>(...providers: CredentialProvider<T>[]): CredentialProvider<T> {
  let winner: CredentialProvider<T> | undefined;
  return {
    async get(options) {
      if (winner) return winner.get(options);
      const misses: string[] = [];
      for (const provider of providers) {
        try {
          const value = await provider.get(options);
          winner = provider;
          return value;
        } catch (error) {
          if (!(error instanceof CredentialsNotFoundError)) throw error;
          misses.push(error.message);
        }
      }
      throw new CredentialsNotFoundError(
        misses.length === 0
          ? 'no credential providers configured'
          : `no credentials found: ${misses.join('; ')}`,
      );
    },
  };
}

export interface RefreshingCredentialsOptions {
  /** Refresh this long before `expiresAt`, default 300 000 ms (5 min). */
  refreshBeforeMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Expiring credentials (tokens, sessions): refreshed `refreshBeforeMs` before expiry (or at the
 * value's own `refreshAt`) and after `invalidate()`, with one in-flight refresh shared by every
 * concurrent caller. A refresh that fails while the old value has not yet expired keeps the old one.
 */
export class RefreshingCredentials<T extends { expiresAt?: Date; refreshAt?: Date }>
  implements CredentialProvider<T>
{
  private readonly fetch: () => Promise<T>;
  private readonly refreshBeforeMs: number;
  private readonly now: () => number;
  private current: T | undefined;
  private inflight: Promise<T> | undefined;
  private refreshes = 0;

  constructor(fetch: () => Promise<T>, options: RefreshingCredentialsOptions = {}) {
    this.fetch = fetch;
    this.refreshBeforeMs = options.refreshBeforeMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  /** How many times the credentials were fetched. */
  get refreshCount(): number {
    return this.refreshes;
  }

  async get(options?: { forceRefresh?: boolean }): Promise<T> {
    if (this.inflight) return this.inflight;
    const current = options?.forceRefresh ? undefined : this.current;
    if (current !== undefined && !this.isDue(current)) return current;
    return this.refresh(current !== undefined && !this.isExpired(current) ? current : undefined);
  }

  /**
   * Drops the cached credentials so the next `get` refreshes. Pass the value a failed request used:
   * when it is no longer the current one, a refresh already happened and nothing is dropped, so
   * fifty requests failing with the same stale token cause one refresh, not fifty.
   */
  invalidate(used?: T): void {
    if (this.inflight) return;
    if (used !== undefined && used !== this.current) return;
    this.current = undefined;
  }

  private isDue(value: T): boolean {
    // A value may know its own margin (one that depends on the lifetime the server granted).
    if (value.refreshAt !== undefined) return value.refreshAt.getTime() <= this.now();
    return value.expiresAt !== undefined && value.expiresAt.getTime() - this.refreshBeforeMs <= this.now();
  }

  private isExpired(value: T): boolean {
    return value.expiresAt !== undefined && value.expiresAt.getTime() <= this.now();
  }

  /** `stillValid`: credentials that are due for refresh but not expired, used if the refresh fails. */
  private refresh(stillValid: T | undefined): Promise<T> {
    this.refreshes += 1;
    // `finally` is chained rather than written inside an async body: a fetch that throws
    // synchronously would otherwise clear `inflight` before it is set and leave it pinned to a
    // settled promise for good.
    const run = this.fetchAndKeep(stillValid).finally(() => {
      this.inflight = undefined;
    });
    this.inflight = run;
    return run;
  }

  private async fetchAndKeep(stillValid: T | undefined): Promise<T> {
    try {
      const value = await this.fetch();
      this.current = value;
      return value;
    } catch (error) {
      if (stillValid !== undefined) return stillValid;
      throw error;
    }
  }
}
