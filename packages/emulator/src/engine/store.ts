import type { Collection, Store, StoreDump, StoredRecord } from './types.js';

class MapCollection<T extends object> implements Collection<T> {
  readonly records = new Map<string, T>();

  constructor(readonly name: string) {}

  get size(): number {
    return this.records.size;
  }

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  set(id: string, record: T): T {
    this.records.set(id, record);
    return record;
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: a callback may mutate in place and return nothing.
  update(id: string, patch: Partial<T> | ((current: T) => T | void)): T | undefined {
    const current = this.records.get(id);
    if (current === undefined) return undefined;
    if (typeof patch === 'function') {
      const replaced = patch(current);
      if (replaced !== undefined && replaced !== current) this.records.set(id, replaced);
      return replaced ?? current;
    }
    Object.assign(current, patch);
    return current;
  }

  delete(id: string): boolean {
    return this.records.delete(id);
  }

  list(): T[] {
    return [...this.records.values()];
  }

  filter(predicate: (record: T) => boolean): T[] {
    return this.list().filter(predicate);
  }

  find(predicate: (record: T) => boolean): T | undefined {
    for (const record of this.records.values()) if (predicate(record)) return record;
    return undefined;
  }

  ids(): string[] {
    return [...this.records.keys()];
  }

  clear(): void {
    this.records.clear();
  }
}

/** In-memory named collections; persistence is the server's job (it serialises dump()). */
export class MemoryStore implements Store {
  private readonly collections = new Map<string, MapCollection<StoredRecord>>();
  private counters: Record<string, number> = {};

  collection<T extends object = StoredRecord>(name: string): Collection<T> {
    let found = this.collections.get(name);
    if (found === undefined) {
      found = new MapCollection<StoredRecord>(name);
      this.collections.set(name, found);
    }
    return found as unknown as Collection<T>;
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  nextId(counter: string): number {
    const next = (this.counters[counter] ?? 0) + 1;
    this.counters[counter] = next;
    return next;
  }

  dump(): StoreDump {
    const collections: StoreDump['collections'] = {};
    for (const [name, collection] of this.collections) {
      collections[name] = Object.fromEntries(collection.records);
    }
    // A JSON round trip: the dump must not alias live records, and it proves they are serialisable.
    return JSON.parse(JSON.stringify({ collections, counters: this.counters })) as StoreDump;
  }

  load(dump: StoreDump): void {
    this.clear();
    for (const [name, records] of Object.entries(dump.collections ?? {})) {
      const collection = this.collection(name);
      for (const [id, record] of Object.entries(records)) collection.set(id, record as StoredRecord);
    }
    this.counters = { ...(dump.counters ?? {}) };
  }

  clear(): void {
    // Collections stay registered (providers may hold references to them); only their records go.
    for (const collection of this.collections.values()) collection.clear();
    this.counters = {};
  }
}
