import Dexie from 'dexie';
import type { AxTraceDb } from '../log/db';
import { CHAIN_BASE_KEY, readChainHead, readChainHeads } from '../log/db';
import { NO_SCOPE } from './event-factory';
import type { Recorder, RecordResult } from '../log/recorder';
import type { AxEvent, CaptureLevel, EventOf, UnchainedEvent } from '../log/schema';
import { ChainVerifier, describeChainProblem, type ChainHead, type ChainProblem } from '../log/chain';
import { classifyOutcome } from '../log/outcome';
import { normalizeText, textHash } from '../log/text';
import type { ClientEvent, SubmitRequest, TodayStats } from '../messaging/protocol';
import { compileCustomPatterns, redact } from '../privacy/redact';
import type { EventFactory, EventScope } from './event-factory';
import { allChainBatches, chainBatches, taskEvents } from '../log/event-store';
import { sealOldEvents } from '../log/sealer';
import { cutPage, inMemory, pageEvents, pageKey, type ReadBody } from '../log/pages';
import { importedBodiesToCut, purgeImportedBefore } from '../stats/imported-retention';
import { underImportLock } from '../stats/import-lock';

export class RequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

export type VerifyResult =
  | { ok: true; installs: number; events: number }
  | { ok: false; events: number; problem: ChainProblem; message: string };

/** Everything the background does with the log: record, classify submits, list, verify. */
export class LogService {
  constructor(
    readonly db: AxTraceDb,
    readonly recorder: Recorder,
    readonly factory: EventFactory,
  ) {}

  record(event: UnchainedEvent): Promise<RecordResult> {
    return this.recorder.append(event);
  }

  /** Text as the capture level allows it to be stored (DESIGN.md, capture levels). */
  captured(text: string, level: CaptureLevel = this.factory.currentConfig.captureLevel): string | undefined {
    if (level === 'metadata') return undefined;
    if (level === 'full') return text;
    return redact(text, compileCustomPatterns(this.factory.currentConfig.redactionPatterns)).text;
  }

  async recordClientEvents(events: ClientEvent[], site: string): Promise<RecordResult[]> {
    for (const e of events) await this.checkSuggestionReference(e);
    const built = events.map((e) => {
      const { id, ts, tzOffsetMin, taskId, workflow, adapter, recordId, suggestionId, type, ...payload } = e;
      const scope: EventScope = { site, adapter, workflow, taskId, recordId, suggestionId };
      return this.factory.make(type, payload as never, scope, { id, ts, tzOffsetMin });
    });
    return this.recorder.appendMany(built);
  }

  /** A decision must name a suggestion this background showed, in the same task. */
  private async checkSuggestionReference(e: ClientEvent): Promise<void> {
    if (!e.type.startsWith('suggestion.')) return;
    if (!e.suggestionId) throw new RequestError(`${e.type} needs a suggestionId`);
    await this.recorder.flush();
    const shown = e.taskId ? (await taskEvents(this.db, e.taskId)).find((r) => r.type === 'suggestion.shown' && r.suggestionId === e.suggestionId) : undefined;
    if (!shown) throw new RequestError(`${e.type} refers to a suggestion that was not shown in this task`);
  }

  async submit(req: SubmitRequest, site: string): Promise<EventOf<'task.submitted'>> {
    await this.recorder.flush();
    const events = await taskEvents(this.db, req.taskId);
    const aiOffered = events.some((e) => e.type === 'panel.opened' || e.type === 'suggestion.shown');
    const inserted: string[] = [];
    for (const ins of req.inserted) {
      const shown = events.find((e): e is EventOf<'suggestion.shown'> => e.type === 'suggestion.shown' && e.suggestionId === ins.suggestionId);
      // The text must be the one this background produced; anything else is not trusted.
      if (!shown || shown.outputHash !== textHash(ins.text)) throw new RequestError('an inserted suggestion does not match what was shown');
      inserted.push(ins.text);
    }
    const thresholds = this.factory.currentConfig.thresholds;
    const result = classifyOutcome({ inserted, finalText: req.finalText, aiOffered, thresholds });
    const scope: EventScope = { site, adapter: req.adapter, workflow: req.workflow, taskId: req.taskId, recordId: req.recordId, suggestionId: null };
    const text = this.captured(req.finalText);
    const event = this.factory.make(
      'task.submitted',
      {
        trigger: req.trigger,
        finalChars: normalizeText(req.finalText).length,
        finalHash: textHash(req.finalText),
        ...result,
        thresholds,
        insertedSuggestionIds: [...new Set(req.inserted.map((i) => i.suggestionId))],
        durationMs: Math.max(0, req.ts - req.openedAt),
        ...(text !== undefined ? { text } : {}),
      },
      scope,
      { id: req.id, ts: req.ts, tzOffsetMin: req.tzOffsetMin },
    );
    await this.recorder.append(event);
    return event as EventOf<'task.submitted'>;
  }

  async list(filter: { taskId?: string; types?: string[]; limit: number }): Promise<AxEvent[]> {
    await this.recorder.flush();
    const wanted = (e: AxEvent) => !filter.types || filter.types.includes(e.type);
    if (filter.taskId) return (await taskEvents(this.db, filter.taskId)).filter(wanted).slice(0, filter.limit).sort(byTime);
    const out: AxEvent[] = [];
    for await (const batch of allChainBatches(this.db)) {
      for (const e of batch.events) if (wanted(e) && out.length < filter.limit) out.push(e);
      if (out.length >= filter.limit) break;
    }
    return out.sort(byTime);
  }

  /**
   * Logs an export with this install's chain head at that moment: the head the pilot manager
   * holds is what makes a later rewrite of the log detectable.
   */
  async recordExport(format: string, count: number, manifestHash: string): Promise<{ headSeq: number; headHash: string }> {
    await this.recorder.flush();
    const head = await readChainHead(this.db, this.factory.installId);
    const at = { headSeq: Math.max(0, head?.seq ?? 0), headHash: head?.hash ?? '0'.repeat(64) };
    await this.record(this.factory.make('export.created', { format, count, manifestHash, ...at }, NO_SCOPE));
    return at;
  }

  /**
   * Retention: removes this install's events older than `days`, oldest first in chain order, and
   * their rollups, in one transaction; the chain then starts from the last removed event, and the
   * purge is logged as a chain.checkpoint naming that point. Imported team data older than that
   * goes in the same transaction (lib/stats/imported-retention.ts). Returns this install's events
   * purged.
   */
  async purgeOlderThan(days: number, now = Date.now()): Promise<number> {
    if (days <= 0) return 0;
    await this.recorder.flush();
    const installId = this.factory.installId;
    const cutoff = now - days * 86_400_000;
    const cutoffDay = new Date(cutoff).toISOString().slice(0, 10);
    // Not between a team import's batches: its folder holds task blocks that this would purge under it.
    const purged = await underImportLock(async () => {
      // Imported pages the cutoff falls in are read first: a Blob body cannot be read inside the transaction.
      const toCut = await importedBodiesToCut(this.db, cutoff);
      return this.db.transaction('rw', [this.db.eventPages, this.db.importedPages, this.db.pageLines, this.db.meta, this.db.tasks, this.db.taskBlocks, this.db.taskDirectory, this.db.cellBlocks], async () => await this.purgeInTransaction(installId, cutoff, cutoffDay, toCut));
    });
    if (!purged) return 0;
    await this.record(this.factory.make('chain.checkpoint', { headSeq: purged.last.seq, headHash: purged.last.hash }, NO_SCOPE));
    return purged.count;
  }

  /** The purge's transaction (purgeOlderThan): imported data and rollups of those days, then this install's events. */
  private async purgeInTransaction(installId: string, cutoff: number, cutoffDay: string, toCut: ReadonlyMap<string, ReadBody>): Promise<{ count: number; last: AxEvent } | null> {
    // Imported team data and every rollup of those days go whether or not this install has old events.
    await purgeImportedBefore(this.db, cutoff, cutoffDay, toCut);
    await this.db.tasks.where('day').below(cutoffDay).delete();
    await this.db.cellBlocks.where('day').below(cutoffDay).delete();
    const { count, last } = await this.purgePages(installId, cutoff);
    if (!last) return null;
    await this.db.meta.put({ key: `${CHAIN_BASE_KEY}:${installId}`, value: { seq: last.seq, hash: last.hash } satisfies ChainHead });
    return { count, last };
  }

  /**
   * The purge's part in the pages, oldest first: whole pages before the cutoff go; the page the
   * cutoff falls in keeps the events from the first one at or after it (rewritten under its new
   * first seq, still live if it was).
   */
  private async purgePages(installId: string, cutoff: number): Promise<{ count: number; last?: AxEvent }> {
    let count = 0;
    let last: AxEvent | undefined;
    // Read a page at a time: a purge usually stops within the first few pages.
    for (let after: unknown = Dexie.minKey; ; ) {
      const head = await this.db.eventPages.where('[installId+fromSeq]').between([installId, after], [installId, Dexie.maxKey], false, true).first();
      if (!head) return { count, last };
      after = head.fromSeq;
      const body = await this.db.pageLines.get(head.key);
      const { purged, rest } = body ? cutPage(inMemory(body), cutoff, (seq) => pageKey(installId, seq)) : { purged: [], rest: null };
      if (!purged.length) return { count, last };
      count += purged.length;
      last = purged.at(-1);
      await this.db.eventPages.delete(head.key);
      await this.db.pageLines.delete(head.key);
      if (rest) {
        await this.db.eventPages.add(head.ids ? { ...rest.head, ids: head.ids.slice(purged.length) } : rest.head);
        await this.db.pageLines.add(rest.body);
        return { count, last };
      }
    }
  }

  /** Seals live pages past the sealing horizon into full pages (lib/log/sealer.ts). */
  async seal(now = Date.now(), pageSize?: number): Promise<number> {
    await this.recorder.flush();
    return sealOldEvents(this.db, { now, pageSize });
  }

  /** Recomputes every install's chain in the local log and names the first event that fails. */
  async verify(): Promise<VerifyResult> {
    await this.recorder.flush();
    const installs = Object.keys(await readChainHeads(this.db));
    let events = 0;
    for (const installId of installs) {
      // After a retention purge the chain starts from the last purged event's seq and hash.
      const base = (await this.db.meta.get(`${CHAIN_BASE_KEY}:${installId}`))?.value as ChainHead | undefined;
      const verifier = new ChainVerifier(base);
      let problem: ChainProblem | null = null;
      for await (const batch of chainBatches(this.db, [{ installId, first: 0, last: Number.MAX_SAFE_INTEGER }])) {
        for (const e of batch.events) if ((problem = verifier.push(e))) break;
        if (problem) break;
      }
      events += verifier.count;
      const found = problem as ChainProblem | null;
      if (found) return { ok: false, events, problem: found, message: describeChainProblem(found) };
    }
    return { ok: true, installs: installs.length, events };
  }

  async today(now = Date.now()): Promise<TodayStats> {
    const start = new Date(now);
    start.setHours(0, 0, 0, 0);
    // Today's events are all in live pages (only events two days old are sealed), found by their last time.
    const heads = await this.db.eventPages.where('toTs').aboveOrEqual(start.getTime()).toArray();
    const bodies = await this.db.pageLines.bulkGet(heads.map((h) => h.key));
    const rows = bodies.flatMap((body) => (body ? pageEvents(inMemory(body)).filter((e) => e.ts >= start.getTime()) : []));
    const stats: TodayStats = { shown: 0, inserted: 0, dismissed: 0, submitted: 0, outcomes: {} };
    for (const e of rows) {
      if (e.type === 'suggestion.shown') stats.shown++;
      else if (e.type === 'suggestion.inserted') stats.inserted++;
      else if (e.type === 'suggestion.dismissed') stats.dismissed++;
      else if (e.type === 'task.submitted') {
        stats.submitted++;
        stats.outcomes[e.outcome] = (stats.outcomes[e.outcome] ?? 0) + 1;
      }
    }
    return stats;
  }
}

const byTime = (a: AxEvent, b: AxEvent) => a.ts - b.ts || a.seq - b.seq;
