/**
 * The seed's troubleshooting tools: the access log (`with_stream_log` / `with_file_log`, one line
 * per HTTP exchange in Huawei's format) and the original-HTTP listener (`HttpHandler` with request
 * and response handlers). Both see each attempt as it goes on the wire, which is why they sit in a
 * transport wrapper rather than in pipeline hooks; both only ever see redacted headers and bodies.
 */
import { appendFileSync, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import type { Logger } from '../core/logger.js';
import { REDACTED, redactHeaders, redactUrl, redactValue } from '../core/redact.js';
import {
  type HttpRequest,
  type HttpResponse,
  HttpTransport,
  type TransportOptions,
} from '../core/transport.js';

export interface RawRequestInfo {
  method: string;
  /** Full URL, sensitive query parameters redacted. */
  url: string;
  /** Path and query (`request.path_url` in the seed). */
  pathUrl: string;
  /** As sent, secrets (`Authorization`, `X-Security-Token`, `X-Auth-Token`...) redacted. */
  headers: Record<string, string>;
  /** The body text; JSON bodies have secret fields (adminPass, password...) redacted. */
  body: string | undefined;
}

export interface RawResponseInfo {
  status: number;
  headers: Record<string, string>;
  /** The body text; JSON with secret fields redacted; binary bodies are "***". */
  body: string;
  request: RawRequestInfo;
}

export type RequestHandler = (request: RawRequestInfo) => void | Promise<void>;
export type ResponseHandler = (response: RawResponseInfo) => void | Promise<void>;

/** The seed's `HttpHandler().add_request_handler(fn).add_response_handler(fn)`. Debugging only. */
export class HttpHandler {
  readonly requestHandlers: RequestHandler[] = [];
  readonly responseHandlers: ResponseHandler[] = [];

  addRequestHandler(handler: RequestHandler): this {
    this.requestHandlers.push(handler);
    return this;
  }

  addResponseHandler(handler: ResponseHandler): this {
    this.responseHandlers.push(handler);
    return this;
  }
}

export type AccessLogLevel = 'debug' | 'info' | 'warning' | 'error';
const LEVEL_RANK: Record<AccessLogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

export interface StreamLogOptions {
  /** Default process.stdout. */
  stream?: { write(chunk: string): unknown };
  /** Default 'info': every exchange. 'warning' keeps failed exchanges (no response / status >= 400). */
  logLevel?: AccessLogLevel;
}

export interface FileLogOptions {
  path: string;
  logLevel?: AccessLogLevel;
  /** Rotate when the file would exceed this size. Default 10 485 760 bytes. */
  maxBytes?: number;
  /** Rotated files kept (`path.1` ... `path.N`). Default 5. */
  backupCount?: number;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Python logging's `asctime`: local time, `2020-06-16 10:44:02,019`. */
export function asctime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`
  );
}

/** Python's timedelta form the seed prints: `0:00:00.543430`. */
export function formatDuration(ms: number): string {
  const micros = Math.max(0, Math.round(ms * 1000));
  const totalSeconds = Math.floor(micros / 1_000_000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${h}:${pad(m)}:${pad(s)}.${pad(micros % 1_000_000, 6)}`;
}

const LEVEL_NAME: Record<AccessLogLevel, string> = {
  debug: 'DEBUG',
  info: 'INFO',
  warning: 'WARNING',
  error: 'ERROR',
};

export interface AccessLogEntry {
  time: Date;
  method: string;
  url: string;
  status: number | undefined;
  bytes: number | undefined;
  ms: number;
  requestId: string | undefined;
  level: AccessLogLevel;
}

/**
 * One line in the seed's format
 * `%(asctime)s %(thread)d %(name)s %(filename)s %(lineno)d %(levelname)s %(message)s`, message
 * `"GET <url>" <status> <bytes> <duration> <request id>` (`-` for what a failed exchange lacks).
 */
export function formatAccessLine(entry: AccessLogEntry): string {
  const message =
    `"${entry.method} ${entry.url}" ${entry.status ?? '-'} ${entry.bytes ?? '-'} ` +
    `${formatDuration(entry.ms)} ${entry.requestId ?? '-'}`;
  return `${asctime(entry.time)} ${process.pid} HuaweiCloud-SDK http_handler.ts 0 ${LEVEL_NAME[entry.level]} ${message}\n`;
}

interface AccessSink {
  level: AccessLogLevel;
  write(line: string): void;
}

function fileSink(options: FileLogOptions): AccessSink {
  const maxBytes = options.maxBytes ?? 10_485_760;
  const backupCount = options.backupCount ?? 5;
  return {
    level: options.logLevel ?? 'info',
    write(line) {
      // Synchronous appends keep lines whole and in order across concurrent requests.
      if (maxBytes > 0 && existsSync(options.path)) {
        const size = statSync(options.path).size;
        if (size + Buffer.byteLength(line) > maxBytes) rotate(options.path, backupCount);
      }
      appendFileSync(options.path, line);
    },
  };
}

function rotate(path: string, backupCount: number): void {
  if (backupCount <= 0) {
    unlinkSync(path);
    return;
  }
  for (let i = backupCount - 1; i >= 1; i--) {
    if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  }
  renameSync(path, `${path}.1`);
}

function streamSink(options: StreamLogOptions): AccessSink {
  const stream = options.stream ?? process.stdout;
  return { level: options.logLevel ?? 'info', write: (line) => void stream.write(line) };
}

function isBinary(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return !/json|text|xml|x-www-form-urlencoded/i.test(contentType);
}

function redactBodyText(body: string | undefined, contentType?: string): string | undefined {
  if (body === undefined || body === '') return body;
  if (isBinary(contentType)) return REDACTED;
  try {
    return JSON.stringify(redactValue(JSON.parse(body)));
  } catch {
    return body;
  }
}

function bodyText(body: Uint8Array | string | undefined): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export interface ObservingTransportOptions {
  httpHandler?: HttpHandler | undefined;
  streamLog?: StreamLogOptions | boolean | undefined;
  fileLog?: FileLogOptions | undefined;
  logger?: Logger | undefined;
}

/** HttpTransport that reports every exchange to the access log sinks and the HttpHandler. */
export class ObservingTransport extends HttpTransport {
  private readonly sinks: AccessSink[] = [];
  private readonly handler: HttpHandler | undefined;
  private readonly logger: Logger | undefined;

  constructor(options: TransportOptions, observe: ObservingTransportOptions) {
    super(options);
    this.handler = observe.httpHandler;
    this.logger = observe.logger;
    if (observe.streamLog) this.sinks.push(streamSink(observe.streamLog === true ? {} : observe.streamLog));
    if (observe.fileLog) this.sinks.push(fileSink(observe.fileLog));
  }

  get observing(): boolean {
    return this.sinks.length > 0 || this.handler !== undefined;
  }

  override async send(request: HttpRequest): Promise<HttpResponse> {
    if (!this.observing) return super.send(request);
    const started = performance.now();
    const url = redactUrl(request.url);
    const info: RawRequestInfo = {
      method: request.method,
      url,
      pathUrl: url.slice(request.url.origin.length),
      headers: redactHeaders(request.headers),
      body: redactBodyText(bodyText(request.body), headerValue(request.headers, 'content-type')),
    };
    for (const h of this.handler?.requestHandlers ?? []) await this.safely(() => h(info));
    let response: HttpResponse;
    try {
      response = await super.send(request);
    } catch (error) {
      this.access(info, undefined, performance.now() - started);
      throw error;
    }
    this.access(info, response, performance.now() - started);
    if (this.handler && this.handler.responseHandlers.length > 0) {
      const out: RawResponseInfo = {
        status: response.status,
        headers: redactHeaders(response.headers),
        body: redactBodyText(response.body.toString('utf8'), response.headers['content-type']) ?? '',
        request: info,
      };
      for (const h of this.handler.responseHandlers) await this.safely(() => h(out));
    }
    return response;
  }

  private access(info: RawRequestInfo, response: HttpResponse | undefined, ms: number): void {
    if (this.sinks.length === 0) return;
    const failed = response === undefined || response.status >= 400;
    const level: AccessLogLevel = response === undefined ? 'error' : failed ? 'warning' : 'info';
    const line = formatAccessLine({
      time: new Date(),
      method: info.method,
      url: info.url,
      status: response?.status,
      bytes: response?.body.length,
      ms,
      requestId: response?.headers['x-request-id'],
      level,
    });
    for (const sink of this.sinks) {
      if (LEVEL_RANK[level] < LEVEL_RANK[sink.level]) continue;
      try {
        sink.write(line);
      } catch (error) {
        this.logger?.warn({ error: (error as Error).message }, 'huawei access log write failed');
      }
    }
  }

  private async safely(fn: () => void | Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.logger?.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'huawei http handler failed',
      );
    }
  }
}
