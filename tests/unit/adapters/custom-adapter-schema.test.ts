import { describe, expect, it } from 'vitest';
import { exportCustomAdapters, mergeCustomAdapters, parseCustomAdapterFile } from '../../../lib/config/custom-adapter-schema';
import type { CustomAdapterSpec } from '../../../lib/adapters/custom-spec';

const acme: CustomAdapterSpec = {
  id: 'acme-desk',
  name: 'Acme Desk',
  matches: ['https://desk.acme.test/cases/*'],
  workflow: 'ticket-reply',
  selectors: { editor: '[data-qa="reply-body"]', send: '[data-qa="send"]', subject: '#case-title', message: '[data-qa="message"]' },
  updatedAt: 1,
};

describe('custom adapter files', () => {
  it('round-trips through export and import', () => {
    const parsed = parseCustomAdapterFile(exportCustomAdapters([acme]));
    expect(parsed).toEqual({ ok: true, adapters: [acme] });
  });

  it('names the file and the reason when the file is not JSON', () => {
    const parsed = parseCustomAdapterFile('{"format": "axtrace.custom-adapters",', 'team.json');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^team\.json is not JSON/);
  });

  it('names the adapter and field that is wrong', () => {
    const bad = JSON.parse(exportCustomAdapters([acme]));
    bad.adapters[0].matches = ['desk.acme.test'];
    const parsed = parseCustomAdapterFile(JSON.stringify(bad), 'team.json');
    expect(!parsed.ok && parsed.error).toMatch(/^team\.json: adapters\.0\.matches\.0 "desk\.acme\.test" is not a match pattern/);

    bad.adapters[0].matches = acme.matches;
    delete bad.adapters[0].selectors.editor;
    expect(!parsed.ok && (parseCustomAdapterFile(JSON.stringify(bad)) as { error: string }).error).toMatch(/adapters\.0\.selectors\.editor/);
  });

  it('refuses files of another format, empty files and duplicate ids', () => {
    expect(parseCustomAdapterFile(JSON.stringify({ format: 'other', version: 1, adapters: [acme] }))).toMatchObject({ ok: false, error: expect.stringMatching(/format/) });
    expect(parseCustomAdapterFile(JSON.stringify({ format: 'axtrace.custom-adapters', version: 1, adapters: [] }))).toMatchObject({ ok: false, error: expect.stringMatching(/holds no adapters/) });
    const twice = JSON.stringify({ format: 'axtrace.custom-adapters', version: 1, adapters: [acme, acme] });
    expect(parseCustomAdapterFile(twice)).toEqual({ ok: false, error: 'the file: the adapter id "acme-desk" appears twice.' });
  });

  it('an import replaces adapters with the same id and keeps the others', () => {
    const other = { ...acme, id: 'other', name: 'Other' };
    const updated = { ...acme, name: 'Acme Desk v2' };
    expect(mergeCustomAdapters([acme, other], [updated]).map((a) => a.name)).toEqual(['Acme Desk v2', 'Other']);
  });
});
