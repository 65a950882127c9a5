import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { VerifyResult } from '@/lib/background/log-service';

/** Recomputes the hash chain of the local log and says whether it is intact. */
export function ChainCheck() {
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const reply = (await browser.runtime.sendMessage({ type: 'chain.verify' })) as { ok: boolean; result: VerifyResult };
    setResult(reply.result);
    setBusy(false);
  };
  return (
    <>
      <h2>Log integrity</h2>
      <section className="card">
        <p className="muted">Every event is chained to the one before it with SHA-256. Changing, removing or inserting an event breaks the chain.</p>
        <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
          {busy ? 'Checking…' : 'Verify the log'}
        </button>
        <p role="status" data-testid="chain-result" className={result ? (result.ok ? 'ok' : 'error') : ''}>
          {result && (result.ok ? `Intact: ${result.events} events checked.` : `Broken: ${result.message}.`)}
        </p>
      </section>
    </>
  );
}
