import { pathToFileURL } from 'node:url';
import { type EmulatorOptions, startEmulator } from '@yunkit/emulator';

/** What an example needs to reach a cloud: here, always a running yunkit emulator. */
export interface ExampleEnv {
  endpoint: string;
  credentials: Record<string, string>;
  /** PEM of the emulator's self-signed certificate, when it serves HTTPS. */
  certificate?: string | undefined;
  log(line: string): void;
}

export type Example = (env: ExampleEnv) => Promise<void>;

/** Starts an emulator, runs the example against it and closes it again. */
export async function withEmulator(
  provider: string,
  example: Example,
  log: (line: string) => void,
  options: Partial<EmulatorOptions> = {},
): Promise<void> {
  const emulator = await startEmulator({ provider, taskMs: 300, ...options });
  try {
    await example({
      endpoint: emulator.endpoint,
      credentials: emulator.credentials,
      certificate: emulator.certificate,
      log,
    });
  } finally {
    await emulator.close();
  }
}

/** Lets an example file run on its own (`npx tsx examples/sangfor/quickstart.ts`). */
export function runIfMain(importMetaUrl: string, provider: string, example: Example): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== importMetaUrl) return;
  withEmulator(provider, example, (line) => console.log(line)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
