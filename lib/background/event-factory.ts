import { ulid } from '../util/ulid';
import type { PilotConfig } from '../config/schema';
import type { InstallIdentity } from '../config/store';
import { configHash } from '../config/store';
import { SCHEMA_VERSION, type EventType, type PayloadOf, type UnchainedEvent, type Workflow } from '../log/schema';
import { sha256Hex } from '../util/hash';

/** Where an event happened and which task and suggestion it belongs to. */
export interface EventScope {
  site: string | null;
  adapter: string | null;
  workflow: Workflow | null;
  taskId: string | null;
  recordId: string | null;
  suggestionId: string | null;
}

export const NO_SCOPE: EventScope = { site: null, adapter: null, workflow: null, taskId: null, recordId: null, suggestionId: null };

const RECORD_REF_MEMO = 1000;

/** Builds complete, unchained events from the config and install identity in force. */
export class EventFactory {
  private hash: string;
  // Both are SHA-256s of values that rarely change; hashing them for every event was over half of
  // the time it took to make one (~27 µs in the service worker).
  private actorName: string | null = null;
  private readonly recordRefs = new Map<string, string>();

  get installId(): string {
    return this.identity.installId;
  }

  constructor(
    private config: PilotConfig,
    private readonly identity: InstallIdentity,
    private readonly extVersion: string,
  ) {
    this.hash = configHash(config);
  }

  setConfig(config: PilotConfig): void {
    this.config = config;
    this.hash = configHash(config);
    this.actorName = null;
  }

  get currentConfig(): PilotConfig {
    return this.config;
  }

  actor(): string {
    return (this.actorName ??= this.actorOf(this.config));
  }

  private actorOf({ identity }: PilotConfig): string {
    if (identity.mode === 'named' && identity.name.trim()) return identity.name.trim();
    return `u-${sha256Hex(this.identity.recordSalt + this.identity.installId).slice(0, 12)}`;
  }

  recordRef(site: string | null, recordId: string | null): string | null {
    if (!recordId) return null;
    const key = `${site ?? ''}|${recordId}`;
    let ref = this.recordRefs.get(key);
    if (ref === undefined) {
      // A few records are open at a time; the memo is only emptied so it cannot grow for ever.
      if (this.recordRefs.size >= RECORD_REF_MEMO) this.recordRefs.clear();
      this.recordRefs.set(key, (ref = sha256Hex(`${this.identity.recordSalt}|${key}`)));
    }
    return ref;
  }

  make<T extends EventType>(
    type: T,
    payload: PayloadOf<T>,
    scope: EventScope,
    at: { id?: string; ts?: number; tzOffsetMin?: number } = {},
  ): UnchainedEvent {
    const ts = at.ts ?? Date.now();
    return {
      schemaVersion: SCHEMA_VERSION,
      extVersion: this.extVersion,
      id: at.id ?? ulid(ts),
      ts,
      tzOffsetMin: at.tzOffsetMin ?? -new Date(ts).getTimezoneOffset(),
      installId: this.identity.installId,
      actor: this.actor(),
      actorRole: this.config.actorRole,
      decisionOwner: scope.workflow ? (this.config.decisionOwners[scope.workflow] ?? null) : null,
      teamId: this.config.teamId,
      pilotId: this.config.pilotId,
      configHash: this.hash,
      site: scope.site,
      adapter: scope.adapter,
      workflow: scope.workflow,
      taskId: scope.taskId,
      recordRef: this.recordRef(scope.site, scope.recordId),
      suggestionId: scope.suggestionId,
      type,
      ...payload,
    } as UnchainedEvent;
  }
}
