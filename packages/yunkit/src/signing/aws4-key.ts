import { BoundedCache, hmacSha256 } from './internal.js';

const signingKeys = new BoundedCache<Buffer>(64);

/**
 * The AWS4 key chain `HMAC(HMAC(HMAC(HMAC("AWS4" + SK, date), region), service), "aws4_request")`,
 * shared by generic SigV4 and Sangfor's Keystone flavour. It depends only on the secret, the day,
 * the region and the service, so it is computed once per day and cached.
 */
export function aws4SigningKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Buffer {
  return signingKeys.derive(shortDate, region, service, secretAccessKey, () => {
    const kDate = hmacSha256(`AWS4${secretAccessKey}`, shortDate);
    const kRegion = hmacSha256(kDate, region);
    const kService = hmacSha256(kRegion, service);
    return hmacSha256(kService, 'aws4_request');
  });
}

/** For tests and long-running processes that rotate secrets. */
export function clearAws4KeyCache(): void {
  signingKeys.clear();
}
