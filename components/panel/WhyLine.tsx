import type { SuggestionView } from '@/lib/content/panel-store';

const PROVIDER_NAMES: Record<string, string> = {
  playbook: 'Playbook (on this device)',
  'openai-compatible': 'AI service',
  anthropic: 'Anthropic',
  'chrome-ai': 'Chrome built-in AI (on this device)',
};

/** Where a suggestion came from: provider, model, prompt version and the context it used. */
export function WhyLine({ s }: { s: SuggestionView }) {
  const fields = s.contextFields.length ? s.contextFields.join(', ') : 'no page context';
  return (
    <p className="ax-why" data-testid="axtrace-why">
      <span className="ax-why-label">Why this:</span> {PROVIDER_NAMES[s.provider] ?? s.provider} · {s.model} · prompt {s.promptId} v{s.promptVersion} · used {fields}
      {s.maskedCount > 0 && <> · {s.maskedCount} personal item{s.maskedCount === 1 ? '' : 's'} masked</>}
    </p>
  );
}
