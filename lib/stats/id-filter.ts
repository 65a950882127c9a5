/**
 * A set of ids that may answer "maybe" for an id it was never given, never "no" for one it was:
 * 64-bit fingerprints (two 32-bit hashes) in an open-addressed table, 16–32 bytes per id instead of
 * ~80 for a Set of strings. It tells a bulk import which of a batch's tasks could already be
 * stored, so the ~200k new tasks of a million events are not each looked up. With 32-bit
 * fingerprints a million-event import met about ten false "maybe"s among its own tasks (each a
 * lookup, the first also reading the whole task directory into a map); with 64 bits, well under
 * once in 10^8 such imports.
 */
export class IdFilter {
  /** Slot i is table[2i] (the first hash, never 0 there: 0 marks an empty slot) and table[2i + 1]. */
  private table = new Uint32Array(2 * 1024);
  private count = 0;

  add(id: string): void {
    if ((this.count + 1) * 4 > this.table.length) this.grow();
    if (this.place(this.table, firstHash(id), secondHash(id))) this.count++;
  }

  mayHave(id: string): boolean {
    const h = firstHash(id);
    const mask = this.table.length / 2 - 1;
    let g: number | undefined;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.table[2 * i];
      if (slot === 0) return false;
      if (slot === h && this.table[2 * i + 1] === (g ??= secondHash(id))) return true;
    }
  }

  get size(): number {
    return this.count;
  }

  /** True when the fingerprint was not there yet. */
  private place(table: Uint32Array, h: number, g: number): boolean {
    const mask = table.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (table[2 * i] === h && table[2 * i + 1] === g) return false;
      if (table[2 * i] === 0) {
        table[2 * i] = h;
        table[2 * i + 1] = g;
        return true;
      }
    }
  }

  private grow(): void {
    const next = new Uint32Array(this.table.length * 2);
    for (let i = 0; i < this.table.length; i += 2) if (this.table[i]) this.place(next, this.table[i], this.table[i + 1]);
    this.table = next;
  }
}

/** FNV-1a, with 0 (the empty slot) mapped to 1. */
function firstHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/** A second, independent 32-bit hash (murmur3's mixing of each character, then its finaliser). */
function secondHash(id: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    let k = Math.imul(id.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= id.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
