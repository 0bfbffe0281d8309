import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { providers } from '../providers.js';
import { SystemClock } from './clock.js';
import { handleControlRequest } from './control.js';
import { SeededFaultInjector } from './faults.js';
import { deriveSeed, Mulberry32, randomSeed } from './random.js';
import { PathRouter } from './router.js';
import {
  type PersistedState,
  readStateFile,
  STATE_FORMAT,
  STATE_VERSION,
  writeFileAtomic,
} from './state-file.js';
import { MemoryStore } from './store.js';
import { ClockTaskScheduler, DEFAULT_TASK_MS } from './tasks.js';
import { generateCertificate } from './tls.js';
import {
  type EmulatorContext,
  EmulatorHttpError,
  type EmulatorOptions,
  type EmulatorRequest,
  type EmulatorResponse,
  EngineErrorCode,
  type ProviderDefinition,
  type RunningEmulator,
} from './types.js';

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The prefix of the engine's own endpoints; never routed to a provider. */
const CONTROL_PREFIX = '/_emulator';

/** Seed streams: each consumer draws from its own, so one does not shift another's sequence. */
const FAULT_STREAM = 1;
const REQUEST_ID_STREAM = 2;

export async function resolveProvider(provider: string | ProviderDefinition): Promise<ProviderDefinition> {
  if (typeof provider !== 'string') return provider;
  const load = providers[provider];
  if (load === undefined) {
    throw new Error(`unknown provider '${provider}'; known: ${Object.keys(providers).join(', ')}`);
  }
  return load();
}

/** The engine's internals the control endpoints need beyond the public context. */
export interface EngineInternals {
  ctx: EmulatorContext;
  provider: ProviderDefinition;
  seed: number;
  reset(): void;
  /** Replaces the whole state with a snapshot (already checked with checkState). */
  restore(state: PersistedState): void;
  snapshot(): PersistedState;
  persist(): void;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const provider = await resolveProvider(options.provider);
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls ?? provider.defaultTls;
  const loaded =
    options.stateFile === undefined ? undefined : readStateFile(options.stateFile, provider.name);
  // A restart without a seed keeps the one the state was made with, so a reset still rebuilds
  // that run's inventory.
  const seed = options.seed ?? loaded?.seed ?? randomSeed();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const taskMs = options.taskMs ?? DEFAULT_TASK_MS;
  if (!Number.isFinite(taskMs) || taskMs < 0) throw new RangeError('taskMs must be a non-negative number');

  const random = new Mulberry32(seed);
  const requestIds = new Mulberry32(deriveSeed(seed, REQUEST_ID_STREAM));
  const store = new MemoryStore();
  const ctx = {
    store,
    clock: options.clock ?? new SystemClock(),
    random,
    faults: new SeededFaultInjector(new Mulberry32(deriveSeed(seed, FAULT_STREAM)), options.faults ?? {}),
    options: { ...options, taskMs },
    endpoint: '',
  } as Omit<EmulatorContext, 'tasks'> as EmulatorContext;
  const tasks = new ClockTaskScheduler(ctx);
  ctx.tasks = tasks;

  const router = new PathRouter();
  provider.routes(router, ctx);

  const snapshot = (): PersistedState => ({
    format: STATE_FORMAT,
    version: STATE_VERSION,
    provider: provider.name,
    seed,
    random: random.getState(),
    store: store.dump(),
    tasks: tasks.dump(),
  });
  let lastWritten: string | undefined;
  const persist = (): void => {
    if (options.stateFile === undefined) return;
    const content = JSON.stringify(snapshot());
    // Comparing the serialised state catches in-place mutations of stored records too.
    if (content === lastWritten) return;
    writeFileAtomic(options.stateFile, content);
    lastWritten = content;
  };
  const reset = (): void => {
    store.clear();
    tasks.clear();
    random.setState(seed >>> 0);
    provider.seed(ctx);
    persist();
  };

  const restore = (state: PersistedState): void => {
    store.load(state.store);
    tasks.load(state.tasks);
    random.setState(state.random);
    persist();
  };

  if (loaded !== undefined) {
    restore(loaded);
  } else {
    provider.seed(ctx);
    persist();
  }

  const internals: EngineInternals = { ctx, provider, seed, reset, restore, snapshot, persist };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handleRequest(req, res).catch((error: unknown) => {
      // Last resort: whatever went wrong, the process stays up and the client gets an answer.
      reportError(options, error, undefined);
      if (!res.headersSent) {
        // Headers of the failed answer (e.g. its Content-Length) must not leak into this one.
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: EngineErrorCode.InternalError, message: 'internal error' } }),
        );
      } else {
        res.destroy();
      }
    });
  };

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const remoteAddress = req.socket.remoteAddress ?? '';
    tasks.tick();

    if (rawPath === CONTROL_PREFIX || rawPath.startsWith(`${CONTROL_PREFIX}/`)) {
      const body = await readBody(req, maxBodyBytes);
      if (!body.complete) return dropIncomplete(req);
      const answer = handleControlRequest(internals, {
        method,
        rawPath,
        remoteAddress,
        body: body.tooLarge ? undefined : body.data,
      });
      tasks.tick();
      persist();
      writeResponse(res, answer);
      return;
    }

    // undefined when the path's percent-encoding is malformed (answered with 400 below).
    const decodedPath = safeDecode(rawPath);
    const decision = ctx.faults.decide({ method, path: decodedPath ?? rawPath });
    const body = await readBody(req, maxBodyBytes);
    if (!body.complete) return dropIncomplete(req);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.action === 'reset') {
      destroyAbruptly(req.socket);
      return;
    }

    const request = buildRequest(
      req,
      method,
      rawPath,
      decodedPath ?? rawPath,
      rawQuery,
      remoteAddress,
      body.data,
      newRequestId(),
    );
    const respond = async (): Promise<EmulatorResponse> => {
      if (body.tooLarge) {
        return providerError(
          request,
          413,
          EngineErrorCode.PayloadTooLarge,
          `request body exceeds ${maxBodyBytes} bytes`,
        );
      }
      if (decision.action === 'error') {
        return providerError(request, decision.status, decision.code, decision.message);
      }
      if (decision.action === 'throttle') {
        const answer = providerError(request, decision.status, decision.code, decision.message);
        return withHeader(answer, 'Retry-After', String(decision.retryAfterSeconds));
      }
      if (decodedPath === undefined) {
        return providerError(request, 400, EngineErrorCode.BadRequest, 'malformed percent-encoding in path');
      }
      const match = router.match(method, rawPath);
      if (match.kind === 'not-found') {
        return providerError(
          request,
          404,
          EngineErrorCode.NotFound,
          `no route for ${method} ${request.path}`,
        );
      }
      if (match.kind === 'method-not-allowed') {
        const answer = providerError(
          request,
          405,
          EngineErrorCode.MethodNotAllowed,
          `method ${method} not allowed for ${request.path}`,
        );
        return withHeader(answer, 'Allow', match.allow.join(', '));
      }
      request.params = match.params;
      try {
        if (!match.public && provider.authenticate !== undefined) {
          const refusal = await provider.authenticate(request, ctx);
          if (refusal !== undefined) return refusal;
        }
        return await match.handler(request, ctx);
      } catch (error) {
        if (error instanceof EmulatorHttpError) {
          const answer = providerError(request, error.status, error.code, error.message);
          return { ...answer, headers: { ...answer.headers, ...error.headers } };
        }
        reportError(options, error, request);
        return providerError(request, 500, EngineErrorCode.InternalError, 'internal error in the emulator');
      }
    };

    // A handler written in plain JS may return nothing: that is an empty 200.
    const answer: EmulatorResponse = (await respond()) ?? {};
    tasks.tick();
    persist();
    if (decision.action === 'drop-response') {
      // The request took effect but the client never learns it: the ambiguous failure.
      destroyAbruptly(req.socket);
      return;
    }
    const headers = { ...answer.headers };
    if (provider.requestIdHeader !== undefined && !hasHeader(headers, provider.requestIdHeader)) {
      headers[provider.requestIdHeader] = request.requestId;
    }
    writeResponse(res, { ...answer, headers });
  };

  const newRequestId = (): string => provider.newRequestId?.(requestIds) ?? requestIds.uuid();

  const providerError = (
    req: EmulatorRequest,
    status: number,
    code: string,
    message: string,
  ): EmulatorResponse => {
    try {
      const answer = provider.errorResponse(status, code, message, req, ctx);
      return { ...answer, status: answer.status ?? status };
    } catch (error) {
      reportError(options, error, req);
      return { status, body: { error: { code, message } } };
    }
  };

  const certificate = tls ? await generateCertificate(host) : undefined;
  const server: Server =
    certificate === undefined
      ? createHttpServer(listener)
      : createHttpsServer({ cert: certificate.cert, key: certificate.key }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, a server-level error (e.g. accept() failing with EMFILE) would otherwise be
  // an unhandled 'error' event that kills the process.
  server.on('error', (error) => reportError(options, error, undefined));
  const address = server.address() as AddressInfo;
  const endpoint = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  ctx.endpoint = endpoint;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => {
        try {
          persist();
        } catch (persistError) {
          reject(persistError);
          return;
        }
        if (error !== undefined) reject(error);
        else resolve();
      });
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      server.closeAllConnections();
    });
    return closing;
  };

  const running: RunningEmulator = {
    provider: provider.name,
    endpoint,
    credentials: provider.credentials(ctx),
    context: ctx,
    reset,
    close,
  };
  if (certificate !== undefined) running.certificate = certificate.cert;
  return running;
}

function reportError(options: EmulatorOptions, error: unknown, req: EmulatorRequest | undefined): void {
  try {
    if (options.onHandlerError !== undefined) {
      options.onHandlerError(error, req);
      return;
    }
    process.stderr.write(`yunkit-emulator: ${describeFailure(error, req)}\n`);
  } catch {
    // Reporting must never be the thing that crashes the emulator.
  }
}

/** `<METHOD> <path> failed: <stack>`, the body of every handler-failure line on stderr. */
export function describeFailure(error: unknown, req: EmulatorRequest | undefined): string {
  const what = req === undefined ? 'request' : `${req.method} ${req.path}`;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${what} failed: ${message}`;
}

/** Splits the request target without normalising it: '..' and encodings stay as the client sent them. */
function splitTarget(target: string): { rawPath: string; rawQuery: string } {
  let rest = target;
  // Absolute-form (a client talking as if through a proxy): drop scheme and authority.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (absolute !== null) rest = rest.slice(absolute[0].length);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const rawPath = question >= 0 ? rest.slice(0, question) : rest;
  const rawQuery = question >= 0 ? rest.slice(question + 1) : '';
  return { rawPath: rawPath.startsWith('/') ? rawPath : `/${rawPath}`, rawQuery };
}

function safeDecode(rawPath: string): string | undefined {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
}

function buildRequest(
  req: IncomingMessage,
  method: string,
  rawPath: string,
  path: string,
  rawQuery: string,
  remoteAddress: string,
  body: Buffer,
  requestId: string,
): EmulatorRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method,
    rawPath,
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    rawHeaders: [...req.rawHeaders],
    body,
    params: {},
    remoteAddress,
    requestId,
    json<T = unknown>(): T {
      if (body.length === 0)
        throw new EmulatorHttpError(400, EngineErrorCode.MalformedJson, 'request body is empty');
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch {
        throw new EmulatorHttpError(400, EngineErrorCode.MalformedJson, 'request body is not valid JSON');
      }
    },
  };
}

interface ReceivedBody {
  data: Buffer;
  tooLarge: boolean;
  /** False when the client went away before the whole body arrived. */
  complete: boolean;
}

/** Reads the whole body but keeps at most `limit` bytes; draining the rest lets the 413 reach the client. */
function readBody(req: IncomingMessage, limit: number): Promise<ReceivedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    const finish = (complete: boolean): void =>
      resolve({ data: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge, complete });
    req.on('end', () => finish(true));
    // Only the first call settles the promise: 'close' after 'end' changes nothing.
    req.on('error', () => finish(false));
    req.on('close', () => finish(req.complete));
  });
}

function withHeader(answer: EmulatorResponse, name: string, value: string): EmulatorResponse {
  return { ...answer, headers: { ...answer.headers, [name]: value } };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

function writeResponse(res: ServerResponse, answer: EmulatorResponse): void {
  const headers = { ...answer.headers };
  let payload: Buffer;
  const body = answer.body;
  if (body === undefined) {
    payload = Buffer.alloc(0);
  } else if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    payload = Buffer.from(body);
  } else if (typeof body === 'string') {
    payload = Buffer.from(body, 'utf8');
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else {
    payload = Buffer.from(JSON.stringify(body), 'utf8');
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json;charset=UTF-8';
  }
  for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-length') delete headers[key];
  headers['Content-Length'] = String(payload.length);
  res.statusCode = answer.status ?? 200;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(payload);
}

/**
 * The client went away mid-body: a server never acts on half a request (a truncated JSON body
 * could still parse), and there is nobody left to answer.
 */
function dropIncomplete(req: IncomingMessage): void {
  req.socket.destroy();
}

function destroyAbruptly(socket: Socket): void {
  try {
    // A TCP RST, as a crashed server or a middlebox gives; TLS sockets cannot reset, so they close.
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
