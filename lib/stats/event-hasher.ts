import { bytesToHex } from '@noble/hashes/utils.js';
import { hashInput } from '../log/chain';
import type { AxEvent } from '../log/schema';
import type { Sha256Kit } from '../export/sha256';

/**
 * Event hashes, synchronously in WebAssembly (lib/export/sha256.ts): a million native digest()
 * promises cost more than the hashing. The hashed text is the event's canonical JSON without its
 * hash, cut out of the canonical line already made for the page ("hash" is never the last key:
 * "id" sorts after it), so each event is made canonical once.
 */
export class EventHasher {
  private encoder = new TextEncoder();
  private buffer = new Uint8Array(1 << 16);

  constructor(private sha: Sha256Kit) {}

  /** Whether `event`'s hash matches it; `line` is its canonical JSON. */
  matches(event: AxEvent, line: string): boolean {
    const field = `"hash":"${event.hash}",`;
    const at = line.indexOf(field);
    const input = at > 0 ? event.prevHash + line.slice(0, at) + line.slice(at + field.length) : hashInput(event);
    if (input.length * 3 > this.buffer.length) this.buffer = new Uint8Array(input.length * 3);
    const { written } = this.encoder.encodeInto(input, this.buffer);
    return bytesToHex(this.sha.digest(this.buffer.subarray(0, written))) === event.hash;
  }
}
