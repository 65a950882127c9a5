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
    const { at, field } = hashField(event, line);
    const input = at > 0 ? event.prevHash + line.slice(0, at) + line.slice(at + field.length) : hashInput(event);
    const { written } = this.encoder.encodeInto(input, this.room(input.length * 3));
    return this.digestIs(written, event.hash);
  }

  /**
   * The same, hashed from `bytes`: `line` as read, which the caller knows is plain ASCII (one byte
   * a character, lib/stats/chunk-lines.ts), so the field's place in the text is its place in the
   * bytes. In Chromium's validators, encoding the joined string (TextEncoder.encodeInto, with the
   * join flattened first) cost about three times the hashing itself; copying bytes costs next to nothing.
   */
  matchesAscii(event: AxEvent, line: string, bytes: Uint8Array): boolean {
    const { at, field } = hashField(event, line);
    if (at <= 0) return this.matches(event, line);
    // 64 hex digits (the schema's): a byte each.
    const prev = event.prevHash;
    const buffer = this.room(prev.length + bytes.length);
    for (let i = 0; i < prev.length; i++) buffer[i] = prev.charCodeAt(i);
    buffer.set(bytes.subarray(0, at), prev.length);
    buffer.set(bytes.subarray(at + field.length), prev.length + at);
    return this.digestIs(prev.length + bytes.length - field.length, event.hash);
  }

  private room(size: number): Uint8Array {
    if (size > this.buffer.length) this.buffer = new Uint8Array(size);
    return this.buffer;
  }

  private digestIs(length: number, hash: string): boolean {
    return bytesToHex(this.sha.digest(this.buffer.subarray(0, length))) === hash;
  }
}

/** Where `"hash":"…",` is in the line (-1 when it is not there as expected). */
function hashField(event: AxEvent, line: string) {
  const field = `"hash":"${event.hash}",`;
  return { field, at: line.indexOf(field) };
}
