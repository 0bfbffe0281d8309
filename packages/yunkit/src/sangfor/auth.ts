/**
 * SCP's two auth schemes.
 *
 * - EC2 (AK/SK): every attempt is signed afresh (new `X-Amz-Date`), with the `aCMPAuthToken` cookie
 *   in the signed headers as the official sample SDK does.
 * - Token: public key → RSA-encrypted password → `POST /janus/authenticate` → `Authorization: Token <id>`.
 *   One login serves every call; it is renewed shortly before `expires` and once when SCP answers 401,
 *   and concurrent calls share one renewal.
 */
import { randomUUID } from 'node:crypto';
import { AuthError, YunkitError } from '../core/errors.js';
import type { OutgoingRequest, Pipeline } from '../core/index.js';
import { RefreshingCredentials } from '../core/index.js';
import { applySignedHeaders, encryptSangforPassword, signSangforEc2 } from '../signing/index.js';
import { parseBody, unwrapData } from './envelope.js';
import type { SangforAuthenticateData } from './types.js';

export interface SangforEc2Credentials {
  accessKey: string;
  secretKey: string;
  /** Not checked by SCP; the official sample SDK signs with `regionOne`. */
  region?: string | undefined;
  /** Not checked by SCP; the official sample SDK signs with `sdk-api`. */
  service?: string | undefined;
}

/** A random `aCMPAuthToken` value: 32 lower-case hex characters. */
export function newCookieToken(): string {
  return randomUUID().replace(/-/g, '');
}

export interface SangforSigner {
  readonly scheme: 'ec2' | 'token';
  sign(request: OutgoingRequest): Promise<void> | void;
  /** Whether to resend once after a 401 (token schemes renew; a bad signature will not heal). */
  onAuthFailure(error: AuthError, request: OutgoingRequest): Promise<boolean>;
}

export class Ec2Signer implements SangforSigner {
  readonly scheme = 'ec2' as const;
  readonly #credentials: SangforEc2Credentials;
  readonly #cookie: string | undefined;

  constructor(credentials: SangforEc2Credentials, cookie: string | undefined) {
    this.#credentials = credentials;
    this.#cookie = cookie;
  }

  sign(request: OutgoingRequest): void {
    if (this.#cookie !== undefined)
      applySignedHeaders(request.headers, { Cookie: `aCMPAuthToken=${this.#cookie}` });
    const added = signSangforEc2({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      credentials: { accessKeyId: this.#credentials.accessKey, secretAccessKey: this.#credentials.secretKey },
      ...(this.#credentials.region === undefined ? {} : { region: this.#credentials.region }),
      ...(this.#credentials.service === undefined ? {} : { service: this.#credentials.service }),
    });
    applySignedHeaders(request.headers, added);
  }

  async onAuthFailure(): Promise<boolean> {
    return false;
  }
}

interface SangforSession {
  id: string;
  /** `expires`, on the local clock. */
  expiresAt: Date;
  /** When to renew: `expires` less a margin. */
  refreshAt: Date;
}

export interface TokenSignerOptions {
  username: string;
  password: string;
  cookie: string | undefined;
  /** Renew this long before `expires`; default min(60 s, a tenth of the token's lifetime). */
  refreshBeforeMs?: number | undefined;
  /** Sends the two unauthenticated login calls. */
  loginPipeline: Pipeline;
  url(pathname: string): URL;
}

/** Keystone's default token lifetime, used when SCP's `expires` cannot be read. */
const FALLBACK_LIFETIME_MS = 3_600_000;

export class TokenSigner implements SangforSigner {
  readonly scheme = 'token' as const;
  readonly #options: TokenSignerOptions;
  readonly #session: RefreshingCredentials<SangforSession>;
  /** Sessions recently used to sign, by token id, so a 401 can name the one it refused. */
  readonly #recent = new Map<string, SangforSession>();

  constructor(options: TokenSignerOptions) {
    this.#options = options;
    // Each session carries its own refreshAt (the margin depends on the lifetime SCP grants).
    this.#session = new RefreshingCredentials<SangforSession>(() => this.#login());
  }

  async sign(request: OutgoingRequest): Promise<void> {
    const session = await this.#session.get();
    if (!this.#recent.has(session.id)) {
      this.#recent.set(session.id, session);
      // Only the last few matter: a request in flight signed with one of them.
      for (const id of this.#recent.keys()) {
        if (this.#recent.size <= 4) break;
        this.#recent.delete(id);
      }
    }
    applySignedHeaders(request.headers, { Authorization: `Token ${session.id}` });
    if (this.#options.cookie !== undefined) {
      applySignedHeaders(request.headers, { Cookie: `aCMPAuthToken=${this.#options.cookie}` });
    }
  }

  async onAuthFailure(_error: AuthError, request: OutgoingRequest): Promise<boolean> {
    const header = request.headers.Authorization;
    if (!header?.startsWith('Token ')) return false;
    // Several calls may fail with the same expired token at once: the session is dropped only if
    // it is still the current one, so they share one login instead of each starting their own.
    const used = this.#recent.get(header.slice('Token '.length));
    if (used !== undefined) this.#session.invalidate(used);
    return true;
  }

  async #login(): Promise<SangforSession> {
    const { loginPipeline, username, password, cookie } = this.#options;
    const cookieHeader: Record<string, string> =
      cookie === undefined ? {} : { Cookie: `aCMPAuthToken=${cookie}` };

    const keyResponse = await loginPipeline.send({
      method: 'GET',
      url: this.#options.url('/janus/public-key'),
      headers: { ...cookieHeader },
    });
    const modulus = publicKeyOf(parseBody(keyResponse));
    const encrypted = encryptSangforPassword(modulus, password);

    const body = Buffer.from(
      JSON.stringify({ auth: { passwordCredentials: { username, password: encrypted } } }),
      'utf8',
    );
    const requestedAt = Date.now();
    const authResponse = await loginPipeline.send({
      method: 'POST',
      url: this.#options.url('/janus/authenticate'),
      headers: { 'Content-Type': 'application/json', ...cookieHeader },
      body,
    });
    const token = unwrapData<Partial<SangforAuthenticateData> | undefined>(authResponse)?.access?.token;
    if (token === undefined || typeof token.id !== 'string' || token.id === '') {
      throw new AuthError({
        provider: 'sangfor',
        status: authResponse.status,
        code: 'NoToken',
        message: 'SCP accepted the login but its answer holds no data.access.token.id',
        method: 'POST',
        url: this.#options.url('/janus/authenticate').href,
      });
    }
    const lifetimeMs = lifetimeOf(token.issued_at, token.expires, requestedAt);
    // Never renew in the first half of a token's life, whatever margin was asked for: a margin
    // longer than the lifetime would otherwise log in again before every call.
    const margin = Math.min(
      this.#options.refreshBeforeMs ?? Math.min(60_000, lifetimeMs / 10),
      lifetimeMs / 2,
    );
    return {
      id: token.id,
      expiresAt: new Date(requestedAt + lifetimeMs),
      refreshAt: new Date(requestedAt + Math.max(0, lifetimeMs - margin)),
    };
  }
}

/** `data.public_key` (the usual place) or a top-level `public_key` (S10). */
function publicKeyOf(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const data = record.data as Record<string, unknown> | null | undefined;
    if (typeof data === 'object' && data !== null && typeof data.public_key === 'string')
      return data.public_key;
    if (typeof record.public_key === 'string') return record.public_key;
  }
  throw new YunkitError('SCP /janus/public-key answered without a public_key');
}

/**
 * The token's lifetime from SCP's own `issued_at`/`expires`, so a clock difference between SCP and
 * this machine does not matter. Zone-less timestamps (seen in some SCP payloads) parse the same way
 * on both ends of the difference.
 */
function lifetimeOf(issuedAt: unknown, expires: unknown, localNow: number): number {
  const end = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
  const start = typeof issuedAt === 'string' ? Date.parse(issuedAt) : Number.NaN;
  if (Number.isFinite(end) && Number.isFinite(start) && end > start) return end - start;
  if (Number.isFinite(end) && end > localNow) return end - localNow;
  return FALLBACK_LIFETIME_MS;
}
