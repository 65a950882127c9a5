import { createRoot, type Root } from 'react-dom/client';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { PANEL_CSS } from './panel-css';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { MatchPattern } from '@webext-core/match-patterns';
import { TeachWizard } from '@/components/teach/TeachWizard';
import type { CustomAdapterSpec } from '../adapters/custom-spec';

let open: ShadowRootContentScriptUi<Root> | null = null;

/**
 * Shows the wizard that teaches AxTrace this app, in its own shadow root. It edits the custom
 * adapter that already applies to this page, if any. The background validates and stores what is
 * saved; the content script picks the new adapter up from the configuration change.
 */
export async function openTeachWizard(ctx: ContentScriptContext, specs: () => CustomAdapterSpec[]): Promise<void> {
  if (open) return;
  const existing = specs().find((s) => s.matches.some((m) => safeIncludes(m, location.href))) ?? null;
  const ui = await createShadowRootUi(ctx, {
    name: 'axtrace-teach',
    css: PANEL_CSS,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount(container) {
      container.classList.add('ax-root');
      const root = createRoot(container);
      root.render(<TeachWizard doc={document} existing={existing} onSave={save} onClose={close} />);
      return root;
    },
    onRemove: (root) => root?.unmount(),
  });
  ui.mount();
  open = ui;
}

function close(): void {
  open?.remove();
  open = null;
}

async function save(spec: CustomAdapterSpec): Promise<{ ok: boolean; error?: string }> {
  try {
    const reply = (await browser.runtime.sendMessage({ type: 'customAdapter.save', adapter: spec })) as { ok: boolean; error?: string };
    return reply ?? { ok: false, error: 'no answer from AxTrace' };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function safeIncludes(pattern: string, url: string): boolean {
  try {
    return new MatchPattern(pattern).includes(url);
  } catch {
    return false;
  }
}
