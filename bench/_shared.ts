/** What the bench files share: CPU timing, the scratch environment and the table layout. Not a bench. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** CPU time of this process in ms: on a shared machine, time spent descheduled is not ours. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Runs `body` with HOME at a fresh temporary directory and the `unset` variables removed, then
 * restores them: the Huawei SDK writes ~/.huaweicloud from some of its modules (reference §4).
 */
export async function withScratchHome<T>(
  body: () => T | Promise<T>,
  unset: readonly string[] = [],
): Promise<T> {
  const saved = new Map(['HOME', ...unset].map((name) => [name, process.env[name]]));
  for (const name of unset) delete process.env[name];
  const home = mkdtempSync(join(tmpdir(), 'yunkit-bench-home-'));
  process.env['HOME'] = home;
  try {
    return await body();
  } finally {
    rmSync(home, { recursive: true, force: true });
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Lays out a table: the header, a ruler, then one line per row, columns two spaces apart. The
 * `textColumns` are left-aligned, every other column (the numbers) right-aligned.
 */
export function layOutTable(header: string[], rows: string[][], textColumns: readonly number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const pad = (cell: string, i: number) =>
    textColumns.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!);
  const render = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)];
}

/** Whether the module at `moduleUrl` is the script Node was started with (`npx tsx bench/….ts`). */
export function isMain(moduleUrl: string): boolean {
  return moduleUrl === pathToFileURL(process.argv[1] ?? '').href;
}
