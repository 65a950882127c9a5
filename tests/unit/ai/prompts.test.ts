import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS, promptFor, promptHash, renderPrompt, withPromptEdit } from '../../../lib/ai/prompts';

const ctx = {
  recordId: '1',
  subject: 'Parcel late',
  requester: { name: 'Ana', email: '[EMAIL_1]' },
  thread: [{ role: 'customer' as const, text: 'Where is my parcel?' }, { role: 'agent' as const, text: 'Shipped Monday.' }],
  fields: {},
};

describe('prompts as versioned assets', () => {
  it('an edit appends a new version; the old one stays and an unchanged save adds nothing', () => {
    const base = promptFor('reply', []);
    expect(base).toMatchObject({ id: 'ticket-reply', version: 1 });
    const edited = withPromptEdit([], { ...base, user: base.user + '\nKeep it under 80 words.' }, 5);
    expect(edited).toHaveLength(1);
    expect(promptFor('ticket-reply', edited)).toMatchObject({ version: 2, createdAt: 5 });
    expect(promptHash(promptFor('ticket-reply', edited))).not.toBe(promptHash(base));
    expect(withPromptEdit(edited, { ...promptFor('ticket-reply', edited) })).toBe(edited);
    const again = withPromptEdit(edited, { ...base, system: 'Be brief.' });
    expect(again.map((p) => p.version)).toEqual([2, 3]);
  });

  it('sends only the fields the prompt declares, and reports the ones it used', () => {
    const note = DEFAULT_PROMPTS.find((p) => p.id === 'internal-note')!;
    const rendered = renderPrompt(note, ctx, 'Sam');
    expect(rendered.prompt).toContain('Where is my parcel?');
    expect(rendered.prompt).not.toContain('Shipped Monday'); // thread is not declared by the note prompt
    expect(rendered.prompt).not.toContain('[EMAIL_1]');
    expect(rendered.fieldsUsed).toEqual(['subject', 'latest']);
    const undeclared = renderPrompt({ ...note, user: '{{requester}} {{latest}}' }, ctx, 'Sam');
    expect(undeclared.prompt).toBe(' Where is my parcel?');
  });
});
