/**
 * Per-emulator Sangfor state that does not belong in the store (parsed options, the RSA key)
 * and the route wrapper every Sangfor handler goes through: version check, SCP error envelope, and
 * `X-Client-Token` de-duplication.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  type EmulatorContext,
  EmulatorHttpError,
  type EmulatorRequest,
  EngineErrorCode,
  type Router,
} from '../engine/index.js';
import { db } from './model.js';
import { parseSangforOptions, type SangforOptions } from './options.js';
import { fail, jsonAnswer, MALFORMED_JSON_MESSAGE, ScpError, type ScpResponse } from './wire.js';

export interface SangforRuntime {
  options: SangforOptions;
  privateKey: KeyObject;
  /** Upper-case hex modulus, as real SCP serves it. */
  modulusHex: string;
}

const runtimes = new WeakMap<EmulatorContext, SangforRuntime>();

let cachedKey: { privateKey: KeyObject; modulusHex: string } | undefined;

/**
 * The RSA key pair behind `/janus/public-key`, generated when the first emulator of this process starts. A 2048-bit
 * key costs up to a second of CPU; suites start dozens of emulators, and clients fetch the key on every login
 * anyway, so one key per process loses no realism.
 */
function processKey(): { privateKey: KeyObject; modulusHex: string } {
  if (cachedKey === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicExponent: 0x10001,
    });
    const jwk = publicKey.export({ format: 'jwk' });
    const modulusHex = Buffer.from(jwk.n ?? '', 'base64url')
      .toString('hex')
      .toUpperCase();
    cachedKey = { privateKey, modulusHex };
  }
  return cachedKey;
}

export function createRuntime(ctx: EmulatorContext): SangforRuntime {
  const options = parseSangforOptions(ctx.options.providerOptions);
  const { privateKey, modulusHex } = processKey();
  const runtime: SangforRuntime = { options, privateKey, modulusHex };
  runtimes.set(ctx, runtime);
  return runtime;
}

export function runtimeOf(ctx: EmulatorContext): SangforRuntime {
  const runtime = runtimes.get(ctx);
  if (runtime === undefined) throw new Error('sangfor emulator used before routes() ran');
  return runtime;
}

export type ScpHandler = (req: EmulatorRequest, ctx: EmulatorContext, rt: SangforRuntime) => ScpResponse;

export interface ScpRouteOptions {
  public?: boolean;
  /** Versions this route answers under (default: any `YYYY0725`). */
  versions?: (rt: SangforRuntime) => readonly string[] | undefined;
}

const VERSION = /^\d{4}0725$/;
const NOT_FOUND_MESSAGE = '请求的资源不存在';

/** Registers a handler on `pattern` (which may contain `:version`) with SCP's error handling around it. */
export function addRoute(
  router: Router,
  rt: SangforRuntime,
  method: string,
  pattern: string,
  handler: ScpHandler,
  routeOptions: ScpRouteOptions = {},
): void {
  const errorField = rt.options.errorField;
  router.add(
    method,
    pattern,
    (req, ctx) => {
      try {
        const version = req.params['version'];
        if (version !== undefined) {
          const allowed = routeOptions.versions?.(rt);
          if (!VERSION.test(version) || (allowed !== undefined && !allowed.includes(version))) {
            return fail(404, NOT_FOUND_MESSAGE, errorField);
          }
        }
        return withIdempotency(req, ctx, rt, handler);
      } catch (error) {
        if (error instanceof ScpError) return fail(error.status, error.message, errorField, error.headers);
        if (error instanceof EmulatorHttpError && error.status < 500) {
          const message =
            error.code === EngineErrorCode.MalformedJson ? MALFORMED_JSON_MESSAGE : error.message;
          return fail(error.status, message, errorField, error.headers);
        }
        throw error;
      }
    },
    routeOptions.public === true ? { public: true } : undefined,
  );
}

/**
 * `X-Client-Token` (reference §6, S1): a repeated POST/PUT with the same token gets the first answer again and
 * creates nothing. Only successful answers are kept, so a retry after a refusal is judged afresh. The answer lives
 * in the store, so it survives a restart from the state file.
 */
function withIdempotency(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  rt: SangforRuntime,
  handler: ScpHandler,
) {
  const token = req.headers['x-client-token'];
  const method = req.method.toUpperCase();
  if (
    rt.options.idempotency !== 'dedupe' ||
    token === undefined ||
    token === '' ||
    !['POST', 'PUT'].includes(method)
  ) {
    return handler(req, ctx, rt);
  }
  if (token.length > 128) throw new ScpError(400, 'X-Client-Token输入错误：长度不能超过128个字符');
  const store = db(ctx).idempotency;
  const seen = store.get(token);
  if (seen !== undefined) {
    if (seen.method !== method || seen.path !== req.path) {
      throw new ScpError(409, 'X-Client-Token已被其他请求使用');
    }
    return jsonAnswer(seen.status, seen.body);
  }
  const response = handler(req, ctx, rt);
  if (response.status >= 200 && response.status < 300) {
    store.set(token, {
      id: token,
      method,
      path: req.path,
      status: response.status,
      body: response.body,
      created_at: ctx.clock.now(),
    });
  }
  return response;
}
