import type { SiteAdapter } from '../adapters/types';
import type { EditorHandle } from '../editors/types';
import { genericAdapter } from '../adapters/generic';
import { censoredSkeleton } from '../adapters/dom';

/** Scans a site adapter may come up empty before AxTrace falls back (the page may still be loading). */
const GRACE_SCANS = 4;

export interface AdapterMiss {
  adapter: string;
  missing: string[];
  skeleton: string;
}

/**
 * Watches whether the site adapter still finds what it needs. When an adapter matches the site but
 * cannot find its editor, AxTrace falls back to the generic adapter for that page and reports the
 * miss once, with a censored skeleton of the page (tags and attributes, no text).
 */
export class AdapterHealth {
  private misses = 0;
  private failedUrl: string | null = null;

  constructor(private readonly onMiss: (miss: AdapterMiss) => void) {}

  /** The adapter to use for this scan and the editor it found (each looked up once). */
  choose(preferred: SiteAdapter, doc: Document): { adapter: SiteAdapter; editor: EditorHandle | null } {
    const url = doc.location.href;
    const adapter = this.failedUrl === url ? genericAdapter : preferred;
    const editor = adapter.editor(doc);
    if (adapter === genericAdapter || editor) {
      if (editor && adapter === preferred) this.misses = 0;
      return { adapter, editor };
    }
    if (++this.misses < GRACE_SCANS) return { adapter, editor };
    const fallback = genericAdapter.editor(doc);
    if (!fallback) return { adapter, editor };
    this.failedUrl = url;
    this.misses = 0;
    this.onMiss({ adapter: preferred.id, missing: ['editor'], skeleton: censoredSkeleton(doc.body) });
    return { adapter: genericAdapter, editor: fallback };
  }
}
