import { randomUUID } from 'node:crypto';

/**
 * A fresh idempotency token for one logical call. Generate it once, before the first attempt,
 * and send the same value on every retry: that is what lets the cloud drop the duplicates.
 */
export function newIdempotencyToken(): string {
  return randomUUID();
}
