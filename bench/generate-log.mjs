// The realistic generated log shared by the benchmarks and browser tests that need a big log.
/**
 * Runs in the service worker (pass it to serviceWorker.evaluate): replaces the log with a 90-day
 * log of 40 people on 4 sites and 3 workflows, about 6 events per task, written with their task
 * rollups and daily cells as the recorder would leave them, and stored as the sealer leaves a log:
 * events older than the sealing horizon in full sealed pages (built by the sealer's own
 * buildPage), the rest in live pages as the recorder writes them. Tasks start in time order, so
 * seq order is time order as in a recorded log. Events get consecutive seq numbers but placeholder hashes: the chain itself is not
 * what the benchmarks measure.
 */
export async function generateLog(total) {
  const t0 = performance.now();
  const { ready, foldEvents, cellsOf, blocksOf, sealed } = globalThis.__axtrace;
  const { db } = await ready;
  await Promise.all([db.tasks, db.imported, db.importedPages, db.cellBlocks, db.eventPages, db.pageLines].filter(Boolean).map((t) => t.clear()));
  const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let counter = 0;
  let seq = 0;
  const id = (ts) => {
    let t = ts, time = '';
    for (let i = 0; i < 10; i++) { time = CROCKFORD[t % 32] + time; t = Math.floor(t / 32); }
    let n = counter++, rand = '';
    for (let i = 0; i < 16; i++) { rand = CROCKFORD[n % 32] + rand; n = Math.floor(n / 32); }
    return time + rand;
  };
  const hex = '0'.repeat(64);
  const people = Array.from({ length: 40 }, (_, i) => `person-${i}`);
  const sites = ['northwind.zendesk.com', 'northwind.freshdesk.com', 'jira.northwind.example', 'app.hubspot.com'];
  const workflows = ['ticket-reply', 'internal-note', 'crm-email'];
  const reasons = ['too_long', 'tone', 'wrong', 'incomplete', 'not_needed'];
  const now = Date.now();
  const facts = new Map();
  let written = 0;
  let tasks = 0;
  let batch = [];
  let unsealed = [];
  const horizon = now - sealed.SEAL_HORIZON_MS;
  let liveStarted = false; // the sealer seals the oldest live pages first: no sealed page after the first live one
  const flush = async (last) => {
    foldEvents(batch, facts);
    const touched = [...new Set(batch.map((e) => e.taskId))].map((t) => facts.get(t));
    unsealed.push(...batch);
    batch = [];
    const pages = [];
    while (!liveStarted && unsealed.length >= sealed.PAGE_SIZE && unsealed.slice(0, sealed.PAGE_SIZE).every((e) => e.ts < horizon)) {
      const events = unsealed.splice(0, sealed.PAGE_SIZE);
      const lines = events.map(sealed.canonicalEventJson);
      pages.push(sealed.buildPage(sealed.pageKey(events[0].installId, events[0].seq), events, lines, sealed.leafHashesOf(lines)));
    }
    const live = last || unsealed.length > 4 * sealed.PAGE_SIZE ? unsealed.splice(0) : [];
    if (live.length) liveStarted = true;
    // Live pages as the recorder writes them in a busy hour: a hundred events each.
    for (let i = 0; i < live.length; i += 100) {
      const events = live.slice(i, i + 100);
      pages.push(sealed.buildLivePage(events, events.map(sealed.canonicalEventJson)));
    }
    await db.transaction('rw', db.tasks, db.eventPages, db.pageLines, async () => {
      await db.eventPages.bulkAdd(pages.map((p) => p.head));
      await db.pageLines.bulkAdd(pages.map((p) => p.body));
      await db.tasks.bulkPut(touched);
    });
  };
  const approxTasks = Math.ceil(total / 5.4);
  while (written < total) {
    // Tasks open in time order over the 90 days (a little jitter), ending now.
    const start = now - 90 * 86_400_000 + Math.floor(((tasks + Math.random()) / approxTasks) * 90 * 86_400_000) - 300_000;
    const actor = people[tasks % people.length];
    const site = sites[tasks % sites.length];
    const workflow = workflows[tasks % workflows.length];
    const taskId = id(start);
    const base = { schemaVersion: 1, extVersion: 'bench', tzOffsetMin: 0, prevHash: hex, hash: hex, installId: '01BENCH0000000000000000000', actor, actorRole: 'agent', decisionOwner: 'Lead', teamId: 'team', pilotId: 'pilot', configHash: hex, site, adapter: 'generic', workflow, taskId, recordRef: hex, suggestionId: null };
    const ev = (dt, type, extra, sid = null) => batch.push({ ...base, id: id(start + dt), seq: seq++, ts: start + dt, type, suggestionId: sid, ...extra });
    const r = Math.random();
    ev(0, 'task.opened', { holdout: false, contextFields: ['subject'] });
    if (r < 0.25) {
      ev(120_000, 'task.submitted', { trigger: 'button', finalChars: 300, finalHash: hex, retention: null, wordRetention: null, similarity: null, aiShare: 0, outcome: 'unassisted', thresholds: { accepted: 0.9, edited: 0.3 }, insertedSuggestionIds: [], durationMs: 120_000 });
    } else {
      const sid = id(start + 3000);
      const provider = { provider: 'openai-compatible', model: r < 0.6 ? 'gpt-a' : 'gpt-b', promptId: workflow, promptVersion: r < 0.5 ? '1' : '2' };
      ev(1000, 'panel.opened', { trigger: 'click' });
      ev(2000, 'suggestion.requested', { ...provider, attempt: 0 }, sid);
      ev(3000, 'suggestion.shown', { ...provider, promptHash: null, contextFields: ['subject'], latencyMs: 800 + Math.floor(Math.random() * 900), firstTokenMs: 300, outputChars: 400, outputHash: hex, maskedCount: 1 }, sid);
      if (r < 0.75) {
        ev(15_000, 'suggestion.inserted', { mode: 'insert', chars: 400, decisionMs: 12_000 }, sid);
        const retention = r < 0.55 ? 1 : 0.6;
        ev(60_000, 'task.submitted', { trigger: 'button', finalChars: 420, finalHash: hex, retention, wordRetention: retention, similarity: retention, aiShare: retention * 0.95, outcome: retention >= 0.9 ? 'accepted' : 'edited', thresholds: { accepted: 0.9, edited: 0.3 }, insertedSuggestionIds: [sid], durationMs: 60_000 });
      } else {
        ev(9000, 'suggestion.dismissed', { reason: reasons[tasks % reasons.length], decisionMs: 6000 }, sid);
        ev(200_000, 'task.submitted', { trigger: 'button', finalChars: 300, finalHash: hex, retention: null, wordRetention: null, similarity: null, aiShare: 0, outcome: 'fallback', thresholds: { accepted: 0.9, edited: 0.3 }, insertedSuggestionIds: [], durationMs: 200_000 });
      }
      ev(200_500, 'panel.closed', { openMs: 199_000 });
    }
    tasks++;
    written = seq;
    if (batch.length >= 20_000) await flush(false);
  }
  await flush(true);
  const cells = [...cellsOf(facts.values()).values()];
  await db.cellBlocks.bulkPut(blocksOf(cells));
  return { tasks, cells: cells.length, ms: Math.round(performance.now() - t0) };
}
