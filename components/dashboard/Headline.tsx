import type { Metrics } from '@/lib/stats/metrics';
import { count, pct, secs } from './format';

interface Figure {
  name: string;
  help: string;
  value(m: Metrics): number | null;
  show(v: number | null, m: Metrics): string;
  /** Whether a rise is good news (colours the change). */
  higherIsBetter: boolean | null;
  /** How the change against the previous period is written. */
  unit: 'ratio' | 'time' | 'count';
}

const FIGURES: Figure[] = [
  { name: 'Coverage', help: 'Tasks where the panel was opened, of all tasks opened (holdout tasks excluded).', value: (m) => m.coverage, show: (v) => pct(v), higherIsBetter: true, unit: 'ratio' },
  { name: 'Insert rate', help: 'Suggestions inserted (or copied), of suggestions shown.', value: (m) => m.insertRate, show: (v) => pct(v), higherIsBetter: true, unit: 'ratio' },
  { name: 'Accepted', help: 'Sent tasks where an inserted suggestion kept ≥ 90% of its text.', value: (m) => share(m, 'accepted'), show: (v) => pct(v), higherIsBetter: true, unit: 'ratio' },
  { name: 'Edited', help: 'Sent tasks where 30–90% of an inserted suggestion survived.', value: (m) => share(m, 'edited'), show: (v) => pct(v), higherIsBetter: null, unit: 'ratio' },
  { name: 'Fallback', help: 'Sent tasks where AI was offered but the person wrote it by hand (or kept < 30%).', value: (m) => share(m, 'fallback'), show: (v) => pct(v), higherIsBetter: false, unit: 'ratio' },
  { name: 'Unassisted', help: 'Sent tasks where the panel was never opened.', value: (m) => share(m, 'unassisted'), show: (v) => pct(v), higherIsBetter: false, unit: 'ratio' },
  { name: 'Mean retention', help: 'Average share of an inserted suggestion’s characters still in the sent text.', value: (m) => m.meanRetention, show: (v) => pct(v), higherIsBetter: true, unit: 'ratio' },
  { name: 'AI share of sent text', help: 'Retained AI characters over all characters sent.', value: (m) => m.aiShare, show: (v) => pct(v), higherIsBetter: null, unit: 'ratio' },
  { name: 'Time on task, assisted', help: 'Median time from opening a task to sending, when the panel was used.', value: (m) => m.timeOnTaskMs.assisted, show: (v) => secs(v), higherIsBetter: false, unit: 'time' },
  { name: 'Time on task, unassisted', help: 'Median time from opening a task to sending, without the panel.', value: (m) => m.timeOnTaskMs.unassisted, show: (v) => secs(v), higherIsBetter: false, unit: 'time' },
  { name: 'Active / engaged users', help: 'Active: were shown a suggestion. Engaged: requested, inserted or rated one.', value: (m) => m.engagedUsers, show: (_v, m) => `${count(m.activeUsers)} / ${count(m.engagedUsers)}`, higherIsBetter: true, unit: 'count' },
  { name: 'Stickiness', help: 'Daily engaged users over the users of the last 7 days, averaged over the period.', value: (m) => m.stickiness, show: (v) => pct(v), higherIsBetter: true, unit: 'ratio' },
  { name: 'Rubber-stamp rate', help: 'As-is inserts decided faster than the text can be read (max(2 s, length at 40 chars/s)).', value: (m) => m.rubberStampRate, show: (v) => pct(v), higherIsBetter: false, unit: 'ratio' },
  { name: 'Override rate', help: 'Suggestions shown that people dismissed, edited after inserting, or set aside to write by hand: how often they corrected the AI.', value: (m) => m.overrideRate, show: (v) => pct(v), higherIsBetter: null, unit: 'ratio' },
];

function share(m: Metrics, outcome: keyof Metrics['outcomes']): number | null {
  return m.submitted ? m.outcomes[outcome] / m.submitted : null;
}

/** Headline figures for the period with the change against the previous period of the same length. */
export function Headline({ metrics, previous }: { metrics: Metrics; previous: Metrics }) {
  return (
    <div className="dash-grid" role="list" aria-label="Headline figures">
      {FIGURES.map((f, i) => {
        const v = f.value(metrics);
        const p = f.value(previous);
        return (
          <div className="figure" role="listitem" key={f.name} data-figure={f.name}>
            {/* Explained on hover and on keyboard focus (a title attribute shows on neither for keyboard users). */}
            <span className="name" tabIndex={0} aria-describedby={`help-${i}`}>
              {f.name}
            </span>
            <span className="tip" role="tooltip" id={`help-${i}`}>
              {f.help}
            </span>
            <span className="value">{f.show(v, metrics)}</span>
            <Delta now={v} before={p} higherIsBetter={f.higherIsBetter} unit={f.unit} />
          </div>
        );
      })}
    </div>
  );
}

function Delta({ now, before, higherIsBetter, unit }: { now: number | null; before: number | null; higherIsBetter: boolean | null; unit: 'ratio' | 'time' | 'count' }) {
  if (now === null || before === null) return <span className="delta-flat">no earlier data</span>;
  const d = now - before;
  const sign = d >= 0 ? '+' : '−';
  const text = unit === 'ratio' ? `${sign}${Math.abs(d * 100).toFixed(0)} pts` : unit === 'time' ? `${sign}${secs(Math.abs(d))}` : `${sign}${Math.abs(Math.round(d))}`;
  const good = higherIsBetter === null || d === 0 ? null : (d > 0) === higherIsBetter;
  return <span className={good === null ? 'delta-flat' : good ? 'delta-up' : 'delta-down'}>{text} vs previous period</span>;
}
