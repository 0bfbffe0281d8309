import { ManualClock, Mulberry32, PathRouter, SystemClock } from '@yunkit/emulator';
import { describe, expect, it } from 'vitest';

describe('Mulberry32', () => {
  it('repeats its sequence for a seed and resumes from a saved state', () => {
    const a = new Mulberry32(99);
    const b = new Mulberry32(99);
    const seqA = [a.uuid(), a.hex(8), a.int(1000), a.next()];
    expect([b.uuid(), b.hex(8), b.int(1000), b.next()]).toEqual(seqA);
    expect(new Mulberry32(100).uuid()).not.toBe(seqA[0]);
    const saved = a.getState();
    const next = a.uuid();
    const c = new Mulberry32(1);
    c.setState(saved);
    expect(c.uuid()).toBe(next);
  });

  it('makes well-formed values', () => {
    const random = new Mulberry32(5);
    for (let i = 0; i < 200; i++) {
      expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const n = random.next();
      expect(n >= 0 && n < 1).toBe(true);
      expect(random.int(3)).toBeLessThan(3);
    }
    expect(random.hex(32)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => random.int(0)).toThrow(RangeError);
  });
});

describe('clocks', () => {
  it('move forward only, manual clocks exactly', () => {
    const manual = new ManualClock(10);
    manual.advance(5);
    expect(manual.now()).toBe(15);
    expect(() => manual.advance(-1)).toThrow(RangeError);
    const system = new SystemClock();
    const before = Date.now();
    system.advance(60_000);
    expect(system.now()).toBeGreaterThanOrEqual(before + 60_000);
  });
});

describe('PathRouter', () => {
  const handler = () => ({ status: 200 });
  it('matches params, literals, wildcards and reports allowed methods', () => {
    const router = new PathRouter();
    router.add('GET', '/v1/:project/servers/:id', handler);
    router.add('GET', '/v1/:project/servers/detail', handler, { public: true });
    router.add('POST', '/v1/:project/servers', handler);
    router.add('*', '/any', handler);
    const detail = router.match('GET', '/v1/p1/servers/detail');
    expect(detail).toMatchObject({ kind: 'found', params: { project: 'p1' }, public: true });
    expect(router.match('GET', '/v1/p1/servers/abc/')).toMatchObject({
      kind: 'found',
      params: { project: 'p1', id: 'abc' },
    });
    expect(router.match('DELETE', '/any')).toMatchObject({ kind: 'found' });
    expect(router.match('HEAD', '/v1/p1/servers/abc')).toMatchObject({
      kind: 'found',
      params: { id: 'abc' },
    });
    expect(router.match('GET', '/v1/p1/servers')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
    expect(router.match('GET', '/v1//servers/x')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/v2')).toEqual({ kind: 'not-found' });
    expect(() => router.match('GET', '/v1/%E0/servers/x')).toThrow(URIError);
    expect(() => router.add('GET', 'no-slash', handler)).toThrow(/must start with/);
    expect(() => router.add('GET', '/a/*/b', handler)).toThrow(/last segment/);
  });
});
