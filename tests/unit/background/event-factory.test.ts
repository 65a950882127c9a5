import { describe, expect, it } from 'vitest';
import { PilotConfig } from '../../../lib/config/schema';
import { sha256Hex } from '../../../lib/util/hash';
import { makeFactory, scope } from '../helpers';

describe('EventFactory', () => {
  it('names the actor from the config in force, also after the config changes', () => {
    const factory = makeFactory({ identity: { mode: 'named', name: ' Ana ' } });
    expect(factory.make('panel.opened', { trigger: 'click' }, scope()).actor).toBe('Ana');
    factory.setConfig(PilotConfig.parse({ identity: { mode: 'pseudonymous' } }));
    const pseudonym = factory.make('panel.opened', { trigger: 'click' }, scope()).actor;
    expect(pseudonym).toMatch(/^u-[0-9a-f]{12}$/);
    factory.setConfig(PilotConfig.parse({ identity: { mode: 'named', name: 'Bo' } }));
    expect(factory.actor()).toBe('Bo');
  });

  it('refers to a record by a salted hash of its site and id, the same each time', () => {
    const factory = makeFactory();
    const salt = 'x'.repeat(64); // makeFactory's
    const ref = (site: string, recordId: string) => factory.make('panel.opened', { trigger: 'click' }, scope({ site, recordId })).recordRef;
    expect(ref('a.example', '7')).toBe(sha256Hex(`${salt}|a.example|7`));
    expect(ref('a.example', '7')).toBe(ref('a.example', '7'));
    expect(ref('b.example', '7')).toBe(sha256Hex(`${salt}|b.example|7`));
    for (let i = 0; i < 1500; i++) ref('c.example', String(i)); // past the memo's size
    expect(ref('c.example', '3')).toBe(sha256Hex(`${salt}|c.example|3`));
    expect(factory.recordRef('a.example', null)).toBeNull();
  });
});
