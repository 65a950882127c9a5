import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Where the assist script (entrypoints/assist.ts) leaves its start function in the isolated world. */
export const ASSIST_START = Symbol.for('axtrace.startAssist');

type StartAssist = (ctx: ContentScriptContext) => Promise<void>;

/**
 * Loads the assist script and starts it. Parsing the whole panel as the content script is
 * injected delayed a heavy page's load event by a quarter even when none of it ran (bench:
 * page-overhead.mjs), so the content script is only this loader and the rest is imported as a
 * module of the extension (web-accessible, at a per-session URL) once the page has loaded.
 * The module runs in the content script's isolated world, never in the page's.
 */
export async function loadAssist(ctx: ContentScriptContext): Promise<void> {
  await import(/* @vite-ignore */ browser.runtime.getURL('/assist.js'));
  const start = (globalThis as Record<symbol, unknown>)[ASSIST_START] as StartAssist | undefined;
  if (!start) throw new Error('AxTrace: the assist script did not load.');
  await start(ctx);
}
