// Memory of the browser's processes as its own allocators count it (Chromium's memory-infra dumps:
// V8 heaps, PartitionAlloc, malloc, Oilpan), sampled over the DevTools protocol. Resident size
// also counts pages an allocator has freed but the kernel not yet taken back, and shared code;
// this is what the browser holds, and how it changes over a long run.

const ALLOCATORS = ['v8', 'partition_alloc', 'malloc', 'blink_gc'];

/** Starts tracing memory dumps through `page`; `dump()` takes one, `stop()` resolves with each dump's MB (all processes). */
export async function watchFootprint(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'], memoryDumpConfig: { triggers: [] } },
    transferMode: 'ReportEvents',
  });
  let taken = 0;
  return {
    async dump() {
      const r = await cdp.send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'background' }).catch(() => ({ success: false }));
      if (r.success) taken++;
    },
    async stop() {
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach().catch(() => {});
      // A dump is one event per process, all with the dump's id; ids count up in the order taken.
      const ids = [...new Set(events.filter((e) => e.ph === 'v').map((e) => e.id))].sort((a, b) => parseInt(a, 16) - parseInt(b, 16)).slice(0, taken);
      return ids.map((id) => Math.round(events.filter((e) => e.ph === 'v' && e.id === id).reduce((sum, e) => sum + allocatorsMb(e.args?.dumps?.allocators ?? {}), 0)));
    },
  };
}

function allocatorsMb(allocators) {
  let mb = 0;
  for (const name of ALLOCATORS) {
    const size = allocators[name]?.attrs?.size;
    if (size) mb += parseInt(size.value, 16) / 2 ** 20;
  }
  return mb;
}
