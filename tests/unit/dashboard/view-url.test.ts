import { describe, expect, it } from 'vitest';
import { filterOf, viewFromHash, viewHash } from '../../../components/dashboard/view-url';

const shown = { from: '2026-11-01', to: '2026-11-28' };

describe('the dashboard view in its address', () => {
  it('reads back every filter it writes, with names and values of any characters', () => {
    const filter = { from: '2026-10-05', to: '2026-11-03', site: 'northwind.zendesk.com', workflow: 'internal-note', teamId: 'support emea', actor: 'Zoë & Bo #2', source: 'bo-week', providerModel: 'playbook · m1', prompt: 'ticket-reply v1' };
    expect(viewHash(filter)).toMatch(/^#from=2026-10-05&to=2026-11-03&site=/);
    expect(viewFromHash(viewHash(filter))).toEqual({ filter, compare: null });
    expect(filterOf(viewFromHash(viewHash(filter))!.filter, shown)).toEqual(filter);
    expect(viewHash(shown)).toBe('#from=2026-11-01&to=2026-11-28');
    // Two prompt versions side by side, also before both are picked.
    const compare = { field: 'prompt' as const, a: 'ticket-reply v1', b: 'ticket-reply v2' };
    expect(viewFromHash(viewHash(shown, compare))).toEqual({ filter: shown, compare });
    expect(viewFromHash(viewHash(shown, { field: 'providerModel', a: '', b: '' }))).toEqual({ filter: shown, compare: { field: 'providerModel', a: '', b: '' } });
  });

  it('leaves out what is not a sound view: bad or reversed days, unknown names, overlong values', () => {
    expect(viewFromHash('')).toBeNull();
    expect(viewFromHash('#')).toBeNull();
    expect(viewFromHash('#from=2026-02-30&to=2026-03-01')).toBeNull();
    expect(viewFromHash('#from=2026-03-05&to=2026-03-01')).toBeNull();
    expect(viewFromHash('#from=yesterday&to=today&__proto__=x&constructor=y')).toBeNull();
    expect(viewFromHash(`#site=${'a'.repeat(201)}`)).toBeNull();
    expect(viewFromHash('#compare=everything&a=x&b=y')).toBeNull();
    // A field alone keeps the period shown now; the fields not named are cleared.
    const asked = viewFromHash('#actor=bo&from=nonsense');
    expect(asked).toEqual({ filter: { actor: 'bo' }, compare: null });
    expect(filterOf(asked!.filter, { ...shown, site: 'x' })).toEqual({ ...shown, actor: 'bo' });
  });
});
