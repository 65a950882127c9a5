import type { ExportSink, SinkResult } from './sink';
import { removeExportFile } from './export-file';
import { utf8 } from './utf8';
import type { WorkerLike } from '../util/spawned-worker';

/** The kind of worker an export runner asks its page to start (lib/util/spawned-worker.ts). */
export const EXPORT_SINK = 'export-sink';

export type SinkRequest =
  /**
   * name: the file to write (the file worker); null for the worker that hashes: the file's SHA-256
   * and the Merkle tree.
   */
  | { type: 'open'; name: string | null }
  /**
   * bytes: the next chunk of the file, UTF-8 (handed over: posting a string copies it, at about
   * half a GB/s measured, a fifth of an export's time when it was posted to both workers); leaves:
   * the canonical JSON of each event, each after a NUL and before a newline (JSON text has neither
   * raw), or leafHashes: their hashes as a sealed page stored them, 32 bytes each.
   */
  | { type: 'write'; n: number; bytes?: Uint8Array; leaves?: string; leafHashes?: Uint8Array }
  | { type: 'end' }
  | { type: 'discard' };

export type SinkReply =
  | { type: 'opened' }
  | { type: 'written'; n: number }
  | { type: 'ended'; result: SinkResult; file: Blob | null }
  | { type: 'discarded' }
  | { type: 'error'; message: string };

export interface WorkerSink extends ExportSink {
  /** The finished file, still on disk (once end() has resolved). */
  file(): Blob;
  /** Drops the partial file and stops the workers. */
  discard(): Promise<void>;
}

/** Batches the page may hand over before a worker has finished the earlier ones. */
const IN_FLIGHT = 4;

/** One export worker (lib/export/export.worker.ts), with backpressure. */
class Channel {
  private failure: Error | null = null;
  private sent = 0;
  private done = 0;
  private waiting: { until: number; resolve: () => void; reject: (e: Error) => void } | null = null;
  private reply: { resolve: (r: SinkReply) => void; reject: (e: Error) => void } | null = null;
  closed = false;

  constructor(private worker: WorkerLike) {
    this.worker.onmessage = (e: MessageEvent<SinkReply>) => {
      const r = e.data;
      if (r.type === 'error') return this.fail(new Error(r.message));
      if (r.type === 'written') {
        this.done = r.n;
        if (this.waiting && this.done >= this.waiting.until) {
          this.waiting.resolve();
          this.waiting = null;
        }
        return;
      }
      this.reply?.resolve(r);
      this.reply = null;
    };
    this.worker.onerror = (e) => this.fail(new Error(e.message || 'the export worker stopped'));
  }

  private fail(error: Error) {
    this.failure ??= error;
    this.waiting?.reject(this.failure);
    this.reply?.reject(this.failure);
    this.waiting = this.reply = null;
  }

  ask(request: SinkRequest): Promise<SinkReply> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.reply = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  /**
   * Resolves once the worker is at most IN_FLIGHT batches behind. `give`: buffers handed over
   * rather than copied (the caller does not use them again).
   */
  async write(request: Omit<Extract<SinkRequest, { type: 'write' }>, 'type' | 'n'>, give: ArrayBufferLike[] = []): Promise<void> {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ type: 'write', n: ++this.sent, ...request } satisfies SinkRequest, give as Transferable[]);
    if (this.sent - this.done > IN_FLIGHT) await new Promise<void>((resolve, reject) => (this.waiting = { until: this.sent - IN_FLIGHT, resolve, reject }));
  }

  close() {
    this.worker.terminate();
    this.closed = true;
  }
}

/**
 * An export sink on two worker threads, while the caller reads and encodes the next batches: one
 * writes the file to disk (the disk is the slowest part of a large export, a couple of hundred MB/s
 * here), the other hashes it and builds the Merkle tree at the same time. Each chunk is encoded
 * to UTF-8 once, here; the writer is given the bytes and the hasher a copy, both handed over.
 * `start` starts one (in the export runner, by asking its page: SpawnedWorker).
 */
export async function openWorkerSink(name: string, start: () => WorkerLike): Promise<WorkerSink> {
  const fileWorker = new Channel(start());
  const treeWorker = new Channel(start());
  let file: Blob | null = null;
  try {
    await Promise.all([fileWorker.ask({ type: 'open', name }), treeWorker.ask({ type: 'open', name: null })]);
  } catch (error) {
    fileWorker.close();
    treeWorker.close();
    throw error;
  }
  return {
    async write(text, leaves, leafHashes) {
      // One string posts far faster than thousands; stored hashes faster still.
      const hashes = leafHashes ? ownBuffer(leafHashes) : undefined;
      const leafText = !hashes && leaves.length ? '\u0000' + leaves.join('\n\u0000') + '\n' : undefined;
      const bytes = text ? utf8(text) : undefined;
      const copy = bytes?.slice(); // made before the writer is given the original
      await Promise.all([
        bytes ? fileWorker.write({ bytes }, [bytes.buffer]) : null,
        copy || hashes || leafText ? treeWorker.write({ bytes: copy, leaves: leafText, leafHashes: hashes }, [copy?.buffer, hashes?.buffer].filter((b) => b !== undefined)) : null,
      ]);
    },
    async end() {
      const [f, t] = await Promise.all([fileWorker.ask({ type: 'end' }), treeWorker.ask({ type: 'end' })]);
      fileWorker.close();
      treeWorker.close();
      if (f.type !== 'ended' || t.type !== 'ended' || !f.file) throw new Error('the export workers did not finish');
      file = f.file;
      return { sha256: t.result.sha256, bytes: f.result.bytes, merkleRoot: t.result.merkleRoot, leaves: t.result.leaves };
    },
    file: () => file!,
    async discard() {
      if (!treeWorker.closed) treeWorker.close();
      if (fileWorker.closed) return removeExportFile(name); // the worker has finished and gone: remove the file from here
      await fileWorker.ask({ type: 'discard' }).catch(() => undefined);
      fileWorker.close();
    },
  };
}

/** The bytes in an ArrayBuffer of their own (a view of a larger one is copied), so they can be transferred. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

