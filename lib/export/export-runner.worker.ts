/// <reference lib="webworker" />
// A whole export off the options page's thread: reading the log (IndexedDB's values are decoded on
// the reading thread), parsing sealed pages and encoding the format take most of an export's time,
// and the page stays free for the progress bar and Cancel. The file and the Merkle tree are still
// written and hashed by two workers of their own (worker-sink.ts), started from here.
import { openDb, readChainHeads } from '../log/db';
import { countEvents } from '../log/event-store';
import { eventBatches } from './event-source';
import { runExport } from './exporter';
import { EXPORT_SINK, openWorkerSink, type WorkerSink } from './worker-sink';
import { SpawnedWorker, spawnNews } from '../util/spawned-worker';
import { atMostEvery } from '../util/at-most-every';
import type { RunnerReply, RunnerRequest } from './export-runner';

const PROGRESS_EVERY_MS = 100;
let abort: AbortController | null = null;

const post = (reply: RunnerReply) => postMessage(reply);

async function run(request: Extract<RunnerRequest, { type: 'start' }>): Promise<void> {
  const db = openDb();
  abort = new AbortController();
  let sink: WorkerSink | null = null;
  try {
    const total = await countEvents(db);
    post({ type: 'progress', done: 0, total });
    // Its workers are started by the page: a worker starting workers can hang in Firefox (lib/util/spawned-worker.ts).
    sink = await openWorkerSink(request.fileName, () => new SpawnedWorker(EXPORT_SINK));
    const manifest = await runExport({
      format: request.format, fileName: request.fileName, filter: request.filter, total, config: request.config,
      batches: eventBatches(db), chainHeads: await readChainHeads(db), sink, signal: abort.signal,
      onProgress: atMostEvery(PROGRESS_EVERY_MS, (done: number) => post({ type: 'progress', done, total })),
    });
    if (abort.signal.aborted) throw new DOMException('Export cancelled', 'AbortError');
    post({ type: 'done', manifest, file: sink.file() });
  } catch (error) {
    await sink?.discard();
    post({ type: 'failed', cancelled: (error as Error).name === 'AbortError', message: (error as Error).message });
  } finally {
    db.close();
    abort = null;
  }
}

self.onmessage = (e: MessageEvent<RunnerRequest>) => {
  if (spawnNews(e.data)) return;
  if (e.data.type === 'start') void run(e.data);
  else abort?.abort();
};
