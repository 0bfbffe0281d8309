/**
 * Signing keys that depend only on the day, region and service are derived once and kept in a
 * bounded cache. `node:crypto` is wrapped so the test can count the HMAC and HKDF calls the signers
 * make: a cached key costs one HMAC per request, a derived one costs the whole chain again.
 */
import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BoundedCache } from '../../src/signing/internal.js';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, createHmac: vi.fn(original.createHmac), hkdfSync: vi.fn(original.hkdfSync) };
});

const { clearAws4KeyCache, signHuaweiDerived, signSangforEc2, signSigV4, signVolcengine } = await import(
  'yunkit/signing'
);

const createHmac = vi.mocked(crypto.createHmac);
const hkdfSync = vi.mocked(crypto.hkdfSync);
const NOW = new Date('2024-01-02T03:04:05Z');
const CREDENTIALS = { accessKeyId: 'AKCACHE', secretAccessKey: 'cache-secret' };
/** One more than the capacity of every signing-key cache (64). */
const SCOPES_PAST_CAPACITY = 65;

function sigV4(region: string, now = NOW): string {
  return signSigV4({
    method: 'GET',
    url: new URL('https://h.example/x?a=1'),
    headers: {},
    credentials: CREDENTIALS,
    region,
    service: 'ec2',
    now,
  })['Authorization']!;
}

function volcengine(region: string): string {
  return signVolcengine({
    method: 'GET',
    url: new URL('https://open.volcengineapi.com/?Action=A&Version=1'),
    headers: {},
    credentials: CREDENTIALS,
    region,
    service: 'ecs',
    now: NOW,
  })['Authorization']!;
}

function huaweiDerived(region: string): string {
  return signHuaweiDerived({
    method: 'GET',
    url: new URL('https://ecs.example/v1/p/servers'),
    headers: {},
    credentials: CREDENTIALS,
    region,
    service: 'ecs',
    now: NOW,
  })['Authorization']!;
}

beforeEach(() => {
  clearAws4KeyCache();
  createHmac.mockClear();
  hkdfSync.mockClear();
});

describe('signing-key caches', () => {
  it('SigV4 and SCP share the AWS4 chain: four HMACs once per scope and day, then one per request', () => {
    sigV4('r-first');
    expect(createHmac).toHaveBeenCalledTimes(5);
    for (let i = 0; i < 10; i++) sigV4('r-first');
    expect(createHmac).toHaveBeenCalledTimes(15);
    // Another second of the same day keeps the key; the next day derives a new one.
    sigV4('r-first', new Date('2024-01-02T23:59:59Z'));
    expect(createHmac).toHaveBeenCalledTimes(16);
    sigV4('r-first', new Date('2024-01-03T00:00:00Z'));
    expect(createHmac).toHaveBeenCalledTimes(21);
    signSangforEc2({
      method: 'GET',
      url: new URL('https://scp/janus/20180725/servers'),
      headers: {},
      credentials: CREDENTIALS,
      region: 'r-first',
      service: 'ec2',
      now: NOW,
    });
    expect(createHmac).toHaveBeenCalledTimes(22);
  });

  it('Volcengine: the key chain is derived once per scope', () => {
    volcengine('cn-cache-1');
    const afterFirst = createHmac.mock.calls.length;
    for (let i = 0; i < 10; i++) volcengine('cn-cache-1');
    expect(createHmac.mock.calls.length - afterFirst).toBe(10);
  });

  it('Huawei V11: HKDF runs once per day, region and service', () => {
    for (let i = 0; i < 10; i++) huaweiDerived('cn-cache-1');
    expect(hkdfSync).toHaveBeenCalledTimes(1);
    huaweiDerived('cn-cache-2');
    expect(hkdfSync).toHaveBeenCalledTimes(2);
  });

  it('is bounded: past its capacity the oldest key is forgotten and derived again, still correct', () => {
    const first = {
      sigV4: sigV4('bounded-0'),
      volcengine: volcengine('bounded-0'),
      huaweiDerived: huaweiDerived('bounded-0'),
    };
    for (let i = 1; i < SCOPES_PAST_CAPACITY; i++) {
      sigV4(`bounded-${i}`);
      volcengine(`bounded-${i}`);
      huaweiDerived(`bounded-${i}`);
    }
    createHmac.mockClear();
    hkdfSync.mockClear();
    expect(sigV4('bounded-0')).toBe(first.sigV4);
    expect(createHmac).toHaveBeenCalledTimes(5);
    expect(volcengine('bounded-0')).toBe(first.volcengine);
    expect(createHmac).toHaveBeenCalledTimes(10);
    expect(huaweiDerived('bounded-0')).toBe(first.huaweiDerived);
    expect(hkdfSync).toHaveBeenCalledTimes(1);
  });
});

describe('BoundedCache', () => {
  it('never holds more than its capacity and evicts the oldest entry first', () => {
    const cache = new BoundedCache<number>(3);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(3);
    expect(cache.get('k6')).toBeUndefined();
    expect([cache.get('k7'), cache.get('k8'), cache.get('k9')]).toEqual([7, 8, 9]);
    cache.set('k9', 90);
    expect(cache.size).toBe(3);
    expect(cache.get('k7')).toBe(7);
  });

  it('derive computes once per key, and its last-hit shortcut never confuses keys', () => {
    const cache = new BoundedCache<string>(2);
    const compute = vi.fn((value: string) => value);
    const derive = (a: string, b: string) => cache.derive(a, b, 'c', 'd', () => compute(`${a}|${b}`));
    expect(derive('a', 'b')).toBe('a|b');
    expect(derive('a', 'b')).toBe('a|b');
    expect(derive('ab', '')).toBe('ab|');
    expect(derive('a', 'b')).toBe('a|b');
    expect(compute).toHaveBeenCalledTimes(2);
    derive('x', 'y');
    derive('z', 'w');
    expect(cache.size).toBe(2);
    expect(derive('a', 'b')).toBe('a|b');
    expect(compute).toHaveBeenCalledTimes(5);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(derive('a', 'b')).toBe('a|b');
    expect(compute).toHaveBeenCalledTimes(6);
  });
});
