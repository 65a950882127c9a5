import { describe, expect, it } from 'vitest';
import { MaskVault, StreamUnmasker, maskContext } from '../../../lib/privacy/mask';

describe('masking before a remote provider', () => {
  it('gives each value one placeholder and restores it, leaving invented placeholders alone', () => {
    const vault = MaskVault.forPatterns(['ACME-\\d{6}']);
    const masked = vault.mask('Mail ana@example.org or ana@example.org, call +1 415 555 0101, card 4111 1111 1111 1111, contract ACME-123456, order 4111 1111 1111 1112.');
    expect(masked).toBe('Mail [EMAIL_1] or [EMAIL_1], call [PHONE_1], card [CARD_1], contract [CUSTOM_1], order 4111 1111 1111 1112.');
    expect(vault.count).toBe(4);
    expect(vault.unmask('Write to [EMAIL_1] about [CUSTOM_1] and [EMAIL_9].')).toBe('Write to ana@example.org about ACME-123456 and [EMAIL_9].');
  });

  it('masks every text of the context but keeps its shape', () => {
    const vault = MaskVault.forPatterns([]);
    const ctx = maskContext(
      { recordId: '7', subject: 'Refund to DE89 3704 0044 0532 0130 00', requester: { name: 'Ana', email: 'ana@example.org' }, thread: [{ role: 'customer', text: 'I am ana@example.org' }], fields: { phone: '+44 20 7946 0958' } },
      vault,
    );
    expect(ctx).toEqual({ recordId: '7', subject: 'Refund to [IBAN_1]', requester: { name: 'Ana', email: '[EMAIL_1]', company: undefined }, thread: [{ role: 'customer', text: 'I am [EMAIL_1]' }], fields: { phone: '[PHONE_1]' } });
  });

  it('restores placeholders split across stream chunks without showing half of one', () => {
    const vault = MaskVault.forPatterns([]);
    vault.mask('ana@example.org');
    const unmasker = new StreamUnmasker(vault);
    const shown = ['We will write to [EM', 'AIL', '_1', '] today. [Note', ': ok]'].map((c) => unmasker.push(c));
    expect(shown).toEqual(['We will write to ', '', '', 'ana@example.org today. [Note', ': ok]']);
    expect(shown.join('') + unmasker.flush()).toBe('We will write to ana@example.org today. [Note: ok]');
  });
});
