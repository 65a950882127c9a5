/// <reference lib="webworker" />
/**
 * Workers of a worker, started by the page. Firefox ESR 153 hangs in `new Worker()` called inside
 * a worker of an extension page now and then: after a few such workers have been ended, the next
 * constructor never returns, and the worker that called it freezes, any IndexedDB transaction it
 * had begun with it, so that every later write to those stores waits for ever (measured: a worker
 * starting and ending one worker after another froze after 6 and after 7; a page doing the same
 * started 2,000). So a worker asks its page for the worker it needs (`SpawnedWorker`), the page
 * starts it (`serveSpawns`) and hands both a MessageChannel: they then talk directly, as a worker
 * and its own worker would, and the page only forwards the child's errors and ends it when told.
 */

/** What a worker's user needs of it: a Worker, or a SpawnedWorker standing in for one. */
export interface WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Worker → page: start a worker of `kind` and give it `port`; end it. Page → worker: it stopped with an error. */
type SpawnMessage = { spawn: { id: number; kind: string; port: MessagePort } } | { spawnEnd: number } | { spawnError: { id: number; message: string } };
/** Page → spawned worker: the port its parent talks on. */
type ParentPort = { parentPort: MessagePort };

const spawned = new Map<number, SpawnedWorker>();
let nextId = 1;

/** In a worker: a worker of `kind` (one the page knows, serveSpawns), talked to over a MessagePort. */
export class SpawnedWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  private readonly id = nextId++;
  private readonly port: MessagePort;

  constructor(kind: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.onmessage = (e) => this.onmessage?.(e);
    port1.onmessageerror = (e) => this.onmessageerror?.(e);
    spawned.set(this.id, this);
    self.postMessage({ spawn: { id: this.id, kind, port: port2 } } satisfies SpawnMessage, [port2]);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  terminate(): void {
    if (!spawned.delete(this.id)) return;
    this.port.close();
    self.postMessage({ spawnEnd: this.id } satisfies SpawnMessage);
  }

  /** The page's word that this worker stopped (it could not be loaded, or it crashed). */
  stopped(message: string): void {
    // What a user of a Worker reads of its error event (and Node, the unit tests, has no ErrorEvent).
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

/** In a worker, first in its onmessage: whether the message was the page's news of a spawned worker (then handled). */
export function spawnNews(data: unknown): boolean {
  if (!isObject(data) || !('spawnError' in data)) return false;
  const { id, message } = (data as Extract<SpawnMessage, { spawnError: unknown }>).spawnError;
  spawned.get(id)?.stopped(message);
  return true;
}

/**
 * On the page: starts the workers `parent` asks for, of the kinds in `factories`, and ends them
 * when it says. Returns the filter for parent's onmessage (true: a spawn message, handled) and a
 * function ending every worker still running (for when parent is ended).
 */
export function serveSpawns(parent: Worker, factories: Record<string, () => Worker>): { handles(data: unknown): boolean; endAll(): void } {
  const children = new Map<number, Worker>();
  const handles = (data: unknown): boolean => {
    if (!isObject(data)) return false;
    if ('spawnEnd' in data) {
      children.get(data.spawnEnd as number)?.terminate();
      children.delete(data.spawnEnd as number);
      return true;
    }
    if (!('spawn' in data)) return false;
    const { id, kind, port } = (data as Extract<SpawnMessage, { spawn: unknown }>).spawn;
    const fail = (message: string) => parent.postMessage({ spawnError: { id, message } } satisfies SpawnMessage);
    const make = factories[kind];
    if (!make) return fail(`no worker of kind ${kind}`), true;
    let child: Worker;
    try {
      child = make();
    } catch (error) {
      return fail(`a ${kind} worker could not be started (${(error as Error).message})`), true;
    }
    children.set(id, child);
    child.onerror = (e) => {
      e.preventDefault();
      fail(e.message || `a ${kind} worker stopped`);
    };
    child.postMessage({ parentPort: port } satisfies ParentPort, [port]);
    return true;
  };
  const endAll = () => {
    for (const child of children.values()) child.terminate();
    children.clear();
  };
  return { handles, endAll };
}

/**
 * In a spawned worker: `onMessage` gets its parent's messages from the port the page hands it
 * first (its parent's messages sent before wait in the port); the returned function answers there.
 */
export function listenToParent(onMessage: (e: MessageEvent) => void): (message: unknown, transfer?: Transferable[]) => void {
  let port: MessagePort | null = null;
  self.onmessage = (e: MessageEvent) => {
    if (!isObject(e.data) || !('parentPort' in e.data)) return;
    port = (e.data as ParentPort).parentPort;
    port.onmessage = onMessage;
  };
  return (message, transfer = []) => {
    if (!port) throw new Error('answered before the parent was joined');
    port.postMessage(message, transfer);
  };
}

const isObject = (data: unknown): data is Record<string, unknown> => typeof data === 'object' && data !== null;
