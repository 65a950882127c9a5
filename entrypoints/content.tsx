import { defineContentScript } from 'wxt/utils/define-content-script';
import { loadAssist } from '@/lib/content/assist-loader';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // The panel's styles come with the assist script (lib/content/panel-css.ts).
  cssInjectionMode: 'manual',
  async main(ctx) {
    // Stay out of the host page's load: start once it has loaded and the main thread is idle.
    await afterPageLoad();
    if (ctx.isValid) await loadAssist(ctx);
  },
});

function afterPageLoad(): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 1000 }) : setTimeout(resolve, 50));
    if (document.readyState === 'complete') idle();
    else window.addEventListener('load', idle, { once: true });
  });
}
