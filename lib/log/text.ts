import { sha256Hex } from '../util/hash';

/** The normal form texts are compared in (DESIGN.md): NFC, whitespace collapsed, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function textHash(text: string): string {
  return sha256Hex(normalizeText(text));
}

export function words(text: string): string[] {
  const n = normalizeText(text);
  return n ? n.split(' ') : [];
}
