import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredTask } from './tasks.js';
import type { StoreDump } from './types.js';

export const STATE_FORMAT = 'yunkit-emulator-state';
export const STATE_VERSION = 1;

export interface PersistedState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  provider: string;
  seed: number;
  /** ctx.random's state: a restarted emulator must not hand out the ids it already used. */
  random: number;
  store: StoreDump;
  tasks: StoredTask[];
}

/** undefined when there is no file yet; throws on a file that is not ours rather than overwrite it. */
export function readStateFile(file: string, provider: string): PersistedState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`state file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return checkState(parsed, provider, `state file ${file}`);
}

/** Validates a parsed state (from a file or PUT /_emulator/state); `source` names it in errors. */
export function checkState(parsed: unknown, provider: string, source: string): PersistedState {
  const state = parsed as Partial<PersistedState> | null;
  if (state === null || typeof state !== 'object' || state.format !== STATE_FORMAT) {
    throw new Error(`${source} is not a yunkit emulator state file`);
  }
  if (state.version !== STATE_VERSION) {
    throw new Error(`${source} has version ${String(state.version)}; this emulator reads ${STATE_VERSION}`);
  }
  if (state.provider !== provider) {
    throw new Error(`${source} belongs to provider ${String(state.provider)}, not ${provider}`);
  }
  const store = state.store as Partial<StoreDump> | undefined;
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.collections !== 'object' ||
    store.collections === null ||
    !Array.isArray(state.tasks) ||
    typeof state.random !== 'number' ||
    typeof state.seed !== 'number'
  ) {
    throw new Error(`${source} is incomplete`);
  }
  for (const task of state.tasks as unknown[]) {
    const t = task as Partial<StoredTask> | null;
    if (
      t === null ||
      typeof t !== 'object' ||
      typeof t.id !== 'string' ||
      typeof t.kind !== 'string' ||
      typeof t.createdAt !== 'number' ||
      typeof t.durationMs !== 'number'
    ) {
      throw new Error(`${source} has a malformed task`);
    }
  }
  return state as PersistedState;
}

let tempCounter = 0;

/**
 * Write-then-rename: rename is atomic on one filesystem, so a reader (or a crash) sees either the
 * old file or the new one, never half of one.
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  tempCounter += 1;
  const temp = `${file}.${process.pid}.${tempCounter}.tmp`;
  try {
    writeFileSync(temp, content, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
