/**
 * `npm run demo`: starts every implemented cloud's emulator in-process and runs its quickstart
 * against it, printing each step.
 */
import type { Example } from './env.js';
import { withEmulator } from './env.js';

const quickstarts: Array<[provider: string, load: () => Promise<{ quickstart: Example }>]> = [
  ['sangfor', () => import('./sangfor/quickstart.js')],
  ['huawei', () => import('./huawei/quickstart.js')],
];

let failed = false;
for (const [provider, load] of quickstarts) {
  console.log(`\n=== ${provider}: quickstart against the local emulator ===`);
  const started = Date.now();
  try {
    const { quickstart } = await load();
    await withEmulator(provider, quickstart, (line) => console.log(`[${provider}] ${line}`));
    console.log(`=== ${provider}: done in ${Date.now() - started} ms ===`);
  } catch (error) {
    failed = true;
    console.error(`=== ${provider}: FAILED ===`);
    console.error(error);
  }
}
process.exitCode = failed ? 1 : 0;
