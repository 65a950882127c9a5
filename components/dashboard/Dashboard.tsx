import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useConfig } from '../options/useConfig';
import { stats } from './stats-client';
import { filterOf, viewFromHash, viewHash } from './view-url';
import { Headline } from './Headline';
import { Readiness } from './Readiness';
import { TraceView } from './TraceView';
import { TeamImport } from './TeamImport';
import { FilterBar } from './FilterBar';
import { ComparisonTable } from './Comparison';
import type { StatsFilter } from '@/lib/stats/filters';
import { readiness } from '@/lib/stats/readiness';
import type { Comparison, ComputeResult, LoadResult, TraceResult, ImportProgress } from '@/lib/stats/worker-protocol';
import type { ImportFile } from '@/lib/stats/team-import';

// The charts and the table library are most of the page's code: the headline figures do not wait for them.
const Charts = lazy(() => import('./Charts'));
const TaskTable = lazy(() => import('./TaskTable'));

/** The team lead's dashboard: adoption and friction for one person or the whole team. */
export function Dashboard() {
  const request = stats.request.bind(stats);
  const [config] = useConfig();
  const [loaded, setLoaded] = useState<LoadResult | null>(null);
  const [filter, setFilter] = useState<StatsFilter | null>(null);
  const [compare, setCompare] = useState<Comparison | null>(null);
  const [result, setResult] = useState<ComputeResult | null>(null);
  const [trace, setTrace] = useState<TraceResult | null>(null);
  const [runs, setRuns] = useState(0);
  // Charts and the task table redraw after the figures, without holding them back.
  const drawn = useDeferredValue(result);

  // The view the worker computed while the page loaded; later views are asked for when the filter changes.
  const shown = useRef<{ filter: StatsFilter; compare: Comparison | null; loaded: LoadResult } | null>(null);
  useEffect(() => {
    void stats.opening.then((o) => {
      shown.current = { filter: o.filter, compare: null, loaded: o.loaded };
      setLoaded(o.loaded);
      // A view in the address (a bookmark, a link sent, a reload) is computed next.
      const asked = viewFromHash(location.hash);
      setFilter(asked ? filterOf(asked.filter, o.filter) : o.filter);
      if (asked) setCompare(asked.compare);
      setResult(o.result);
      setRuns((n) => n + 1);
    });
  }, []);
  // The address follows the view (without a history entry per filter change), and a view put in
  // it — an insight's link, Back, an edited address — is shown.
  useEffect(() => {
    if (filter) history.replaceState(null, '', viewHash(filter, compare));
  }, [filter, compare]);
  useEffect(() => {
    const follow = () => {
      const asked = viewFromHash(location.hash);
      if (!asked) return;
      setFilter((current) => (current ? filterOf(asked.filter, current) : current));
      setCompare(asked.compare);
    };
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const reload = useCallback(async () => setLoaded(await request<LoadResult>({ type: 'load' })), []);

  useEffect(() => {
    if (!filter || !loaded) return;
    const spec = compare && compare.a && compare.b ? compare : null;
    const view = shown.current;
    if (view && view.filter === filter && view.compare === spec && view.loaded === loaded) return;
    shown.current = { filter, compare: spec, loaded };
    void request<ComputeResult>({ type: 'compute', filter, compare: spec }).then((r) => {
      setResult(r);
      setRuns((n) => n + 1);
    });
  }, [filter, compare, loaded]);

  const importFiles = async (files: ImportFile[], progress: (p: ImportProgress) => void, signal: AbortSignal) => {
    const r = await stats.importFiles(files, config?.retentionDays, progress, signal);
    if (r.ok) await reload();
    return r;
  };
  const remove = async (source: string) => {
    await request({ type: 'remove', source });
    await reload();
  };
  // Focus goes back to the task's row when its trace closes.
  const traceOpener = useRef<HTMLElement | null>(null);
  const openTrace = async (taskId: string) => {
    traceOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setTrace(await request<TraceResult>({ type: 'trace', taskId }));
  };
  const closeTrace = () => {
    setTrace(null);
    traceOpener.current?.focus();
  };

  return (
    <main className="dash">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div>
          <h1>AxTrace dashboard</h1>
          <p className="muted">Is AI being used, where does it help, where do people fall back to doing it by hand, and why.</p>
        </div>
        <p className="muted" data-testid="timing" data-runs={runs}>
          {loaded && result ? `${loaded.tasks.toLocaleString('en')} tasks · loaded in ${Math.round(loaded.loadMs)} ms, computed in ${Math.round(result.computeMs)} ms off the main thread` : 'Loading…'}
        </p>
      </div>
      {loaded && filter && <FilterBar filter={filter} options={loaded.options} days={{ first: loaded.firstDay, last: loaded.lastDay }} compare={compare} onChange={setFilter} onCompare={setCompare} />}
      {loaded && loaded.tasks === 0 && (
        <section className="card empty" aria-label="No data yet">
          <p>
            <b>No tasks recorded yet.</b> Open a ticket or CRM record where your team replies, use the AxTrace panel, and come back — or import your team’s exports below.
          </p>
        </section>
      )}
      {result && (
        <>
          <Headline metrics={result.metrics} previous={result.previous} />
          {result.comparison && compare && <ComparisonTable spec={compare} a={result.comparison.a} b={result.comparison.b} />}
          {config && <Readiness items={readiness(result.metrics, config.readinessTargets, config.seats)} />}
          <section className="card" aria-label="Insights">
            <h2 style={{ marginTop: 0 }}>Biggest friction points</h2>
            {result.insights.length === 0 ? (
              <p className="muted">Nothing stands out in this period: no site and workflow where suggestions are dismissed or replaced by hand in 30% of cases or more.</p>
            ) : (
              <ul>
                {result.insights.map((i) => (
                  <li key={i.text}>
                    <a href={filter ? viewHash({ ...filter, ...i.filter }, compare) : undefined}>{i.text}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Suspense fallback={<p className="muted">Drawing the charts…</p>}>
            {drawn && <Charts result={drawn} />}
          </Suspense>
          {trace && <TraceView trace={trace} onClose={closeTrace} />}
          <section className="card" aria-label="Latest tasks">
            <h2 style={{ marginTop: 0 }}>
              Tasks <span className="muted" style={{ fontSize: 14, fontWeight: 400 }}>{tasksCaption((drawn ?? result).tasks.length, (drawn ?? result).metrics.tasks)}</span>
            </h2>
            <Suspense fallback={<p className="muted">Loading the table…</p>}>
              <TaskTable tasks={(drawn ?? result).tasks} onOpen={(id) => void openTrace(id)} />
            </Suspense>
          </section>
        </>
      )}
      {loaded && <TeamImport sources={loaded.sources} onImport={importFiles} onRemove={remove} />}
    </main>
  );
}

/** What the task table holds of the view: all its tasks, or the latest of them. */
function tasksCaption(rows: number, total: number): string {
  if (!total) return '';
  const of = total.toLocaleString('en');
  return rows < total ? `the latest ${rows.toLocaleString('en')} of ${of} in this view · open one to see its trace` : `${of} in this view · open one to see its trace`;
}
