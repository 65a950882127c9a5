import { canonicalJson, sha256Hex, sha256HexAsync } from '../util/hash';
import { GENESIS_HASH, type AxEvent } from './schema';

/** The hash of an event: SHA-256(prevHash ‖ canonical JSON of the event without its own hash). */
export function eventHash(event: Omit<AxEvent, 'hash'> & { hash?: string }): string {
  return sha256Hex(hashInput(event));
}

/** The same with the platform's native SHA-256, for checking many events outside a transaction. */
export function eventHashAsync(event: AxEvent): Promise<string> {
  return sha256HexAsync(hashInput(event));
}

/** What an event's hash covers: its prevHash and the canonical JSON of the event without its hash. */
export function hashInput(event: Omit<AxEvent, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...body } = event;
  return event.prevHash + canonicalJson(body);
}

export interface ChainHead {
  seq: number; // seq of the last event, -1 when empty
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: -1, hash: GENESIS_HASH };

export type ChainProblem =
  | { kind: 'hash'; id: string; seq: number; installId: string }
  | { kind: 'link'; id: string; seq: number; installId: string }
  | { kind: 'gap'; id: string; seq: number; installId: string; expectedSeq: number };

/** Checks one install's events fed in seq order; remembers the head it has reached. */
export class ChainVerifier {
  count = 0;
  constructor(public head: ChainHead = EMPTY_HEAD) {}

  push(event: AxEvent): ChainProblem | null {
    const where = { id: event.id, seq: event.seq, installId: event.installId };
    if (event.seq !== this.head.seq + 1) return { kind: 'gap', ...where, expectedSeq: this.head.seq + 1 };
    if (event.prevHash !== this.head.hash) return { kind: 'link', ...where };
    if (eventHash(event) !== event.hash) return { kind: 'hash', ...where };
    this.head = { seq: event.seq, hash: event.hash };
    this.count++;
    return null;
  }
}

/** Verifies one install's events, given in seq order, starting from `head`. */
export function verifyChainSegment(
  events: Iterable<AxEvent>,
  head: ChainHead = EMPTY_HEAD,
): { ok: true; head: ChainHead; count: number } | { ok: false; problem: ChainProblem; count: number } {
  const verifier = new ChainVerifier(head);
  for (const event of events) {
    const problem = verifier.push(event);
    if (problem) return { ok: false, problem, count: verifier.count };
  }
  return { ok: true, head: verifier.head, count: verifier.count };
}

/**
 * Checks one event of an export, which may be filtered (seqs can skip): its hash must match its
 * content, it must link to the previous exported event when that one is its direct predecessor,
 * and an install's first event must start from the genesis hash.
 */
export function exportedEventProblem(prev: AxEvent | undefined, event: AxEvent, computedHash = eventHash(event)): 'hash' | 'link' | null {
  if (computedHash !== event.hash) return 'hash';
  return linksToPrevious(prev, event) ? null : 'link';
}

/** The link part of that check alone (for events whose hash was checked already). */
export function linksToPrevious(prev: Pick<AxEvent, 'seq' | 'hash'> | undefined, event: Pick<AxEvent, 'seq' | 'prevHash'>): boolean {
  if (prev && prev.seq + 1 === event.seq && event.prevHash !== prev.hash) return false;
  return event.seq !== 0 || event.prevHash === GENESIS_HASH;
}

export function describeChainProblem(p: ChainProblem): string {
  switch (p.kind) {
    case 'hash':
      return `event ${p.id} (seq ${p.seq}) was changed after it was recorded: its hash does not match its content`;
    case 'link':
      return `event ${p.id} (seq ${p.seq}) does not link to the event before it: an event was changed, removed or inserted`;
    case 'gap':
      return `event ${p.id} has seq ${p.seq} where ${p.expectedSeq} was expected: events are missing`;
  }
}
