/**
 * `npm run bench`: signing throughput, then HTTP round trips against the local emulators, each
 * beside the official SDKs and bare node:crypto / node:http. Figures are printed, never asserted.
 */
import { run as runHttp } from './http.js';
import { run as runSigning } from './signing.js';

const benches: Array<[heading: string, run: () => Promise<unknown>]> = [
  ['Signing (bench/signing.ts)', () => runSigning()],
  ['HTTP round trips against the emulators (bench/http.ts)', () => runHttp()],
];

let failed = false;
for (const [index, [heading, run]] of benches.entries()) {
  if (index > 0) console.log('');
  console.log(`== ${heading} ${'='.repeat(Math.max(3, 96 - heading.length))}`);
  console.log('');
  try {
    await run();
  } catch (error) {
    failed = true;
    console.error(`${heading} failed:`, error);
  }
}
// Exit explicitly: an SDK's lingering timer or keep-alive socket must not hold the process open.
process.exit(failed ? 1 : 0);
