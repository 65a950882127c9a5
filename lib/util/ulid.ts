import { ulid as ulidWith, type ULID } from 'ulid';

/**
 * Random bytes from crypto.getRandomValues, drawn a pool at a time. The ulid package, left to
 * find its own source, asks crypto for one byte per character (16 calls an id); in Chromium's
 * service worker that was about a fifth of the recorder's time.
 */
const pool = new Uint8Array(4096);
let next = pool.length;

function pooledRandom(): number {
  if (next === pool.length) {
    crypto.getRandomValues(pool);
    next = 0;
  }
  return pool[next++] / 256;
}

/** A ULID (time, then 80 random bits from crypto). */
export function ulid(seedTime?: number): ULID {
  return ulidWith(seedTime, pooledRandom);
}
