import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from '../engine/index.js';
import { sha256Hex } from '../signature-types.js';
import { fail } from './errors.js';
import { collections } from './state.js';

/**
 * `X-Client-Token` on ECS and EVS creates (reference §2.1/§2.3): a repeat with the same token and
 * the same body answers what the first call answered (same job id, no new resources); the same
 * token on a different body is refused rather than silently ignored.
 */
export function withClientToken(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  scope: { projectId: string; operation: string; invalidCode: string; conflictCode: string },
  create: () => { status?: number; body: Record<string, unknown> },
): EmulatorResponse {
  const token = req.headers['x-client-token'];
  if (token === undefined) return create();
  if (token.length === 0 || token.length > 64 || !/^[\x21-\x7e]+$/.test(token)) {
    fail(400, scope.invalidCode, 'X-Client-Token must be 1-64 printable ASCII characters.');
  }
  const key = `${scope.projectId}:${scope.operation}:${token}`;
  const bodyHash = sha256Hex(req.body);
  const previous = collections.idempotency(ctx).get(key);
  if (previous) {
    if (previous.bodyHash !== bodyHash) {
      fail(409, scope.conflictCode, 'X-Client-Token was already used for a different request.');
    }
    return { status: previous.status, body: previous.response };
  }
  const answer = create();
  const status = answer.status ?? 200;
  // Only a real create is remembered: a dry run or a refusal leaves the token free.
  if (status === 200) {
    collections.idempotency(ctx).set(key, { id: key, bodyHash, status, response: answer.body });
  }
  return { status, body: answer.body };
}
