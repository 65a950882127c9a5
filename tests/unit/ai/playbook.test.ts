import { describe, expect, it } from 'vitest';
import { PlaybookProvider, stemTerm } from '../../../lib/ai/playbook';
import { STARTER_PLAYBOOK } from '../../../lib/ai/starter-playbook';
import { Playbook } from '../../../lib/ai/playbook-schema';
import { fillPlaceholders } from '../../../lib/ai/placeholders';
import type { TaskContext } from '../../../lib/adapters/context';
import type { Workflow } from '../../../lib/log/schema';

function ctx(latest: string, extra: Partial<TaskContext> = {}): TaskContext {
  return {
    recordId: '1042',
    subject: null,
    requester: { name: 'Maria Lopez', email: 'maria@example.com' },
    thread: [{ role: 'customer', text: latest }, { role: 'agent', text: 'How can I help?' }],
    fields: { priority: 'High' },
    ...extra,
  };
}

const provider = new PlaybookProvider(STARTER_PLAYBOOK);
const top = (latest: string, workflow: Workflow = 'reply', extra: Partial<TaskContext> = {}) =>
  provider.rank({ workflow, context: ctx(latest, extra) })[0].template.id;

describe('starter playbook', () => {
  it('has at least 25 valid templates with unique ids for support and sales', () => {
    expect(STARTER_PLAYBOOK.length).toBeGreaterThanOrEqual(25);
    expect(Playbook.safeParse(STARTER_PLAYBOOK).success).toBe(true);
    expect(new Set(STARTER_PLAYBOOK.map((t) => t.domain))).toEqual(new Set(['support', 'sales']));
  });
});

describe('PlaybookProvider ranking', () => {
  it('ranks the template that answers the latest customer message first', () => {
    expect(top('I was charged twice this month and want the duplicate refunded')).toBe('refund-double-charge');
    expect(top('The password reset email is not arriving and I cannot log in')).toBe('password-reset');
    expect(top('Could you send a pricing quote for 50 seats?', 'crm-email')).toBe('pricing-quote');
    expect(top('Where is my order? The delivery is late', 'ticket-reply')).toBe('shipping-delay');
  });

  it('offers only templates made for the workflow', () => {
    const ranked = provider.rank({ workflow: 'internal-note', context: ctx('charged twice refund') });
    expect(ranked.length).toBeGreaterThan(0);
    for (const r of ranked) expect(r.template.workflows.length === 0 || r.template.workflows.includes('internal-note')).toBe(true);
    expect(ranked[0].template.id).toBe('note-escalate-billing');
  });

  it('gives a different template on regeneration and reports what it used', async () => {
    const req = { workflow: 'reply' as const, context: ctx('I was charged twice', { subject: 'Double charge' }), agentName: 'Sam Rivera', attempt: 0 };
    const chunks: string[] = [];
    const first = await provider.suggest(req, (d) => chunks.push(d), new AbortController().signal);
    const second = await provider.suggest({ ...req, attempt: 1 }, () => undefined, new AbortController().signal);
    expect(first.promptId).toBe('playbook:refund-double-charge');
    expect(first.promptVersion).toBe('1');
    expect(second.promptId).not.toBe(first.promptId);
    expect(first.text.startsWith('Hi Maria,')).toBe(true);
    expect(first.text).toContain('Sam Rivera');
    expect(chunks.join('')).toBe(first.text);
    expect(first.contextFields).toEqual(expect.arrayContaining(['subject', 'thread', 'requester.name', 'agent.name']));
    expect(first.contextFields).not.toContain('requester.email');
  });

  it('stems so that inflected words meet', () => {
    expect(stemTerm('Refunded')).toBe(stemTerm('refund'));
    expect(stemTerm('charged')).toBe(stemTerm('charge'));
    expect(stemTerm('the')).toBeNull();
  });
});

describe('fillPlaceholders', () => {
  const values = { context: ctx('hi', { subject: 'Login trouble' }), agentName: 'Sam Rivera' };
  it('fills paths, uses fallbacks, marks what is missing, and reports only what it used', () => {
    const r = fillPlaceholders('Hi {{requester.firstName}}, re "{{subject}}" ({{fields.priority}}) — {{agent.name}}', values);
    expect(r.text).toBe('Hi Maria, re "Login trouble" (High) — Sam Rivera');
    expect(r.usedFields.sort()).toEqual(['agent.name', 'fields.priority', 'requester.firstName', 'subject']);
    const missing = fillPlaceholders('Hi {{requester.company|there}} {{fields.sla}}', values);
    expect(missing.text).toBe('Hi there [fields.sla]');
    expect(missing.usedFields).toEqual([]);
  });
});
