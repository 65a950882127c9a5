/**
 * A set of ids that may answer "maybe" for an id it was never given, never "no" for one it was:
 * 32-bit hashes in an open-addressed table, ~8 bytes per id instead of ~80 for a Set of strings.
 * It tells a bulk import which of a batch's tasks could already be stored, so the ~200k new tasks
 * of a million events are not each looked up in IndexedDB (a lookup per id is a round trip).
 */
export class IdFilter {
  private table = new Uint32Array(1024);
  private count = 0;

  add(id: string): void {
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    if (this.place(this.table, hashOf(id))) this.count++;
  }

  mayHave(id: string): boolean {
    const h = hashOf(id);
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i];
      if (slot === 0) return false;
      if (slot === h) return true;
    }
  }

  get size(): number {
    return this.count;
  }

  /** True when the hash was not there yet. */
  private place(table: Uint32Array, h: number): boolean {
    const mask = table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (table[i] === h) return false;
      if (table[i] === 0) {
        table[i] = h;
        return true;
      }
    }
  }

  private grow(): void {
    const next = new Uint32Array(this.table.length * 2);
    for (const h of this.table) if (h) this.place(next, h);
    this.table = next;
  }
}

/** FNV-1a, with 0 (the empty slot) mapped to 1. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}
