import MiniSearch from 'minisearch';
import type { PlaybookTemplate } from './playbook-schema';
import { fillPlaceholders, placeholdersIn } from './placeholders';
import { ProviderError, type ProviderInfo, type SuggestionProvider, type SuggestionRequest, type SuggestionResult } from './types';
import { latestCustomerMessage } from '../adapters/context';
import { canonicalJson, sha256Hex } from '../util/hash';

export const PLAYBOOK_PROVIDER_ID = 'playbook';
export const PLAYBOOK_MODEL = 'minisearch-bm25';

export interface RankedTemplate {
  template: PlaybookTemplate;
  score: number;
}

/**
 * The embedded default provider: ranks the team's templates against the latest customer
 * message and the subject with BM25 (MiniSearch), then fills placeholders from the context.
 * On-device, no key, no network.
 */
export class PlaybookProvider implements SuggestionProvider {
  readonly id = PLAYBOOK_PROVIDER_ID;
  private readonly index: MiniSearch<PlaybookTemplate>;

  constructor(private readonly templates: PlaybookTemplate[]) {
    this.index = new MiniSearch<PlaybookTemplate>({
      fields: ['title', 'keywords', 'body'],
      storeFields: ['id'],
      processTerm: stemTerm,
      searchOptions: { boost: { keywords: 3, title: 2 }, fuzzy: 0.15, prefix: true, combineWith: 'OR', processTerm: stemTerm },
    });
    this.index.addAll(templates);
  }

  rank(req: Pick<SuggestionRequest, 'workflow' | 'context'>): RankedTemplate[] {
    const eligible = this.templates.filter((t) => t.workflows.length === 0 || t.workflows.includes(req.workflow));
    const eligibleIds = new Set(eligible.map((t) => t.id));
    const query = [req.context.subject, latestCustomerMessage(req.context)].filter(Boolean).join(' ');
    const byId = new Map(this.templates.map((t) => [t.id, t]));
    const hits = query.trim() ? this.index.search(query, { filter: (r) => eligibleIds.has(r.id as string) }) : [];
    const ranked = hits.map((h) => ({ template: byId.get(h.id as string)!, score: h.score }));
    // Templates that match nothing still come after the matches, so regenerating never runs dry.
    const rest = eligible.filter((t) => !ranked.some((r) => r.template.id === t.id)).map((template) => ({ template, score: 0 }));
    return [...ranked, ...rest];
  }

  private pick(req: SuggestionRequest): PlaybookTemplate {
    const ranked = this.rank(req);
    if (ranked.length === 0) {
      throw new ProviderError('refused', 'Your playbook has no template for this kind of reply.', 'Add a template in AxTrace options → Playbook.');
    }
    return ranked[req.attempt % ranked.length].template;
  }

  describe(req: SuggestionRequest): ProviderInfo {
    const t = this.pick(req);
    return { provider: this.id, model: PLAYBOOK_MODEL, promptId: `playbook:${t.id}`, promptVersion: String(t.version) };
  }

  async suggest(req: SuggestionRequest, onText: (delta: string) => void, signal: AbortSignal): Promise<SuggestionResult> {
    if (signal.aborted) throw signal.reason;
    const template = this.pick(req);
    const { text, usedFields } = fillPlaceholders(template.body, { context: req.context, agentName: req.agentName });
    const ranking = ['subject', 'thread'].filter((f) => (f === 'subject' ? req.context.subject : req.context.thread.length));
    onText(text);
    return {
      text,
      provider: this.id,
      model: PLAYBOOK_MODEL,
      promptId: `playbook:${template.id}`,
      promptVersion: String(template.version),
      promptHash: sha256Hex(canonicalJson(template)),
      contextFields: [...new Set([...ranking, ...usedFields.map(normaliseField)])],
    };
  }
}

// latestMessage is read from the thread; report it under the context field it comes from.
function normaliseField(path: string): string {
  return path === 'latestMessage' ? 'thread' : path === 'requester.firstName' ? 'requester.name' : path;
}

const STOP_WORDS = new Set(
  'a an and are as at be but by can could do for from have i if in is it its me my of on or our so that the their them there this to was we were what when will with would you your'.split(' '),
);

/** Lower-cases, drops stop words and strips common English suffixes, so "refunded" meets "refund". */
export function stemTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t)) return null;
  return t.length > 4 ? t.replace(/(?:ing|ed|es|e|s)$/, '') : t;
}

export function templatePlaceholders(t: PlaybookTemplate): string[] {
  return placeholdersIn(t.body);
}
