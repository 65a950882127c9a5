// JS heap of a page's dedicated workers, nested ones included, over the DevTools protocol: an
// export runs in a worker that starts two of its own, so the page's heap alone says nothing.
// Workers are reached by auto-attaching (non-flattened sessions: Playwright's CDP session has no
// child sessions); each attached worker is asked to auto-attach to its own workers in turn.

/** Starts watching `page`'s workers; `sample()` resolves with the summed heap of those alive, in bytes. */
export async function watchWorkerHeaps(context, page) {
  const cdp = await context.newCDPSession(page);
  let nextId = 1;
  const waiting = new Map();
  /** Workers by session id, with the chain of parent sessions that reaches them. */
  const workers = new Map();
  const wrap = (path, message) => path.reduceRight((inner, sessionId) => ({ id: nextId++, method: 'Target.sendMessageToTarget', params: { sessionId, message: JSON.stringify(inner) } }), message);
  const send = (path, message) => {
    const outer = wrap(path.slice(1), message);
    return cdp.send('Target.sendMessageToTarget', { sessionId: path[0], message: JSON.stringify(outer) }).catch(() => undefined);
  };
  const onMessage = (path, raw) => {
    const m = JSON.parse(raw);
    if (m.method === 'Target.receivedMessageFromTarget') return onMessage([...path, m.params.sessionId], m.params.message);
    if (m.method === 'Target.attachedToTarget') return attached([...path, m.params.sessionId], m.params.targetInfo.url);
    if (m.method === 'Target.detachedFromTarget') return workers.delete([...path, m.params.sessionId].join('/'));
    if (m.id !== undefined && waiting.has(m.id)) {
      waiting.get(m.id)(m.result);
      waiting.delete(m.id);
    }
  };
  const attached = (path, url) => {
    workers.set(path.join('/'), { path, name: url.split('/').pop().replace(/-[\w]+\.js$/, '') });
    void send(path, { id: nextId++, method: 'Target.setAutoAttach', params: { autoAttach: true, waitForDebuggerOnStart: false, flatten: false } });
  };
  cdp.on('Target.attachedToTarget', (e) => e.targetInfo.type === 'worker' && attached([e.sessionId], e.targetInfo.url));
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => onMessage([e.sessionId], e.message));
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const ask = (path, method) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void send(path, { id, method });
      setTimeout(() => resolve(undefined), 1000); // a worker that ended meanwhile
    });
  const heapOf = async (path, gc) => {
    if (gc) await ask(path, 'HeapProfiler.collectGarbage');
    return (await ask(path, 'Runtime.getHeapUsage'))?.usedSize ?? 0;
  };
  return {
    /** Summed heap in bytes, how many workers, and each worker's heap by its script's name. */
    async sample({ gc = false } = {}) {
      const list = [...workers.values()];
      const sizes = await Promise.all(list.map((w) => heapOf(w.path, gc)));
      return { bytes: sizes.reduce((a, b) => a + b, 0), workers: sizes.length, each: list.map((w, i) => [w.name, sizes[i]]) };
    },
    detach: () => cdp.detach().catch(() => undefined),
  };
}
