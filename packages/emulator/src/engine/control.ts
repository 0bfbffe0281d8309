import { validateFaultConfig } from './faults.js';
import { isLoopbackAddress } from './loopback.js';
import { RouteTable } from './router.js';
import type { EngineInternals } from './server.js';
import { checkState, type PersistedState } from './state-file.js';
import type { EmulatorResponse } from './types.js';

export interface ControlRequest {
  method: string;
  rawPath: string;
  remoteAddress: string;
  /** undefined when the body exceeded the size limit. */
  body: Buffer | undefined;
}

type ControlHandler = (internals: EngineInternals, body: Buffer) => EmulatorResponse;

function controlError(status: number, code: string, message: string): EmulatorResponse {
  return { status, body: { error: { code, message } } };
}

function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  return JSON.parse(body.toString('utf8'));
}

const handlers: Array<[string, string, ControlHandler]> = [
  [
    'GET',
    '/_emulator/health',
    ({ ctx, provider, seed }) => ({
      body: { status: 'ok', provider: provider.name, endpoint: ctx.endpoint, now: ctx.clock.now(), seed },
    }),
  ],
  ['GET', '/_emulator/state', ({ snapshot }) => ({ body: snapshot() })],
  [
    'PUT',
    '/_emulator/state',
    ({ restore, provider }, body) => {
      let state: PersistedState;
      try {
        state = checkState(parseJsonBody(body), provider.name, 'the uploaded state');
      } catch (error) {
        return controlError(400, 'InvalidState', (error as Error).message);
      }
      restore(state);
      return { body: { status: 'restored', provider: provider.name } };
    },
  ],
  [
    'POST',
    '/_emulator/reset',
    ({ reset, provider }) => {
      reset();
      return { body: { status: 'reset', provider: provider.name } };
    },
  ],
  ['GET', '/_emulator/faults', ({ ctx }) => ({ body: ctx.faults.get() })],
  [
    'PUT',
    '/_emulator/faults',
    ({ ctx }, body) => {
      let config: ReturnType<typeof validateFaultConfig>;
      try {
        config = validateFaultConfig(parseJsonBody(body));
      } catch (error) {
        return controlError(400, 'InvalidFaults', (error as Error).message);
      }
      ctx.faults.set(config);
      return { body: ctx.faults.get() };
    },
  ],
  ['GET', '/_emulator/clock', ({ ctx }) => ({ body: { now: ctx.clock.now() } })],
  [
    'POST',
    '/_emulator/clock',
    ({ ctx }, body) => {
      let advanceMs: unknown;
      try {
        advanceMs = (parseJsonBody(body) as { advanceMs?: unknown } | null)?.advanceMs;
      } catch {
        return controlError(400, 'MalformedJson', 'request body is not valid JSON');
      }
      if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
        return controlError(400, 'InvalidClock', 'advanceMs must be a non-negative number of milliseconds');
      }
      ctx.clock.advance(advanceMs);
      // Tasks due at the new time complete now, not at the next request.
      ctx.tasks.tick();
      return { body: { now: ctx.clock.now() } };
    },
  ],
  ['GET', '/_emulator/tasks', ({ ctx }) => ({ body: { tasks: ctx.tasks.list() } })],
];

const controlRouter = new RouteTable<ControlHandler>();
for (const [method, pattern, handler] of handlers) controlRouter.add(method, pattern, handler);

/** The engine's own endpoints: JSON in the engine's shape, no provider auth, no faults, loopback only. */
export function handleControlRequest(internals: EngineInternals, request: ControlRequest): EmulatorResponse {
  if (!isLoopbackAddress(request.remoteAddress)) {
    return controlError(403, 'Forbidden', 'control endpoints answer loopback clients only');
  }
  if (request.body === undefined) return controlError(413, 'PayloadTooLarge', 'request body too large');
  let match: ReturnType<typeof controlRouter.match>;
  try {
    match = controlRouter.match(request.method, request.rawPath);
  } catch {
    return controlError(400, 'BadRequest', 'malformed percent-encoding in path');
  }
  if (match.kind === 'not-found')
    return controlError(404, 'NotFound', `no control endpoint ${request.rawPath}`);
  if (match.kind === 'method-not-allowed') {
    return {
      ...controlError(405, 'MethodNotAllowed', `use ${match.allow.join(' or ')}`),
      headers: { Allow: match.allow.join(', ') },
    };
  }
  try {
    return match.handler(internals, request.body);
  } catch (error) {
    return controlError(500, 'InternalError', (error as Error).message);
  }
}
