// The extension's overhead on time-to-first-token and total time, against calling the same
// loopback OpenAI-compatible server directly from a page in the same browser, in the same run.
import { startFakeLlm } from '../tests/support/fake-llm-server.mjs';
import { median, round } from './stats.mjs';

const RUNS = 12;
// A realistic model takes a while before its first token; the overhead is judged against that.
const FIRST_TOKEN_MS = 250;

export async function providerOverhead({ context, extensionId, demoUrl }) {
  const llm = await startFakeLlm({ firstTokenDelayMs: FIRST_TOKEN_MS });
  const baseUrl = llm.base('slow');
  try {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.evaluate(async (url) => {
      const { pilotConfig = {} } = await chrome.storage.local.get('pilotConfig');
      const provider = { kind: 'openai-compatible', label: 'Bench', baseUrl: url, model: 'bench', headers: {}, onDevice: false };
      await chrome.storage.local.set({ pilotConfig: { ...pilotConfig, provider } });
    }, baseUrl);
    await options.close();

    const page = await context.newPage();
    await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
    const host = page.locator('axtrace-panel');
    await host.locator('.ax-launcher').click();
    const direct = [];
    const viaExtension = [];
    for (let i = 0; i < RUNS; i++) {
      direct.push(await page.evaluate(streamDirect, baseUrl));
      viaExtension.push(await suggestThroughPanel(page, host, i === 0));
    }
    await page.close();
    const summary = (key) => {
      const d = median(direct.map((r) => r[key]));
      const e = median(viaExtension.map((r) => r[key]));
      return { directMs: round(d), extensionMs: round(e), overheadMs: round(e - d), ratio: round(e / d, 3) };
    };
    return { runs: RUNS, modelFirstTokenDelayMs: FIRST_TOKEN_MS, firstToken: summary('firstTokenMs'), total: summary('totalMs') };
  } finally {
    await llm.close();
  }
}

/** Runs in the page: one streamed chat completion, timed to the first content chunk and the end. */
async function streamDirect(baseUrl) {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: 'Customer: where is my parcel?' }] }),
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let first = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    if (!first && /"content":"[^"]/.test(decoder.decode(r.value))) first = performance.now() - t0;
  }
  return { firstTokenMs: first, totalMs: performance.now() - t0 };
}

/** A real click on Suggest (or Regenerate), timed in the page to the first streamed text and to "shown". */
async function suggestThroughPanel(page, host, first) {
  const timing = page.evaluate(
    () =>
      new Promise((resolve) => {
        const root = document.querySelector('axtrace-panel').shadowRoot;
        let t0 = 0;
        let firstText = 0;
        root.addEventListener('click', () => (t0 ||= performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (!t0) return;
          if (!firstText && root.querySelector('.ax-streaming .ax-suggestion[data-streamed]')) firstText = performance.now();
          if (root.querySelector('.ax-shown')) {
            observer.disconnect();
            const end = performance.now();
            resolve({ firstTokenMs: (firstText || end) - t0, totalMs: end - t0 });
          }
        });
        observer.observe(root, { subtree: true, childList: true, characterData: true });
      }),
  );
  await host.getByRole('button', { name: first ? 'Suggest a reply' : 'Regenerate' }).click();
  return timing;
}
