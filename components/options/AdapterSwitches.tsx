import { useConfig } from './useConfig';
import { BUILT_IN_ADAPTERS } from '@/lib/adapters/registry';

/** Per-adapter kill switches: a switched-off adapter leaves its app to the generic adapter. */
export function AdapterSwitches() {
  const [config, save] = useConfig();
  if (!config) return null;
  const toggle = (id: string, enabled: boolean) => {
    const disabled = new Set(config.disabledAdapters);
    if (enabled) disabled.delete(id);
    else disabled.add(id);
    void save({ ...config, disabledAdapters: [...disabled] });
  };
  return (
    <>
      <h2>Site adapters</h2>
      <section className="card" aria-label="Site adapters">
        <p className="muted">Each adapter knows one app's pages. Switch one off if an app update breaks it; AxTrace then works there in basic mode.</p>
        {BUILT_IN_ADAPTERS.map((a) => (
          <label key={a.id} style={{ display: 'block', fontWeight: 400 }}>
            <input type="checkbox" checked={!config.disabledAdapters.includes(a.id)} onChange={(e) => toggle(a.id, e.target.checked)} /> <b>{a.id}</b>{' '}
            <span className="muted">{a.matches.join(', ')}</span>
          </label>
        ))}
      </section>
    </>
  );
}
