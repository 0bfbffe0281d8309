import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import tls from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { AbortError, ConnectionError, TimeoutError, ValidationError, YunkitError } from './errors.js';
import { redactUrl, SecretScrubber } from './redact.js';

// proxy-from-env ships no type declarations; loading it through require keeps the typing local.
const { getProxyForUrl } = createRequire(import.meta.url)('proxy-from-env') as {
  getProxyForUrl(url: string): string;
};

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_SOCKETS = 50;
/** Idle keep-alive sockets are closed after this, below the 5 s that common servers use, so a
 * request rarely lands on a socket the server is closing. */
const FREE_SOCKET_TIMEOUT_MS = 4_000;

export interface TransportOptions {
  /** Time to open the TCP connection and finish the TLS handshake. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** The whole request, connection and response body included. Default 60 000 ms. */
  timeoutMs?: number;
  /** Verify the server's TLS certificate. Default true; `false` trusts any certificate (prefer `ca`). */
  verifySsl?: boolean;
  /** Extra trusted CA certificates (PEM), e.g. a private cloud's own CA. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Proxy URL (may carry user:password). undefined = from HTTPS_PROXY/HTTP_PROXY/NO_PROXY
   * (lower-case too); false = never. */
  proxy?: string | false;
  /** Default true. */
  keepAlive?: boolean;
  /** Per host. Default 50. */
  maxSockets?: number;
}

export interface HttpRequest {
  method: string;
  url: URL;
  /** Names go on the wire exactly as written: case is kept. */
  headers: Record<string, string>;
  /** Sent as these exact bytes (a string as UTF-8). */
  body?: Uint8Array | string;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, multiple values joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
  text(): string;
  /** Parses the body; throws a YunkitError naming the status if it is not JSON. */
  json<T = unknown>(): T;
}

class BufferedResponse implements HttpResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: Buffer,
  ) {}

  text(): string {
    return this.body.toString('utf8');
  }

  json<T = unknown>(): T {
    try {
      return JSON.parse(this.text()) as T;
    } catch {
      // Neither the body nor JSON.parse's error (whose message quotes the start of the body) goes
      // into this error: the body may echo a token.
      const type = this.headers['content-type'] ?? 'no content-type';
      throw new YunkitError(
        `expected a JSON response body, got HTTP ${this.status} (${type}, ${this.body.length} bytes)`,
      );
    }
  }
}

/** Certificate problems are not fixed by retrying; handshake hiccups may be. */
export function isCertificateErrorCode(code: string | undefined): boolean {
  if (!code) return false;
  return (
    code.includes('CERT') ||
    code.includes('SELF_SIGNED') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    code === 'HOSTNAME_MISMATCH'
  );
}

function isTlsErrorCode(code: string | undefined): boolean {
  return (
    !!code && (isCertificateErrorCode(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))
  );
}

function checkTimeout(value: number | undefined, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new ValidationError(`${field} must be a positive number of milliseconds`, field);
  }
}

function normalizeHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function abortError(signal: AbortSignal, where: string): AbortError {
  return new AbortError(`request aborted (${where})`, { cause: signal.reason });
}

/**
 * HTTP/1.1 over node:http/node:https with one keep-alive agent per transport (per client).
 * Never throws on an HTTP status: that is the pipeline's job.
 */
export class HttpTransport {
  private readonly connectTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly verifySsl: boolean;
  private readonly ca: string | Buffer | Array<string | Buffer> | undefined;
  private readonly proxy: string | false | undefined;
  private readonly keepAlive: boolean;
  private readonly maxSockets: number;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly proxyAgents = new Map<string, http.Agent>();
  private closed = false;

  constructor(options: TransportOptions = {}) {
    checkTimeout(options.connectTimeoutMs, 'connectTimeoutMs');
    checkTimeout(options.timeoutMs, 'timeoutMs');
    if (
      options.maxSockets !== undefined &&
      !(Number.isInteger(options.maxSockets) && options.maxSockets > 0)
    ) {
      throw new ValidationError('maxSockets must be a positive integer', 'maxSockets');
    }
    if (typeof options.proxy === 'string' && options.proxy !== '') parseProxyUrl(options.proxy);
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.verifySsl = options.verifySsl ?? true;
    this.ca = options.ca;
    this.proxy = options.proxy;
    this.keepAlive = options.keepAlive ?? true;
    this.maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
    const agentOptions: http.AgentOptions = {
      keepAlive: this.keepAlive,
      maxSockets: this.maxSockets,
      timeout: this.keepAlive ? FREE_SOCKET_TIMEOUT_MS : undefined,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  /** The proxy URL a request to `url` goes through, or undefined for a direct connection. */
  proxyFor(url: URL): string | undefined {
    if (this.proxy === false || this.proxy === '') return undefined;
    if (typeof this.proxy === 'string') return this.proxy;
    const fromEnv = getProxyForUrl(url.href);
    return fromEnv === '' ? undefined : fromEnv;
  }

  private agentFor(url: URL, proxy: string | undefined): http.Agent {
    const secure = url.protocol === 'https:';
    if (proxy === undefined) return secure ? this.httpsAgent : this.httpAgent;
    const key = `${secure ? 'https' : 'http'} ${proxy}`;
    let agent = this.proxyAgents.get(key);
    if (!agent) {
      const proxyUrl = parseProxyUrl(proxy);
      const agentOptions = { keepAlive: this.keepAlive, maxSockets: this.maxSockets };
      // Both agents turn user:password in the proxy URL into a Basic Proxy-Authorization header.
      agent = secure
        ? new HttpsProxyAgent(proxyUrl, agentOptions)
        : new HttpProxyAgent(proxyUrl, agentOptions);
      this.proxyAgents.set(key, agent);
    }
    return agent;
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    try {
      return this.start(request);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private start(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new YunkitError('the transport was closed');
    const { method, url, signal } = request;
    if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) {
      throw new ValidationError(`invalid HTTP method ${JSON.stringify(method)}`, 'method');
    }
    if (!(url instanceof URL) || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ValidationError('url must be an http: or https: URL', 'url');
    }
    checkTimeout(request.timeoutMs, 'timeoutMs');
    checkTimeout(request.connectTimeoutMs, 'connectTimeoutMs');
    const where = `${method} ${redactUrl(url)}`;
    if (signal?.aborted) throw abortError(signal, where);

    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const connectTimeoutMs = request.connectTimeoutMs ?? this.connectTimeoutMs;
    const proxy = this.proxyFor(url);
    const agent = this.agentFor(url, proxy);
    // The URL's (and proxy's) secrets, gathered only once something failed.
    let secrets: SecretScrubber | undefined;
    const scrubber = (): SecretScrubber => {
      if (secrets === undefined) {
        secrets = new SecretScrubber();
        if (proxy) secrets.addUrl(parseProxyUrl(proxy));
        secrets.addUrl(url);
      }
      return secrets;
    };

    const headers: Record<string, string> = { ...request.headers };
    // node:http would keep only one of two names that differ in case, silently; which one depends
    // on key order. Refuse instead, naming the header (never its value).
    const seenNames = new Set<string>();
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (seenNames.has(lower)) {
        throw new ValidationError(`header ${name} is given twice with different letter case`, 'headers');
      }
      seenNames.add(lower);
    }
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? Buffer.from(request.body, 'utf8')
          : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    if (body !== undefined && !seenNames.has('content-length')) {
      headers['Content-Length'] = String(body.length);
    }

    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method,
      agent,
      // node:http writes a header object's names exactly as given (it lower-cases only its
      // lookup key), which is what the case-sensitive Sangfor server needs.
      headers,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
    };
    if (secure) {
      options.rejectUnauthorized = this.verifySsl;
      if (this.ca !== undefined) options.ca = this.ca;
    }

    return new Promise<HttpResponse>((resolve, reject) => {
      let phase: 'connect' | 'tls' | 'request' = 'connect';
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      let requestTimer: NodeJS.Timeout | undefined;
      let req: http.ClientRequest | undefined;

      const cleanup = (): void => {
        if (connectTimer) clearTimeout(connectTimer);
        if (requestTimer) clearTimeout(requestTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        cleanup();
        req?.destroy();
        reject(error);
      };
      const connected = (): void => {
        phase = 'request';
        if (connectTimer) clearTimeout(connectTimer);
        connectTimer = undefined;
      };
      function onAbort(): void {
        fail(abortError(signal as AbortSignal, where));
      }
      const classify = (error: Error & { code?: string }): Error => {
        if (error instanceof YunkitError) return error;
        const code = error.code;
        const errorPhase =
          isCertificateErrorCode(code) || (phase !== 'request' && isTlsErrorCode(code)) ? 'tls' : phase;
        let hint = '';
        if (isCertificateErrorCode(code)) {
          hint =
            ' (the server certificate is not trusted: pass its CA as `ca`, or `verifySsl: false` to skip the check)';
        } else if (/wrong version number/i.test(error.message)) {
          hint = ' (the endpoint does not speak TLS: is it http:// rather than https://?)';
        }
        const codeNote = code && !error.message.includes(code) ? ` (${code})` : '';
        const message = scrubber().scrub(`${where}: ${error.message}${codeNote}${hint}`);
        return new ConnectionError(message, {
          code,
          phase: errorPhase,
          cause: scrubbedCause(error, scrubber()),
        });
      };

      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(connectTimeoutMs)) {
        connectTimer = setTimeout(() => {
          fail(
            new TimeoutError(`${where}: no connection within ${connectTimeoutMs} ms`, {
              timeoutMs: connectTimeoutMs,
              kind: 'connect',
            }),
          );
        }, connectTimeoutMs);
      }
      if (Number.isFinite(timeoutMs)) {
        requestTimer = setTimeout(() => {
          // Still connecting: nothing reached the server, which makes it a connect timeout.
          const kind = phase === 'request' ? 'request' : 'connect';
          fail(
            new TimeoutError(`${where}: no complete response within ${timeoutMs} ms`, { timeoutMs, kind }),
          );
        }, timeoutMs);
      }

      try {
        req = (secure ? https : http).request(options);
      } catch (error) {
        const e = error as Error & { code?: string };
        fail(
          e.code === 'ERR_INVALID_CHAR' ||
            e.code === 'ERR_INVALID_HTTP_TOKEN' ||
            e.code === 'ERR_HTTP_INVALID_HEADER_VALUE'
            ? new ValidationError(`invalid request header: ${scrubber().scrub(e.message)}`, 'headers')
            : classify(e),
        );
        return;
      }

      req.on('socket', (socket) => {
        if (req?.reusedSocket) {
          connected();
          return;
        }
        if (socket instanceof tls.TLSSocket) {
          if (socket.connecting) {
            socket.once('connect', () => {
              phase = 'tls';
            });
          } else {
            phase = 'tls';
          }
          socket.once('secureConnect', connected);
        } else if (socket.connecting) {
          socket.once('connect', connected);
        } else {
          connected();
        }
      });
      // https-proxy-agent replays a refused CONNECT as if it were the server's answer; it is not.
      // (http-proxy-agent emits the same event for plain forwarding, without a status.)
      req.on('proxyConnect', (answer: { statusCode?: unknown }) => {
        const status = answer?.statusCode;
        if (typeof status !== 'number' || status === 200) return;
        fail(
          new ConnectionError(`${where}: the proxy refused the tunnel with HTTP ${status}`, {
            code: status === 407 ? 'ERR_PROXY_AUTH_REQUIRED' : 'ERR_PROXY_CONNECT_FAILED',
            phase: 'connect',
          }),
        );
      });
      req.on('error', (error) => fail(classify(error)));
      req.on('response', (res) => {
        connected();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(classify(error)));
        res.on('close', () => {
          if (!res.complete) {
            fail(
              new ConnectionError(`${where}: the connection closed mid-response`, {
                code: 'ECONNRESET',
                phase: 'request',
              }),
            );
          }
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve(
            new BufferedResponse(res.statusCode ?? 0, normalizeHeaders(res.headers), Buffer.concat(chunks)),
          );
        });
      });
      if (body === undefined) req.end();
      else req.end(body);
    });
  }

  /** Destroys the keep-alive agents; requests after this fail. */
  close(): void {
    this.closed = true;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    for (const agent of this.proxyAgents.values()) agent.destroy();
    this.proxyAgents.clear();
  }
}

function parseProxyUrl(proxy: string): URL {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    // The raw value may carry a password: do not echo it.
    throw new ValidationError('proxy must be a URL such as http://user:password@host:port', 'proxy');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(
      `proxy protocol ${url.protocol} is not supported (http: or https: only)`,
      'proxy',
    );
  }
  return url;
}

/** System errors carry no secrets, but proxy-agent errors may quote the proxy URL. */
function scrubbedCause(error: Error, scrubber: SecretScrubber): Error {
  if (scrubber.size === 0) return error;
  const message = scrubber.scrub(error.message);
  if (message === error.message) return error;
  const copy = new Error(message);
  copy.name = error.name;
  (copy as Error & { code?: string }).code = (error as Error & { code?: string }).code;
  return copy;
}
