import { isIP } from 'node:net';

/**
 * True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. The control endpoints answer only
 * such peers: they reset state and change faults without any credentials.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined || address === '') return false;
  let candidate = address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(candidate);
  if (mapped !== null) candidate = mapped[1]!;
  const family = isIP(candidate);
  if (family === 4) return candidate.startsWith('127.');
  if (family === 6) return /^(0{0,4}:){2,7}0{0,3}1$/.test(candidate);
  return false;
}
