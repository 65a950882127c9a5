import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Metrics } from '@/lib/stats/metrics';
import type { DayPoint, HabitSegment, ProviderHealth } from '@/lib/stats/breakdowns';
import type { ComputeResult } from '@/lib/stats/worker-protocol';
import { ms, pct } from './format';

const W = 560;
const H = 230;
const COLORS = { accepted: '#2f8132', edited: '#4338ca', fallback: '#d97706', unassisted: '#9aa5b1' };

/** Task opened → panel opened → shown → inserted → sent as accepted/edited. */
export function Funnel({ m }: { m: Metrics }) {
  const data = [
    { step: 'Task opened', tasks: m.funnel.opened },
    { step: 'Panel opened', tasks: m.funnel.panelOpened },
    { step: 'Suggestion shown', tasks: m.funnel.shown },
    { step: 'Inserted', tasks: m.funnel.inserted },
    { step: 'Sent (accepted/edited)', tasks: m.funnel.sentAcceptedOrEdited },
  ];
  return (
    <figure className="card" aria-label="Funnel" style={{ margin: 0 }}>
      <figcaption>
        <b>Funnel</b> <span className="muted">tasks reaching each step</span>
      </figcaption>
      <BarChart width={W} height={H} data={data} layout="vertical" margin={{ left: 40 }}>
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="step" width={150} />
        <Tooltip />
        <Bar dataKey="tasks" fill="#4338ca" isAnimationActive={false} />
      </BarChart>
      <DataTable caption="Funnel" head={['Step', 'Tasks']} rows={data.map((d) => [d.step, String(d.tasks)])} />
    </figure>
  );
}

/** Outcome mix per day and the coverage / insert-rate lines. */
export function Trends({ points }: { points: DayPoint[] }) {
  return (
    <figure className="card" aria-label="Trends" style={{ margin: 0 }}>
      <figcaption>
        <b>Trends</b> <span className="muted">sent tasks by outcome, per day</span>
      </figcaption>
      <BarChart width={W} height={H} data={points}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {(Object.keys(COLORS) as (keyof typeof COLORS)[]).map((k) => (
          <Bar key={k} dataKey={k} stackId="o" fill={COLORS[k]} isAnimationActive={false} />
        ))}
      </BarChart>
      <LineChart width={W} height={150} data={points.map((p) => ({ ...p, coverage: p.coverage ?? undefined, insertRate: p.insertRate ?? undefined }))}>
        <XAxis dataKey="day" />
        <YAxis domain={[0, 1]} tickFormatter={(v: number) => pct(v)} />
        <Tooltip formatter={(v) => pct(Number(v))} />
        <Legend />
        <Line dataKey="coverage" stroke="#4338ca" isAnimationActive={false} connectNulls />
        <Line dataKey="insertRate" name="insert rate" stroke="#2f8132" isAnimationActive={false} connectNulls />
      </LineChart>
      <DataTable
        caption="Trends"
        head={['Day', 'Accepted', 'Edited', 'Fallback', 'Unassisted', 'Coverage', 'Insert rate']}
        rows={points.filter((p) => p.tasks > 0).map((p) => [p.day, ...[p.accepted, p.edited, p.fallback, p.unassisted].map(String), rate(p.coverage), rate(p.insertRate)])}
      />
    </figure>
  );
}

export function DismissReasons({ m }: { m: Metrics }) {
  const data = Object.entries(m.dismissReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => ({ reason: reason.replace('_', ' '), n }));
  return (
    <figure className="card" aria-label="Dismiss reasons" style={{ margin: 0 }}>
      <figcaption>
        <b>Why suggestions were dismissed</b>
      </figcaption>
      {data.length === 0 ? (
        <p className="empty">No dismissals in this period.</p>
      ) : (
        <>
          <BarChart width={W} height={H} data={data}>
            <XAxis dataKey="reason" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="n" name="dismissed" fill="#d97706" isAnimationActive={false} />
          </BarChart>
          <DataTable caption="Dismiss reasons" head={['Reason', 'Dismissed']} rows={data.map((d) => [d.reason, String(d.n)])} />
        </>
      )}
    </figure>
  );
}

export function Habits({ habits }: { habits: Record<HabitSegment, number> }) {
  const data = Object.entries(habits).map(([segment, people]) => ({ segment, people }));
  return (
    <figure className="card" aria-label="Habit segments" style={{ margin: 0 }}>
      <figcaption>
        <b>Habit segments</b> <span className="muted">people by how regularly they use suggestions</span>
      </figcaption>
      <BarChart width={W} height={180} data={data}>
        <XAxis dataKey="segment" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="people" fill="#4338ca" isAnimationActive={false} />
      </BarChart>
      <DataTable caption="Habit segments" head={['Segment', 'People']} rows={data.map((d) => [d.segment, String(d.people)])} />
    </figure>
  );
}

export function ProviderHealthTable({ rows }: { rows: ProviderHealth[] }) {
  return (
    <section className="card" aria-label="Provider health">
      <h2 style={{ marginTop: 0 }}>Provider health</h2>
      {rows.length === 0 ? (
        <p className="empty">No suggestions were requested in this period.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Provider · model</th>
              <th>Shown</th>
              <th>Latency p50 / p95</th>
              <th>First token p50 / p95</th>
              <th>Failure rate</th>
              <th>Failures by kind</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.providerModel}>
                <td>{r.providerModel}</td>
                <td>{r.shown}</td>
                <td>
                  {ms(r.latencyP50)} / {ms(r.latencyP95)}
                </td>
                <td>
                  {ms(r.firstTokenP50)} / {ms(r.firstTokenP95)}
                </td>
                <td>{pct(r.failureRate)}</td>
                <td>{Object.entries(r.failures).map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A rate for the charts' tables: a share, or a dash for a day with nothing to divide. */
const rate = (v: number | null) => (v === null ? '—' : pct(v));

/** The chart's numbers for screen readers (visually hidden): what the picture shows, as a table. */
function DataTable({ caption, head, rows }: { caption: string; head?: string[]; rows: string[][] }) {
  return (
    <table style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
      <caption>{caption}</caption>
      {head && (
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((r) => (
          <tr key={r[0]}>
            {r.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every chart of a view; its own chunk, loaded after the headline figures are on screen. */
export default function Charts({ result }: { result: ComputeResult }) {
  return (
    <>
      <div className="two-col">
        <Funnel m={result.metrics} />
        <Trends points={result.trend} />
        <DismissReasons m={result.metrics} />
        <Habits habits={result.habits} />
      </div>
      <ProviderHealthTable rows={result.health} />
    </>
  );
}
