import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useConfig } from './useConfig';
import { requestOriginPermission } from '@/lib/util/host-permission';
import { PilotConfig } from '@/lib/config/schema';
import type { CollectorStatus } from '@/lib/background/collector';

/** Optional push of events to an OTLP/HTTP receiver, with its live status. */
export function CollectorSettings() {
  const [config, save] = useConfig();
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [status, setStatus] = useState<CollectorStatus | null>(null);
  useEffect(() => {
    const poll = () => void browser.runtime.sendMessage({ type: 'collector.status' }).then((r: { status?: CollectorStatus }) => setStatus(r?.status ?? null), () => undefined);
    poll();
    const timer = setInterval(poll, 3000);
    return () => clearInterval(timer);
  }, []);
  if (!config) return null;
  const value = endpoint ?? config.collector?.endpoint ?? '';

  const apply = async (url: string) => {
    const next = { ...config, collector: url.trim() ? { endpoint: url.trim(), headers: config.collector?.headers ?? {}, batchSize: config.collector?.batchSize ?? 500 } : null };
    const parsed = PilotConfig.safeParse(next);
    if (!parsed.success) return setMessage({ ok: false, text: `The collector address ${parsed.error.issues[0].message}. Nothing was changed.` });
    if (parsed.data.collector) void requestOriginPermission(parsed.data.collector.endpoint);
    await save(parsed.data);
    setMessage({ ok: true, text: parsed.data.collector ? 'Saved. Events are pushed in the background and retried until the collector accepts them.' : 'Collector switched off.' });
  };

  return (
    <section className="card" aria-label="Collector">
      <p className="muted">Optional: push events as OTLP/HTTP JSON logs to your OpenTelemetry Collector, Langfuse or any OTLP receiver (e.g. https://otel.example.com/v1/logs).</p>
      <div className="row">
        <input type="text" aria-label="Collector address" style={{ flex: 1 }} value={value} placeholder="https://…/v1/logs" onChange={(e) => setEndpoint(e.target.value)} />
        <button type="button" onClick={() => void apply(value)}>
          Save collector
        </button>
      </div>
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
      {status && config.collector && (
        <p className="muted" data-testid="collector-status">
          {status.pushed} events pushed since the browser started{status.lastError ? ` · last problem: ${status.lastError}, retrying in ${Math.round((status.retryInMs ?? 0) / 1000)} s` : ''}.
        </p>
      )}
    </section>
  );
}
