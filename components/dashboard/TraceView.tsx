import { useEffect, useRef } from 'react';
import type { TraceResult } from '@/lib/stats/worker-protocol';
import type { AxEvent } from '@/lib/log/schema';
import { pct, secs } from './format';

/** One task, end to end: the traceability view a pilot review needs. */
export function TraceView({ trace, onClose }: { trace: TraceResult; onClose(): void }) {
  const f = trace.facts;
  const submitted = trace.events.find((e) => e.type === 'task.submitted');
  // Opened from the task table (often by keyboard): focus comes here, and Escape closes it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [trace]);
  return (
    <section className="card" aria-label="Task trace" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 ref={heading} tabIndex={-1} style={{ margin: 0 }}>
          Task trace
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {f && (
        <p>
          <b>{f.workflow}</b> on <b>{f.site}</b> by <b>{f.actor}</b> ({f.source}) · outcome <b data-testid="trace-outcome">{f.submitted?.outcome ?? 'not sent'}</b> · retention {pct(f.submitted?.retention ?? null)} · decision owner{' '}
          <b>{f.submitted?.decisionOwner ?? submitted?.decisionOwner ?? 'not named'}</b> · time on task {secs(f.submitted?.durationMs ?? null)}
        </p>
      )}
      <ol className="timeline" aria-label="Events of this task">
        {trace.events.map((e) => (
          <li key={e.id} data-type={e.type}>
            <span className="muted">{new Date(e.ts).toLocaleTimeString('en-GB')}</span> <b>{e.type}</b> {describe(e)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function describe(e: AxEvent): string {
  switch (e.type) {
    case 'suggestion.requested':
      return `${e.provider} · ${e.model} · prompt ${e.promptId} v${e.promptVersion}${e.attempt ? ` · attempt ${e.attempt + 1}` : ''}`;
    case 'suggestion.shown':
      return `${e.provider} · ${e.model} · prompt ${e.promptId} v${e.promptVersion} · ${e.outputChars} chars · ${e.latencyMs} ms${e.maskedCount ? ` · ${e.maskedCount} masked` : ''}${'text' in e && e.text ? ` — “${e.text}”` : ''}`;
    case 'suggestion.failed':
      return `${e.kind}: ${e.message}`;
    case 'suggestion.inserted':
      return `${e.mode} after ${secs(e.decisionMs)}`;
    case 'suggestion.dismissed':
      return `${e.reason}${e.note ? ` (“${e.note}”)` : ''} after ${secs(e.decisionMs)}`;
    case 'suggestion.rated':
      return e.rating;
    case 'task.submitted':
      return `${e.outcome} · retention ${pct(e.retention)} · AI share ${pct(e.aiShare)} · by ${e.actor}${e.decisionOwner ? ` · owner ${e.decisionOwner}` : ''}`;
    case 'task.abandoned':
      return e.reason;
    default:
      return '';
  }
}
