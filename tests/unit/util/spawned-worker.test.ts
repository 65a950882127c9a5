import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenToParent, serveSpawns, SpawnedWorker, spawnNews } from '../../../lib/util/spawned-worker';

// The three sides of a worker started by the page for a worker: the worker asking (SpawnedWorker),
// the page starting it (serveSpawns) and the started worker (listenToParent). Each is driven here
// with the others' messages; the real workers run in the browser tests (dashboard import, export).

const nextMessage = (port: MessagePort) => new Promise<unknown>((resolve) => (port.onmessage = (e) => resolve(e.data)));
const ports: MessagePort[] = [];
const channel = () => {
  const c = new MessageChannel();
  ports.push(c.port1, c.port2);
  return c;
};

afterEach(() => {
  vi.unstubAllGlobals();
  ports.splice(0).forEach((p) => p.close());
});

describe('SpawnedWorker: the worker asking its page', () => {
  it('asks for a worker of its kind with a port, talks over it, hears of its error and ends it', async () => {
    const posted: { message: any; transfer?: Transferable[] }[] = [];
    vi.stubGlobal('self', { postMessage: (message: unknown, transfer?: Transferable[]) => posted.push({ message, transfer }) });
    const worker = new SpawnedWorker('validator');
    const { id, kind, port } = posted[0].message.spawn;
    ports.push(port);
    expect(kind).toBe('validator');
    expect(posted[0].transfer).toEqual([port]);

    const heard = new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
    port.postMessage({ answer: 42 });
    expect(await heard).toEqual({ answer: 42 });
    const asked = nextMessage(port);
    worker.postMessage({ question: 'six by nine' });
    expect(await asked).toEqual({ question: 'six by nine' });

    const errors: string[] = [];
    worker.onerror = (e) => errors.push(e.message);
    expect(spawnNews({ spawnError: { id, message: 'could not be loaded' } })).toBe(true);
    expect(errors).toEqual(['could not be loaded']);
    expect(spawnNews({ id: 3, ok: true })).toBe(false);

    worker.terminate();
    worker.terminate();
    expect(posted.slice(1).map((p) => p.message)).toEqual([{ spawnEnd: id }]);
    // Ended: news of it goes nowhere.
    expect(spawnNews({ spawnError: { id, message: 'late' } })).toBe(true);
    expect(errors).toEqual(['could not be loaded']);
  });
});

describe('serveSpawns: the page', () => {
  function fakes() {
    const toParent: unknown[] = [];
    const parent = { postMessage: (m: unknown) => toParent.push(m) } as unknown as Worker;
    const children: { received: unknown[]; terminated: boolean; onerror: ((e: unknown) => void) | null }[] = [];
    const make = () => {
      const child = { received: [] as unknown[], terminated: false, onerror: null, postMessage: (m: unknown) => child.received.push(m), terminate: () => (child.terminated = true) };
      children.push(child);
      return child as unknown as Worker;
    };
    return { toParent, parent, children, make };
  }

  it('starts the kind asked for, hands it the port, forwards its error and ends it when told', () => {
    const { toParent, parent, children, make } = fakes();
    const spawns = serveSpawns(parent, { validator: make });
    const { port2 } = channel();
    expect(spawns.handles({ spawn: { id: 7, kind: 'validator', port: port2 } })).toBe(true);
    expect(children[0].received).toEqual([{ parentPort: port2 }]);

    let prevented = false;
    children[0].onerror!({ message: 'crashed', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(toParent).toEqual([{ spawnError: { id: 7, message: 'crashed' } }]);

    expect(spawns.handles({ spawnEnd: 7 })).toBe(true);
    expect(children[0].terminated).toBe(true);
    // The parent's own messages are not the page's to handle.
    expect(spawns.handles({ id: 1, ok: true, result: {} })).toBe(false);
    expect(spawns.handles(null)).toBe(false);
  });

  it('says when it knows no such kind, and ends every worker still running with its parent', () => {
    const { toParent, parent, children, make } = fakes();
    const spawns = serveSpawns(parent, { validator: make });
    expect(spawns.handles({ spawn: { id: 1, kind: 'miner', port: channel().port2 } })).toBe(true);
    expect(toParent).toEqual([{ spawnError: { id: 1, message: 'no worker of kind miner' } }]);
    spawns.handles({ spawn: { id: 2, kind: 'validator', port: channel().port2 } });
    spawns.handles({ spawn: { id: 3, kind: 'validator', port: channel().port2 } });
    spawns.endAll();
    expect(children.map((c) => c.terminated)).toEqual([true, true]);
  });

  it('says so when the worker cannot be started', () => {
    const { toParent, parent } = fakes();
    const spawns = serveSpawns(parent, {
      validator: () => {
        throw new Error('refused by the content security policy');
      },
    });
    expect(spawns.handles({ spawn: { id: 4, kind: 'validator', port: channel().port2 } })).toBe(true);
    expect(toParent).toEqual([{ spawnError: { id: 4, message: 'a validator worker could not be started (refused by the content security policy)' } }]);
  });
});

describe('listenToParent: the started worker', () => {
  it('hears its parent on the port the page hands it, and answers there', async () => {
    const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage: (m: unknown) => void } = { onmessage: null, postMessage: vi.fn() };
    vi.stubGlobal('self', scope);
    const heard: unknown[] = [];
    let answer: ((m: unknown) => void) | null = null;
    const got = new Promise<void>((resolve) => {
      answer = listenToParent((e) => {
        heard.push(e.data);
        resolve();
      });
    });
    const { port1, port2 } = channel();
    scope.onmessage!({ data: { parentPort: port2 } });
    port1.postMessage({ chunk: 1 });
    await got;
    expect(heard).toEqual([{ chunk: 1 }]);
    const replied = nextMessage(port1);
    answer!({ result: 1 });
    expect(await replied).toEqual({ result: 1 });
    expect(scope.postMessage).not.toHaveBeenCalled();
  });

  it('takes nothing but the port from its own scope, and cannot answer before it has one', () => {
    const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage: ReturnType<typeof vi.fn> } = { onmessage: null, postMessage: vi.fn() };
    vi.stubGlobal('self', scope);
    const heard: unknown[] = [];
    const answer = listenToParent((e) => heard.push(e.data));
    scope.onmessage!({ data: { chunk: 2 } });
    expect(heard).toEqual([]);
    expect(() => answer({ result: 2 })).toThrow('answered before the parent was joined');
    expect(scope.postMessage).not.toHaveBeenCalled();
  });
});
