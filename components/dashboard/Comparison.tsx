import type { Metrics } from '@/lib/stats/metrics';
import type { Comparison as ComparisonSpec } from '@/lib/stats/worker-protocol';
import { pct, secs } from './format';

const ROWS: [string, (m: Metrics) => string][] = [
  ['Suggestions shown', (m) => String(m.shown)],
  ['Insert rate', (m) => pct(m.insertRate)],
  ['Accepted share of sends', (m) => pct(m.submitted ? m.outcomes.accepted / m.submitted : null)],
  ['Mean retention', (m) => pct(m.meanRetention)],
  ['Dismissed', (m) => String(m.decisions.dismissed)],
  ['Top dismiss reason', (m) => Object.entries(m.dismissReasons).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '—'],
  ['Override rate', (m) => pct(m.overrideRate)],
  ['Time to decision p50', (m) => secs(m.decisionMs.p50)],
];

/** Two prompt versions or two providers, side by side, over the same filters. */
export function ComparisonTable({ spec, a, b }: { spec: ComparisonSpec; a: Metrics; b: Metrics }) {
  return (
    <section className="card" aria-label="Comparison">
      <h2 style={{ marginTop: 0 }}>Side by side</h2>
      <table className="data">
        <thead>
          <tr>
            <th />
            <th>{spec.a || '—'}</th>
            <th>{spec.b || '—'}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([name, show]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{show(a)}</td>
              <td>{show(b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
