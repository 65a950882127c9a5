import { ulid } from 'ulid';
import { PilotConfig } from '../../lib/config/schema';
import { EventFactory, type EventScope } from '../../lib/background/event-factory';
import { openDb } from '../../lib/log/db';
import { Recorder } from '../../lib/log/recorder';
import { LogService } from '../../lib/background/log-service';

export function makeFactory(config: Partial<PilotConfig> = {}) {
  return new EventFactory(PilotConfig.parse(config), { installId: ulid(), recordSalt: 'x'.repeat(64) }, '0.1.0-test');
}

export function scope(overrides: Partial<EventScope> = {}): EventScope {
  return { site: 'support.example.com', adapter: 'generic', workflow: 'reply', taskId: ulid(), recordId: '1042', suggestionId: null, ...overrides };
}

let dbCounter = 0;
export function makeLog(config: Partial<PilotConfig> = {}) {
  const factory = makeFactory(config);
  const db = openDb(`axtrace-test-${dbCounter++}-${Date.now()}`);
  const installId = factory.make('panel.opened', { trigger: 'click' }, scope()).installId;
  const recorder = new Recorder(db, installId);
  return { db, factory, recorder, installId, log: new LogService(db, recorder, factory) };
}
