import { describe, expect, it } from 'vitest';
import { compileCustomPatterns, ibanValid, luhnValid, redact } from '../../../lib/privacy/redact';

describe('redact', () => {
  it('masks emails, phones, Luhn-valid cards and valid IBANs, and counts them by kind', () => {
    const r = redact('Mail maria.lopez@example.com or call +1 415 555 0132. Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32.');
    expect(r.text).toBe('Mail [email] or call [phone]. Card [card], IBAN [iban].');
    expect(r.byKind).toEqual({ email: 1, phone: 1, card: 1, iban: 1 });
    expect(r.count).toBe(4);
  });

  it('leaves numbers that are not personal data alone', () => {
    const text = 'Order #12345 on 2024-05-01, card 4111 1111 1111 1112, IBAN GB00WEST12345698765432';
    expect(redact(text).text).toBe(text);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB00WEST12345698765432')).toBe(false);
  });

  it('applies custom patterns and ignores invalid ones', () => {
    const patterns = compileCustomPatterns(['ACC-\\d{6}', '([unclosed']);
    expect(patterns).toHaveLength(1);
    expect(redact('Account ACC-123456 closed', patterns)).toMatchObject({ text: 'Account [custom] closed', count: 1 });
  });
});
