import { createRoot } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { PANEL_CSS } from './panel-css';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { PanelRoot } from '@/components/panel/PanelRoot';
import { AssistController } from './assist-controller';
import { createPanelStore } from './panel-store';
import { Outbox } from './outbox';
import { watchPage } from './page-watcher';
import { AdapterHealth } from './adapter-health';
import { customAdapters, pickAdapter } from '../adapters/registry';
import { PANEL_HOST_TAG } from '../adapters/types';
import type { TabStatus } from '../messaging/protocol';
import { loadContentConfig, onContentConfigChange } from '../config/content-config';
import { openTeachWizard } from './teach-ui';

/**
 * The panel, its controller and the page watcher, started by the content script once the host
 * page has loaded (the assist script, entrypoints/assist.ts; lib/content/assist-loader.ts).
 */
export async function startAssist(ctx: ContentScriptContext): Promise<void> {
  const store = createPanelStore();
  const controller = new AssistController(store, new Outbox());
  let config = await loadContentConfig();
  let custom = customAdapters(config.customAdapters);
  controller.holdoutShare = config.holdoutShare;
  // The wizard takes the panel's place while the person points at the page.
  const teach = () => {
    if (store.getState().open) controller.closePanel();
    void openTeachWizard(ctx, () => config.customAdapters);
  };

  const ui = await createShadowRootUi(ctx, {
    name: PANEL_HOST_TAG,
    css: PANEL_CSS,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount(container) {
      const root = createRoot(container);
      container.classList.add('ax-root');
      root.render(<PanelRoot store={store} controller={controller} onTeach={teach} />);
      return root;
    },
    onRemove: (root) => root?.unmount(),
  });
  ui.mount();

  const stop = new AbortController();
  ctx.onInvalidated(() => stop.abort());
  const health = new AdapterHealth((miss) => {
    store.setState({ notice: `AxTrace could not find this app's editor where it expected it, so it is working in basic mode. Your pilot manager can see this in the log.` });
    browser.runtime.sendMessage({ type: 'adapter.miss', ...miss }).catch(() => undefined);
  });
  const rescan = watchPage(controller, () => health.choose(pickAdapter(new URL(location.href), config.disabledAdapters, custom), document), stop.signal);
  onContentConfigChange((next) => {
    config = next;
    custom = customAdapters(next.customAdapters);
    controller.holdoutShare = next.holdoutShare;
    rescan();
  });

  // Alt+Shift+A also arrives as a browser command when the browser lets it through.
  ctx.addEventListener(document, 'keydown', (e: KeyboardEvent) => {
    if (e.isTrusted && e.altKey && e.shiftKey && e.code === 'KeyA') {
      e.preventDefault();
      controller.togglePanel('shortcut');
    }
  }, { capture: true });
  ctx.addEventListener(window, 'pagehide', () => controller.endTask('unload'));

  browser.runtime.onMessage.addListener((raw, sender) => {
    if (sender.id !== browser.runtime.id) return;
    const type = (raw as { type?: unknown } | null)?.type;
    if (type === 'panel.toggle') {
      controller.togglePanel('command');
      return;
    }
    if (type === 'teach.start') {
      teach();
      return;
    }
    if (type !== 'status') return;
    const s = store.getState();
    const status: TabStatus = { active: true, adapter: s.adapterId, editorFound: s.attached, workflow: s.workflow, notice: s.notice };
    return Promise.resolve(status);
  });
}
