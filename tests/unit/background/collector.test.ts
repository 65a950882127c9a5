import { afterEach, expect, it } from 'vitest';
import http from 'node:http';
import { ulid } from 'ulid';
import { Collector } from '../../../lib/background/collector';
import { makeLog, scope } from '../helpers';

type Mode = 'fail' | 'stall' | 'ok';
const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.closeAllConnections?.() ?? s.close()));

/** A loopback OTLP/HTTP receiver whose behaviour the test switches: failing, stalling, then healthy. */
async function receiver() {
  const state = { mode: 'fail' as Mode, requests: 0, received: [] as string[] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      state.requests++;
      if (state.mode === 'fail') return void res.writeHead(503).end();
      if (state.mode === 'stall') return; // never answers
      const doc = JSON.parse(body);
      for (const r of doc.resourceLogs[0].scopeLogs[0].logRecords) {
        if (!r.eventName.startsWith('axtrace.')) continue;
        state.received.push(r.attributes.find((a: { key: string }) => a.key === 'axtrace.event.id').value.stringValue);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/logs` };
}

// It waits out a real 1 s request timeout, and up to 10 s for the retry on a loaded machine: more than vitest's default 5 s.
it('pushes every event exactly once through failures, a stall and a restart', { timeout: 20_000 }, async () => {
  const { log, factory, db, installId } = makeLog();
  const rx = await receiver();
  const config = () => ({ endpoint: rx.url, headers: {}, batchSize: 7 });
  const ids: string[] = [];
  const record = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const e = factory.make('panel.opened', { trigger: 'click' }, scope({ taskId: ulid() }));
      ids.push(e.id);
      await log.record(e);
    }
  };
  await record(10);
  const collector = new Collector(db, installId, config, { timeoutMs: 1000, backoffMs: 20 });

  await collector.kick(); // 503: nothing acknowledged, a retry is scheduled
  expect(rx.state.received).toEqual([]);
  expect(collector.status.lastError).toBe('the collector answered 503');

  rx.state.mode = 'stall';
  // The retry times out against the stalled receiver (waited for, not guessed: CI machines are slow).
  await until(() => rx.state.requests >= 2 && /abort|time/i.test(collector.status.lastError ?? ''));
  collector.stop();
  expect(rx.state.received).toEqual([]);
  expect(rx.state.requests).toBeGreaterThanOrEqual(2);

  // The browser restarts: a new collector resumes from the stored cursor; more events arrive.
  rx.state.mode = 'ok';
  await record(5);
  const restarted = new Collector(db, installId, config, { timeoutMs: 1000, backoffMs: 20 });
  await restarted.kick();
  expect(rx.state.received).toEqual(ids);
  await record(3);
  await restarted.kick();
  expect(rx.state.received).toEqual(ids); // the new ones, and nothing twice
  expect(new Set(rx.state.received).size).toBe(rx.state.received.length);
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
