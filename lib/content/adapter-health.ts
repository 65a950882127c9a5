import type { SiteAdapter } from '../adapters/types';
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

  /** Returns the adapter to use for this scan. */
  choose(preferred: SiteAdapter, doc: Document): SiteAdapter {
    if (preferred === genericAdapter) return preferred;
    const url = doc.location.href;
    if (this.failedUrl === url) return genericAdapter;
    if (preferred.editor(doc)) {
      this.misses = 0;
      this.failedUrl = null;
      return preferred;
    }
    if (++this.misses < GRACE_SCANS || !genericAdapter.editor(doc)) return preferred;
    this.failedUrl = url;
    this.misses = 0;
    this.onMiss({ adapter: preferred.id, missing: ['editor'], skeleton: censoredSkeleton(doc.body) });
    return genericAdapter;
  }
}
