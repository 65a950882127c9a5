// Event recording through the real extension: the background's LogService and Recorder writing to
// IndexedDB in Chromium, measured inside the service worker.
export async function recording(context, serviceWorker) {
  return serviceWorker.evaluate(async () => {
    const log = await globalThis.__axtrace.ready;
    const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const fakeUlid = () => '01J' + Array.from({ length: 23 }, () => CROCKFORD[(Math.random() * 32) | 0]).join('');
    const scope = { site: 'bench.local', adapter: 'generic', workflow: 'reply', taskId: fakeUlid(), recordId: '1', suggestionId: null };
    const make = () => log.factory.make('panel.opened', { trigger: 'click' }, scope);
    const pct = (values, p) => {
      const s = [...values].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
    };

    // (a) Burst: 20,000 events from 200 concurrent producers (several tabs and pages at once).
    const burstLatencies = [];
    const total = 20000;
    let issued = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        while (issued < total) {
          issued++;
          const start = performance.now();
          await log.record(make());
          burstLatencies.push(performance.now() - start);
        }
      }),
    );
    const burstSeconds = (performance.now() - t0) / 1000;

    // (b) Steady load: 1,000 events/s for 5 s, one every millisecond on average.
    const steadyLatencies = [];
    const pending = [];
    const steadyStart = performance.now();
    for (let i = 0; i < 5000; i++) {
      const due = steadyStart + i;
      const wait = due - performance.now();
      if (wait > 4) await new Promise((r) => setTimeout(r, wait));
      const start = performance.now();
      pending.push(log.record(make()).then(() => steadyLatencies.push(performance.now() - start)));
    }
    await Promise.all(pending);

    const verified = await log.verify();
    return {
      burst: { events: total, seconds: burstSeconds, eventsPerSecond: total / burstSeconds, p50Ms: pct(burstLatencies, 50), p99Ms: pct(burstLatencies, 99) },
      steady: { events: 5000, ratePerSecond: 1000, p50Ms: pct(steadyLatencies, 50), p99Ms: pct(steadyLatencies, 99) },
      chain: verified,
    };
  });
}
