import type { TaskContext } from '../adapters/context';
import { compileCustomPatterns, redact, type PiiKind } from './redact';

/**
 * Before a remote provider sees the context, personal data is swapped for placeholders such as
 * `[EMAIL_1]`; the same value always gets the same placeholder, so the model can still refer to
 * it. The vault stays in the background and puts the real values back into the suggestion.
 */
export class MaskVault {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters: Partial<Record<PiiKind, number>> = {};

  constructor(private readonly patterns: RegExp[]) {}

  static forPatterns(patterns: string[]): MaskVault {
    return new MaskVault(compileCustomPatterns(patterns));
  }

  get count(): number {
    return this.byPlaceholder.size;
  }

  mask(text: string): string {
    return redact(text, this.patterns, (kind, value) => this.placeholderFor(kind, value)).text;
  }

  /** Puts the real values back; placeholders the model invented stay as they are. */
  unmask(text: string): string {
    return text.replace(PLACEHOLDER, (p) => this.byPlaceholder.get(p) ?? p);
  }

  private placeholderFor(kind: PiiKind, value: string): string {
    const known = this.byValue.get(value);
    if (known) return known;
    const n = (this.counters[kind] = (this.counters[kind] ?? 0) + 1);
    const placeholder = `[${kind.toUpperCase()}_${n}]`;
    this.byValue.set(value, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }
}

const PLACEHOLDER = /\[(?:EMAIL|PHONE|CARD|IBAN|CUSTOM)_\d+\]/g;
/** A stream chunk may end in the middle of a placeholder: hold back what could be its start. */
const PARTIAL_TAIL = /\[(?:[A-Z]{0,6}(?:_\d{0,4})?)?$/;

export function maskContext(ctx: TaskContext, vault: MaskVault): TaskContext {
  const m = (s: string | null | undefined) => (s == null ? s : vault.mask(s));
  return {
    recordId: ctx.recordId,
    subject: m(ctx.subject) ?? null,
    requester: ctx.requester ? { name: m(ctx.requester.name) ?? undefined, email: m(ctx.requester.email) ?? undefined, company: m(ctx.requester.company) ?? undefined } : null,
    thread: ctx.thread.map((msg) => ({ ...msg, author: m(msg.author) ?? undefined, text: vault.mask(msg.text) })),
    fields: Object.fromEntries(Object.entries(ctx.fields).map(([k, v]) => [k, vault.mask(v)])),
  };
}

/** Unmasks streamed text chunk by chunk, never showing half a placeholder. */
export class StreamUnmasker {
  private pending = '';

  constructor(private readonly vault: MaskVault) {}

  push(chunk: string): string {
    const text = this.pending + chunk;
    const tail = text.match(PARTIAL_TAIL)?.[0] ?? '';
    this.pending = tail;
    return this.vault.unmask(text.slice(0, text.length - tail.length));
  }

  flush(): string {
    const rest = this.vault.unmask(this.pending);
    this.pending = '';
    return rest;
  }
}
