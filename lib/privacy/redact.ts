/**
 * Finds personal data in text and replaces it: emails, phone numbers, payment card numbers
 * (Luhn-checked, so order numbers survive), IBANs (mod-97-checked) and the pilot's own patterns.
 */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'custom';

export interface Redaction {
  text: string;
  count: number;
  byKind: Partial<Record<PiiKind, number>>;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const PHONE = /(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w/])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function ibanValid(candidate: string): boolean {
  const s = candidate.replace(/\s+/g, '');
  if (s.length < 15 || s.length > 34) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1;
}

export type Replacer = (kind: PiiKind, value: string) => string;

const defaultReplacer: Replacer = (kind) => `[${kind}]`;

export function compileCustomPatterns(patterns: string[]): RegExp[] {
  return patterns.flatMap((p) => {
    try {
      return [new RegExp(p, 'gu')];
    } catch {
      return []; // an invalid pattern is rejected when the config is saved; never crash here
    }
  });
}

export function redact(text: string, custom: RegExp[] = [], replace: Replacer = defaultReplacer): Redaction {
  const byKind: Partial<Record<PiiKind, number>> = {};
  const hit = (kind: PiiKind, value: string) => {
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    return replace(kind, value);
  };
  let out = text.replace(EMAIL, (m) => hit('email', m));
  out = out.replace(IBAN, (m) => (ibanValid(m) ? hit('iban', m) : m));
  out = out.replace(CARD, (m) => (luhnValid(m.replace(/\D/g, '')) ? hit('card', m) : m));
  out = out.replace(PHONE, (m) => (isPhoneLength(m.replace(/\D/g, '').length) && !/^\d{4}-\d{2}-\d{2}$/.test(m) ? hit('phone', m) : m));
  for (const re of custom) out = out.replace(re, (m) => hit('custom', m));
  const count = Object.values(byKind).reduce((a, b) => a + (b ?? 0), 0);
  return { text: out, count, byKind };
}

// E.164 numbers have at most 15 digits; fewer than 7 is an extension or a reference number.
function isPhoneLength(digits: number): boolean {
  return digits >= 7 && digits <= 15;
}
