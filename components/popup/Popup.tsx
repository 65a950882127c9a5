import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { TabStatus, TodayStats } from '@/lib/messaging/protocol';

/** Is AxTrace active on this tab, and what happened today. */
export function Popup() {
  const [status, setStatus] = useState<TabStatus | null | 'none'>(null);
  const [today, setToday] = useState<TodayStats | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      setTabId(tab?.id ?? null);
      try {
        const s = tab?.id !== undefined ? ((await browser.tabs.sendMessage(tab.id, { type: 'status' })) as TabStatus) : null;
        setStatus(s ?? 'none');
      } catch {
        setStatus('none');
      }
      const reply = (await browser.runtime.sendMessage({ type: 'stats.today' })) as { ok: boolean; stats: TodayStats };
      if (reply?.ok) setToday(reply.stats);
    })();
  }, []);

  return (
    <main style={{ width: 320, padding: 16 }}>
      <h1>AxTrace</h1>
      <p aria-live="polite" data-testid="popup-status">
        {status === null
          ? 'Checking this tab…'
          : status === 'none'
            ? 'Not active on this tab (AxTrace runs on web pages, not browser pages).'
            : status.editorFound
              ? `Active — ${status.adapter} adapter found the ${status.workflow ?? 'reply'} editor.`
              : 'Active, but no reply box on this page yet.'}
      </p>
      {status !== null && status !== 'none' && tabId !== null && (
        <button type="button" onClick={() => void browser.tabs.sendMessage(tabId, { type: 'teach.start' }).then(() => window.close())}>
          Teach AxTrace this app…
        </button>
      )}
      <h2>Today</h2>
      {today ? (
        <div className="row" data-testid="popup-today">
          <span className="stat"><b>{today.shown}</b> shown</span>
          <span className="stat"><b>{today.inserted}</b> inserted</span>
          <span className="stat"><b>{today.dismissed}</b> dismissed</span>
          <span className="stat"><b>{today.submitted}</b> sent</span>
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {today && today.submitted > 0 && (
        <p className="muted">
          {Object.entries(today.outcomes).map(([k, v]) => `${v} ${k}`).join(' · ')}
        </p>
      )}
      <p className="row">
        <a href={browser.runtime.getURL('/dashboard.html')} target="_blank" rel="noreferrer">Dashboard</a>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">Settings</a>
      </p>
    </main>
  );
}
