import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { openDb } from '@/lib/log/db';
import { Recorder } from '@/lib/log/recorder';
import { loadConfig, loadInstallIdentity, changedKeys, saveConfig, SOURCE_KEY, type ConfigSource } from '@/lib/config/store';
import { loadManaged, onManagedChange } from '@/lib/config/managed';
import { PilotConfig } from '@/lib/config/schema';
import { EventFactory, NO_SCOPE } from '@/lib/background/event-factory';
import { LogService, RequestError } from '@/lib/background/log-service';
import { serveSuggestion } from '@/lib/background/suggest-service';
import { classifySender } from '@/lib/background/sender';
import { saveTaughtAdapter } from '@/lib/background/custom-adapter-service';
import { ContentMessage, PageMessage, SUGGEST_PORT } from '@/lib/messaging/protocol';
import { PlaybookProvider } from '@/lib/ai/playbook';
import type { SuggestionProvider } from '@/lib/ai/types';
import { loadPlaybook, PLAYBOOK_KEY } from '@/lib/ai/playbook-store';
import { loadPromptLibrary } from '@/lib/ai/prompt-store';
import { loadApiKey, saveApiKey } from '@/lib/ai/secrets';
import { providerFor } from '@/lib/background/provider-factory';
import { testConnection } from '@/lib/background/connection-test';
import { foldEvents } from '@/lib/stats/task-facts';
import { Collector } from '@/lib/background/collector';
import { cellsOf } from '@/lib/stats/cells';
import { blocksOf } from '@/lib/stats/cell-blocks';
import { buildLivePage, buildPage, pageKey, PAGE_SIZE } from '@/lib/log/pages';
import { SEAL_HORIZON_MS } from '@/lib/log/sealer';
import { canonicalEventJson } from '@/lib/export/canonical-event';
import { leafHashesOf } from '@/lib/export/merkle';
import { loadWasmSha256 } from '@/lib/util/hash';

export default defineBackground({
  type: 'module',
  main() {
    const ready = start();
    const playbook = playbookProvider();
    // Read per request: the options page may have changed the provider, key or prompts since.
    const provider = async (fallback: boolean) => {
      // Straight from storage: a test right after "Save provider" must see the new provider.
      const [config, apiKey, prompts] = await Promise.all([loadConfig(), loadApiKey(), loadPromptLibrary()]);
      return providerFor({ config, apiKey, prompts, playbook }, fallback);
    };
    // A handle for the benchmark and for debugging from the service worker's own console. Only
    // extension contexts can reach a service worker's global scope; pages cannot.
    (globalThis as { __axtrace?: unknown }).__axtrace = { ready, foldEvents, cellsOf, blocksOf, sealed: { buildPage, buildLivePage, pageKey, PAGE_SIZE, SEAL_HORIZON_MS, canonicalEventJson, leafHashesOf } };

    browser.runtime.onMessage.addListener((raw, sender) => {
      const from = classifySender(sender);
      if (from.kind === 'refused') return Promise.resolve({ ok: false, error: `refused: ${from.why}` });
      if (from.kind === 'content') push();
      return ready.then((log) => handle(log, raw, from, { provider, collector })).catch((error: unknown) => ({ ok: false, error: errorText(error) }));
    });

    browser.runtime.onConnect.addListener((port) => {
      if (port.name !== SUGGEST_PORT || !port.sender) return port.disconnect();
      const from = classifySender(port.sender);
      if (from.kind !== 'content') return port.disconnect();
      serveSuggestion(port, from.site, { log: ready, provider });
    });

    // Push to the organisation's collector, if one is configured: soon after events arrive, on
    // start, and every minute (which also retries after a restart while offline).
    const collector = ready.then((log) => new Collector(log.db, log.factory.installId, () => log.factory.currentConfig.collector));
    let pushSoon: ReturnType<typeof setTimeout> | null = null;
    const push = () => {
      if (pushSoon) return;
      pushSoon = setTimeout(() => {
        pushSoon = null;
        void collector.then((c) => c.kick());
      }, 2000);
    };
    browser.alarms?.create('axtrace-collector', { periodInMinutes: 1 });
    browser.alarms?.onAlarm.addListener((alarm) => alarm.name === 'axtrace-collector' && push());
    push();

    // Retention: purge on start and every six hours; each purge is logged (chain.checkpoint). Then
    // live pages past the sealing horizon are packed into sealed pages (lib/log/sealer.ts).
    const purge = () => void ready.then(async (log) => {
      await log.purgeOlderThan(log.factory.currentConfig.retentionDays);
      await log.seal();
    }).catch(() => undefined);
    browser.alarms?.create('axtrace-retention', { periodInMinutes: 360 });
    browser.alarms?.onAlarm.addListener((alarm) => alarm.name === 'axtrace-retention' && purge());
    purge();

    browser.commands?.onCommand.addListener(async (command) => {
      if (command !== 'toggle-panel') return;
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id !== undefined) browser.tabs.sendMessage(tab.id, { type: 'panel.toggle' }).catch(() => undefined);
    });
  },
});

async function start(): Promise<LogService> {
  const [config, identity] = await Promise.all([loadConfig(), loadInstallIdentity(), loadWasmSha256()]);
  const db = openDb();
  const factory = new EventFactory(config, identity, browser.runtime.getManifest().version);
  const log = new LogService(db, new Recorder(db, identity.installId), factory);
  watchConfig(log);
  // Enterprise policy wins over local settings: apply it now and whenever it changes. Not awaited:
  // reading managed storage can be slow (Firefox looks for policy files), and the log must not wait.
  // Writes only when a policy exists, and reads the stored settings just before writing, so it
  // never overwrites a change the person saved meanwhile with an older copy.
  const applyPolicy = async () => {
    const managed = await loadManaged();
    if (Object.keys(managed.values).length) await saveConfig(await loadConfig(), 'managed').catch(() => undefined);
  };
  void applyPolicy();
  onManagedChange(() => void applyPolicy());
  return log;
}

// Whoever changes the configuration (options page, file import, policy), the change is logged.
function watchConfig(log: LogService): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes.pilotConfig) return;
    const before = PilotConfig.safeParse(changes.pilotConfig.oldValue ?? {});
    const after = PilotConfig.safeParse(changes.pilotConfig.newValue ?? {});
    if (!after.success) return;
    const keys = before.success ? changedKeys(before.data, after.data) : Object.keys(after.data);
    log.factory.setConfig(after.data);
    const source = (changes[SOURCE_KEY]?.newValue as { source?: ConfigSource } | undefined)?.source ?? 'options';
    if (keys.length) void log.record(log.factory.make('config.changed', { keys, source }, NO_SCOPE));
  });
}

// The playbook index is built once and rebuilt only when the playbook is edited.
function playbookProvider() {
  let cached: Promise<PlaybookProvider> | null = null;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[PLAYBOOK_KEY]) cached = null;
  });
  return () => (cached ??= loadPlaybook().then((templates) => new PlaybookProvider(templates)));
}

interface Services {
  provider: (fallback: boolean) => Promise<SuggestionProvider>;
  collector: Promise<Collector>;
}

async function handle(log: LogService, raw: unknown, from: ReturnType<typeof classifySender>, { provider, collector }: Services) {
  if (from.kind === 'content') {
    const msg = ContentMessage.parse(raw);
    if (msg.type === 'events.record') return { ok: true, results: await log.recordClientEvents(msg.events, from.site) };
    if (msg.type === 'adapter.miss') {
      const scope = { ...NO_SCOPE, site: from.site, adapter: msg.adapter };
      await log.record(log.factory.make('adapter.miss', { missing: msg.missing, skeleton: msg.skeleton }, scope));
      return { ok: true };
    }
    if (msg.type === 'customAdapter.save') {
      await saveTaughtAdapter(msg.adapter, from.url);
      return { ok: true };
    }
    const event = await log.submit(msg.submit, from.site);
    return { ok: true, outcome: event.outcome, retention: event.retention };
  }
  const msg = PageMessage.parse(raw);
  switch (msg.type) {
    case 'events.list':
      return { ok: true, events: await log.list(msg.filter) };
    case 'chain.verify':
      return { ok: true, result: await log.verify() };
    case 'stats.today':
      return { ok: true, stats: await log.today() };
    case 'provider.setKey':
      await saveApiKey(msg.apiKey);
      return { ok: true };
    case 'export.created':
      return { ok: true, result: await log.recordExport(msg.format, msg.count, msg.manifestHash) };
    case 'collector.status':
      return { ok: true, status: (await collector).status };
    case 'provider.test':
      return { ok: true, result: await testConnection(await provider(false)) };
  }
}

function errorText(error: unknown): string {
  if (error instanceof RequestError) return error.message;
  if (error && typeof error === 'object' && 'issues' in error) return 'malformed message';
  return error instanceof Error ? error.message : String(error);
}
