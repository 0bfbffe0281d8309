/** The request as it will go on the wire. Signers read it and never modify it. */
export interface SignableRequest {
  method: string;
  /** Path and query exactly as sent (`url.pathname`, `url.search`). */
  url: URL;
  /** Headers that will be sent, any letter case. */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent (a string is sent as UTF-8). */
  body?: Uint8Array | string;
  /** Signing time; defaults to the current time. */
  now?: Date;
}

/** Headers to add to the request, names in the letter case the cloud uses. */
export type AddedHeaders = Record<string, string>;

/** Every intermediate value of one signature, for tests, verifiers and debugging. */
export interface SigningDetails {
  headers: AddedHeaders;
  canonicalRequest: string;
  stringToSign: string;
  /** Lower-case names joined with `;`, as they appear in the Authorization header. */
  signedHeaders: string;
  signature: string;
}

export interface AccessKeyCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary (STS) credentials only. */
  sessionToken?: string;
}
