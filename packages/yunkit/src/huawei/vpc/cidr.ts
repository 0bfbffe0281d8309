import { ValidationError } from '../../core/errors.js';

/** An IPv4 address in dotted form; a ValidationError names `field` otherwise. */
export function validateIpv4(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(value)) {
    throw new ValidationError(`${field} must be an IPv4 address`, field);
  }
  if (value.split('.').some((octet) => Number(octet) > 255)) {
    throw new ValidationError(`${field} must be an IPv4 address`, field);
  }
  return value;
}

/** An IPv4 CIDR block such as 192.168.0.0/16. */
export function validateCidr(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.includes('/')) {
    throw new ValidationError(`${field} must be an IPv4 CIDR such as 192.168.0.0/16`, field);
  }
  const [ip, bits] = value.split('/');
  validateIpv4(ip, field);
  if (!/^\d{1,2}$/.test(bits ?? '') || Number(bits) > 32) {
    throw new ValidationError(`${field} must be an IPv4 CIDR such as 192.168.0.0/16`, field);
  }
  return value;
}
