import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startAssist } from '@/lib/content/start-assist';
import { ASSIST_START } from '@/lib/content/assist-loader';

// Most of the content script: the panel, the site adapters and the schemas. The content script
// (entrypoints/content.tsx) imports this module once the host page has loaded, into its own
// isolated world, and starts it with its context.
export default defineUnlistedScript(() => {
  (globalThis as Record<symbol, unknown>)[ASSIST_START] = startAssist;
});
