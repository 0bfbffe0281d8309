import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface GeneratedCertificate {
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate per emulator start: nothing secret ships in the package, and a
 * client trusts exactly this run by passing the PEM as `ca`.
 */
export async function generateCertificate(host: string): Promise<GeneratedCertificate> {
  const dnsNames = new Set(['localhost']);
  const ips = new Set(['127.0.0.1', '::1']);
  if (isIP(host) !== 0) ips.add(host);
  else if (host !== '') dnsNames.add(host);
  const now = Date.now();
  const result = await generate([{ name: 'commonName', value: 'yunkit emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // Back-dated an hour so a client clock slightly behind still accepts it.
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...dnsNames].map((value) => ({ type: 2 as const, value })),
          ...[...ips].map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}
