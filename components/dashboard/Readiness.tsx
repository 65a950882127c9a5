import type { ReadinessItem } from '@/lib/stats/readiness';
import { pct } from './format';

/** Pilot → production: each gap with its value, the target, ready or not yet, and why. */
export function Readiness({ items }: { items: ReadinessItem[] }) {
  const ready = items.filter((i) => i.ready).length;
  return (
    <section className="card" aria-label="Production readiness">
      <h2 style={{ marginTop: 0 }}>
        Pilot → production readiness: {ready} of {items.length} ready
      </h2>
      <table className="data">
        <thead>
          <tr>
            <th>Gap</th>
            <th>Value</th>
            <th>Target</th>
            <th>Status</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.gap} data-gap={i.gap}>
              <td>{i.gap}</td>
              <td>{pct(i.value)}</td>
              <td>{i.target}</td>
              <td className={i.ready ? 'ready' : 'not-yet'}>{i.ready ? '✓ ready' : '✗ not yet'}</td>
              <td>{i.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Targets and seats are set in the pilot configuration (settings page).</p>
    </section>
  );
}
