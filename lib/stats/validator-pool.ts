import { fastSha256 } from '../export/sha256';
import { EventHasher } from './event-hasher';
import { validateChunk, type ChunkRequest, type ValidatedChunk } from './validate-chunk';
import type { WorkerLike } from '../util/spawned-worker';

export type ValidatorRequest = { id: number; chunk: ChunkRequest };
export type ValidatorReply = { id: number; result: ValidatedChunk } | { id: number; error: string };

export interface Validators {
  /**
   * Validates a chunk. Its bytes are handed over to a worker (not copied: they are detached
   * here); `again` reads the same bytes anew, for when that worker stops before answering.
   */
  validate(chunk: ChunkRequest, again: () => Promise<ChunkRequest>): Promise<ValidatedChunk>;
  /** Stops the workers; chunks still being validated are dropped. */
  close(): void;
}

/**
 * `size` validator workers (import-validator.worker.ts) started by `start`, each chunk given to
 * the one with the fewest waiting; or, with no `start` (Node: the unit tests) or `size` 0, the
 * same validation inline. A worker that stops (it could not be loaded, or it crashed) is not
 * given more, and the chunks it had are read again and validated inline: slower, but the import
 * goes on. So does one that falls silent: no answer for `silenceMs` while it has chunks (a worker
 * that never started, as one started from a worker in Firefox did, would have held the import
 * for ever). In the stats worker `start` asks the page (SpawnedWorker): never a worker's own `new
 * Worker()`, which can hang in Firefox (lib/util/spawned-worker.ts).
 */
export function openValidators(size: number, start?: () => WorkerLike, silenceMs = VALIDATOR_SILENCE_MS): Validators {
  if (size < 1 || !start) return inlineValidators();
  const workers = Array.from({ length: size }, () => new ValidatorWorker(start(), silenceMs));
  // Made when first needed: its hasher is a WebAssembly instance of its own.
  let inline: ((chunk: ChunkRequest) => Promise<ValidatedChunk>) | null = null;
  const validateInline = (chunk: ChunkRequest) => (inline ??= inlineValidation())(chunk);
  return {
    validate: (chunk, again) => {
      const alive = workers.filter((w) => !w.stopped);
      if (!alive.length) return validateInline(chunk);
      const worker = alive.reduce((a, b) => (b.waiting < a.waiting ? b : a));
      return worker.validate(chunk).catch(async (error: unknown) => {
        if (error instanceof ValidatorStopped) return validateInline(await again());
        throw error;
      });
    },
    close: () => workers.forEach((w) => w.close()),
  };
}

/** A chunk takes a validator a fraction of a second, its first one with the worker's start a second or two. */
export const VALIDATOR_SILENCE_MS = 30_000;

/** A validator worker stopped before answering: its chunks are validated elsewhere. */
class ValidatorStopped extends Error {}

/** The validators' default number: the import's own thread and IndexedDB need the rest. */
export function defaultValidators(): number {
  return Math.min(2, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1);
}

class ValidatorWorker {
  private replies = new Map<number, { resolve(r: ValidatedChunk): void; reject(e: Error): void }>();
  private nextId = 0;
  private failure: Error | null = null;
  private silence: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private worker: WorkerLike,
    private silenceMs: number,
  ) {
    this.worker.onmessage = (e: MessageEvent<ValidatorReply>) => {
      const reply = e.data;
      const waiting = this.replies.get(reply.id)!;
      this.replies.delete(reply.id);
      this.watch();
      if ('result' in reply) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error));
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.stop(new ValidatorStopped(e.message || 'an import validator stopped'));
    };
    // An answer that cannot be read names no chunk: every chunk this worker has is validated elsewhere.
    this.worker.onmessageerror = () => this.stop(new ValidatorStopped('an import validator answered what could not be read'));
  }

  private stop(failure: ValidatorStopped): void {
    this.failure = failure;
    for (const waiting of this.replies.values()) waiting.reject(failure);
    this.close();
  }

  get waiting(): number {
    return this.replies.size;
  }

  get stopped(): boolean {
    return this.failure !== null;
  }

  validate(chunk: ChunkRequest): Promise<ValidatedChunk> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const id = this.nextId++;
      this.replies.set(id, { resolve, reject });
      // Silence counts from its last answer, or from when it was given work while it had none.
      if (this.replies.size === 1) this.watch();
      // Handed over, not copied (a copy was ~3% of the import's thread): if this worker stops, the chunk is read again.
      this.worker.postMessage({ id, chunk } satisfies ValidatorRequest, [chunk.bytes.buffer]);
    });
  }

  /** (Re)starts the wait for its next answer while it has chunks; none otherwise. */
  private watch(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
    if (!this.replies.size || this.failure) return;
    this.silence = setTimeout(() => this.stop(new ValidatorStopped(`an import validator gave no answer for ${this.silenceMs / 1000} s`)), this.silenceMs);
  }

  close(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
    this.worker.terminate();
    this.replies.clear();
  }
}

function inlineValidators(): Validators {
  return { validate: inlineValidation(), close: () => {} };
}

function inlineValidation(): (chunk: ChunkRequest) => Promise<ValidatedChunk> {
  const hasher = fastSha256().then((kit) => new EventHasher(kit));
  return async (chunk) => ({ ...validateChunk(chunk, await hasher), buffer: chunk.bytes.buffer });
}
