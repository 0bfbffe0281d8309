import { constants, createPublicKey, type KeyObject, publicEncrypt } from 'node:crypto';
import { ValidationError } from '../core/errors.js';
import { aws4SigningKey } from './aws4-key.js';
import {
  BoundedCache,
  basicIsoDate,
  hmacSha256Hex,
  lowerHeaders,
  payloadHashOf,
  requireAccessKey,
  requireBody,
  requireMethod,
  requireText,
  requireUrl,
  sha256Hex,
  signingTime,
} from './internal.js';
import type { AddedHeaders, SignableRequest, SigningDetails } from './types.js';

export interface SangforEc2Input extends SignableRequest {
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Not validated by SCP; the official sample SDK uses `regionOne`. */
  region?: string;
  /** Not validated by SCP; the official sample SDK uses `sdk-api`. */
  service?: string;
  /**
   * Header names to declare in SignedHeaders, in this order. Names absent from the request are
   * declared but skipped in the canonical headers, as Keystone does. Default `cookie`, `x-amz-date`.
   */
  signedHeaders?: readonly string[];
}

export const SANGFOR_DEFAULT_REGION = 'regionOne';
export const SANGFOR_DEFAULT_SERVICE = 'sdk-api';
const DEFAULT_SIGNED_HEADERS: readonly string[] = ['cookie', 'x-amz-date'];
const DEFAULT_SIGNED_HEADER_LIST = 'cookie;x-amz-date';

/**
 * SCP's AK/SK scheme (sangfor-scp.md §5): AWS4-HMAC-SHA256 as Keystone's `Ec2Signer` checks it.
 * The query is never signed, the path is the raw wire path, `host` is never signed, and the
 * declared SignedHeaders may name headers the request lacks.
 */
export function signSangforEc2Detailed(input: SangforEc2Input): SigningDetails {
  const method = requireMethod(input.method);
  const url = requireUrl(input.url);
  const body = requireBody(input.body);
  const { accessKeyId, secretAccessKey } = requireAccessKey(input.credentials);
  const region = input.region === undefined ? SANGFOR_DEFAULT_REGION : requireText(input.region, 'region');
  const service =
    input.service === undefined ? SANGFOR_DEFAULT_SERVICE : requireText(input.service, 'service');

  const amzDate = basicIsoDate(signingTime(input.now));
  const shortDate = amzDate.slice(0, 8);

  let names = DEFAULT_SIGNED_HEADERS;
  let signedHeaderList = DEFAULT_SIGNED_HEADER_LIST;
  if (input.signedHeaders !== undefined) {
    names = input.signedHeaders.map((name) => name.trim().toLowerCase());
    if (names.length === 0 || names.some((name) => name.length === 0 || /[;,\s]/.test(name)))
      throw new ValidationError('signedHeaders must be non-empty header names', 'signedHeaders');
    // The official sample SDK states that SCP cannot verify a signed `host`.
    if (names.includes('host'))
      throw new ValidationError('SCP does not accept host as a signed header', 'signedHeaders');
    if (!names.includes('x-amz-date'))
      throw new ValidationError('signedHeaders must include x-amz-date', 'signedHeaders');
    signedHeaderList = names.join(';');
  }

  const headers = lowerHeaders(input.headers ?? {});
  let canonicalHeaders = '';
  for (const name of names) {
    const value = name === 'x-amz-date' ? amzDate : headers.get(name);
    if (value === undefined) continue;
    canonicalHeaders += `${name}:${value.trim()}\n`;
  }

  const path = url.pathname || '/';
  const canonicalRequest = `${method}\n${path}\n\n${canonicalHeaders}\n${signedHeaderList}\n${payloadHashOf(body)}`;
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(aws4SigningKey(secretAccessKey, shortDate, region, service), stringToSign);
  const added: AddedHeaders = {
    'X-Amz-Date': amzDate,
    Authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaderList}, Signature=${signature}`,
  };
  return { headers: added, canonicalRequest, stringToSign, signedHeaders: signedHeaderList, signature };
}

/** Returns `X-Amz-Date` and `Authorization` for an SCP request signed with an access key. */
export function signSangforEc2(input: SangforEc2Input): AddedHeaders {
  return signSangforEc2Detailed(input).headers;
}

const publicKeys = new BoundedCache<KeyObject>(8);
const RSA_PUBLIC_EXPONENT = 'AQAB'; // 65537, fixed by SCP and never sent by the server

/**
 * Encrypts a password for `POST /janus/authenticate` (sangfor-scp.md §4): RSAES-PKCS1-v1_5 under the
 * modulus served by `GET /janus/public-key` (hex, any case, possibly ending in a newline or a literal
 * `\n`), exponent 65537. Returns the ciphertext as lower-case hex. Padding is random, so every call
 * gives a different result.
 */
export function encryptSangforPassword(modulusHex: string, password: string): string {
  if (typeof modulusHex !== 'string')
    throw new ValidationError('public key modulus must be a hex string', 'public_key');
  if (typeof password !== 'string') throw new ValidationError('password must be a string', 'password');
  const hex = modulusHex.replace(/\\n/g, '').trim();
  if (hex.length === 0 || !/^[0-9a-fA-F]+$/.test(hex))
    throw new ValidationError('public key modulus is not a hex string', 'public_key');
  const modulus = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  let start = 0;
  while (start < modulus.length - 1 && modulus[start] === 0) start++;
  const n = modulus.subarray(start);
  const bits = (n.length - 1) * 8 + (32 - Math.clz32(n[0] ?? 0));
  if (bits < 512) throw new ValidationError(`public key modulus is too short (${bits} bits)`, 'public_key');
  const plaintext = Buffer.from(password, 'utf8');
  // PKCS#1 v1.5 needs 11 bytes of padding inside the modulus.
  if (plaintext.length > n.length - 11)
    throw new ValidationError(
      `password is too long for a ${bits}-bit key (max ${n.length - 11} bytes)`,
      'password',
    );
  if (((n[n.length - 1] ?? 0) & 1) === 0)
    throw new ValidationError('public key modulus is even', 'public_key');
  try {
    const nBase64 = n.toString('base64url');
    // The server's key changes rarely; building a KeyObject costs as much as the encryption.
    let key = publicKeys.get(nBase64);
    if (!key) {
      key = createPublicKey({ key: { kty: 'RSA', n: nBase64, e: RSA_PUBLIC_EXPONENT }, format: 'jwk' });
      publicKeys.set(nBase64, key);
    }
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plaintext).toString('hex');
  } catch {
    // OpenSSL refuses moduli it cannot use (e.g. sharing a factor with the exponent).
    throw new ValidationError('public key modulus is not a usable RSA key', 'public_key');
  }
}
