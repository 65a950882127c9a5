import { distance } from 'fastest-levenshtein';
import { normalizeText, words } from './text';
import type { Outcome, Thresholds } from './schema';

export const DEFAULT_THRESHOLDS: Thresholds = { accepted: 0.9, edited: 0.3 };

/** Length of the longest common subsequence of two sequences (two-row dynamic programme). */
export function lcsLength<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let prev = new Uint32Array(short.length + 1);
  let curr = new Uint32Array(short.length + 1);
  for (let i = 1; i <= long.length; i++) {
    const item = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      curr[j] = item === short[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], curr[j - 1]);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[short.length];
}

export interface SuggestionRetention {
  retention: number; // LCS_chars(s, f) / |s|
  wordRetention: number;
  similarity: number; // 1 − levenshtein(s, f) / max(|s|, |f|)
  retainedChars: number;
}

export function measureRetention(suggestion: string, sent: string): SuggestionRetention {
  const s = normalizeText(suggestion);
  const f = normalizeText(sent);
  const sw = words(s);
  const fw = words(f);
  const retainedChars = lcsLength(s, f);
  const longest = Math.max(s.length, f.length);
  return {
    retention: s.length ? retainedChars / s.length : 0,
    wordRetention: sw.length ? lcsLength(sw, fw) / sw.length : 0,
    similarity: longest ? 1 - distance(s, f) / longest : 1,
    retainedChars,
  };
}

export interface OutcomeInput {
  /** Texts of the suggestions the person inserted (or copied) during the task. */
  inserted: string[];
  finalText: string;
  /** Whether AI was offered: the panel was opened or a suggestion was shown. */
  aiOffered: boolean;
  thresholds?: Thresholds;
}

export interface OutcomeResult {
  outcome: Outcome;
  retention: number | null;
  wordRetention: number | null;
  similarity: number | null;
  aiShare: number;
}

/**
 * Classifies a submitted task (DESIGN.md, "Outcome of a submitted task"). With several inserted
 * suggestions, the task's figures are those of the suggestion that kept the most characters,
 * and aiShare counts every suggestion's retained characters (capped at the sent length).
 */
export function classifyOutcome({ inserted, finalText, aiOffered, thresholds = DEFAULT_THRESHOLDS }: OutcomeInput): OutcomeResult {
  const sentChars = normalizeText(finalText).length;
  if (inserted.length === 0) {
    return { outcome: aiOffered ? 'fallback' : 'unassisted', retention: null, wordRetention: null, similarity: null, aiShare: 0 };
  }
  const measured = inserted.map((s) => measureRetention(s, finalText));
  const best = measured.reduce((a, b) => (b.retainedChars > a.retainedChars ? b : a));
  const retained = measured.reduce((sum, m) => sum + m.retainedChars, 0);
  const aiShare = sentChars ? Math.min(1, retained / sentChars) : 0;
  const outcome: Outcome =
    best.retention >= thresholds.accepted ? 'accepted' : best.retention >= thresholds.edited ? 'edited' : 'fallback';
  return {
    outcome,
    retention: round(best.retention),
    wordRetention: round(best.wordRetention),
    similarity: round(best.similarity),
    aiShare: round(aiShare),
  };
}

// Six decimals keep stored ratios stable across engines without losing meaning.
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
