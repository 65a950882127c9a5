import type { StatsFilter } from '@/lib/stats/filters';
import { addDays } from '@/lib/stats/filters';
import type { Comparison, LoadResult } from '@/lib/stats/worker-protocol';
import { today } from './format';

const FIELDS: { key: keyof LoadResult['options'] & keyof StatsFilter; label: string }[] = [
  { key: 'site', label: 'Site' },
  { key: 'workflow', label: 'Workflow' },
  { key: 'teamId', label: 'Team' },
  { key: 'actor', label: 'Person' },
  { key: 'providerModel', label: 'Provider · model' },
  { key: 'prompt', label: 'Prompt version' },
  { key: 'source', label: 'Source' },
];

interface Props {
  filter: StatsFilter;
  options: LoadResult['options'];
  /** The first and last day with data: the periods offered end at the later of the last and today. */
  days: { first: string | null; last: string | null };
  compare: Comparison | null;
  onChange(next: StatsFilter): void;
  onCompare(next: Comparison | null): void;
}

/** The periods one click away, ending with the data (or today). */
function periods({ first, last }: Props['days']): { label: string; from: string; to: string }[] {
  const now = today();
  const to = last && last > now ? last : now;
  const recent = [7, 28, 90].map((n) => ({ label: `${n} days`, from: addDays(to, -(n - 1)), to }));
  return first ? [...recent, { label: 'All', from: first < to ? first : to, to }] : recent;
}

export function FilterBar({ filter, options, days, compare, onChange, onCompare }: Props) {
  const field = compare?.field ?? 'prompt';
  const choices = options[field];
  return (
    <section className="card" aria-label="Filters">
      <div className="row" role="group" aria-label="Period" style={{ marginBottom: 8 }}>
        {periods(days).map((p) => (
          <button key={p.label} type="button" aria-pressed={filter.from === p.from && filter.to === p.to} onClick={() => onChange({ ...filter, from: p.from, to: p.to })}>
            {p.label}
          </button>
        ))}
      </div>
      <div className="filters">
        <label>
          From
          <input type="date" value={filter.from} max={filter.to} onChange={(e) => e.target.value && onChange({ ...filter, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={filter.to} min={filter.from} onChange={(e) => e.target.value && onChange({ ...filter, to: e.target.value })} />
        </label>
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <select value={filter[f.key] ?? ''} onChange={(e) => onChange({ ...filter, [f.key]: e.target.value || undefined })}>
              <option value="">All</option>
              {/* A value from the address that no task has: shown, so the select does not say All while it filters. */}
              {filter[f.key] && !options[f.key].includes(filter[f.key]!) && <option value={filter[f.key]}>{filter[f.key]}</option>}
              {options[f.key].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="filters" style={{ marginTop: 8 }}>
        <label>
          Compare
          <select value={compare ? field : ''} onChange={(e) => onCompare(e.target.value ? { field: e.target.value as Comparison['field'], a: '', b: '' } : null)}>
            <option value="">Nothing</option>
            <option value="prompt">Two prompt versions</option>
            <option value="providerModel">Two providers</option>
          </select>
        </label>
        {compare &&
          (['a', 'b'] as const).map((side) => (
            <label key={side}>
              {side === 'a' ? 'This' : 'with'}
              <select value={compare[side]} onChange={(e) => onCompare({ ...compare, [side]: e.target.value })}>
                <option value="">Choose…</option>
                {choices.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          ))}
      </div>
    </section>
  );
}
