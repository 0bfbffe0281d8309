import { randomInt } from 'node:crypto';
import type { SeededRandom } from './types.js';

/** A fresh 32-bit seed for runs that did not ask for one. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

/**
 * mulberry32: tiny, fast and good enough for ids and fault draws; what matters here is that a seed
 * replays the same sequence, not cryptographic strength.
 */
export class Mulberry32 implements SeededRandom {
  readonly seed: number;
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError('int(n) needs a positive integer');
    return Math.floor(this.next() * n);
  }

  hex(length: number): string {
    if (!Number.isInteger(length) || length < 0)
      throw new RangeError('hex(length) needs a non-negative integer');
    let out = '';
    while (out.length < length) out += this.int(16).toString(16);
    return out;
  }

  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = (8 + this.int(4)).toString(16);
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    this.state = state >>> 0;
  }
}

/** Independent streams from one seed, so e.g. fault draws do not shift the ids a provider generates. */
export function deriveSeed(seed: number, stream: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream, 0xc2b2ae35)) >>> 0;
}
