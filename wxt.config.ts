import { defineConfig } from 'wxt';

// The Firefox id is fixed so that storage, policies and test harnesses can address the add-on.
const GECKO_ID = 'axtrace@axtrace.dev';

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  outDir: '.output',
  // ES-module workers can load code on demand: the stats worker fetches the import validators
  // (zod schemas) only when a team lead imports files.
  vite: () => ({ worker: { format: 'es' } }),
  manifest: ({ browser }) => ({
    name: 'AxTrace',
    description:
      'AI suggestions inside your helpdesk and CRM, with a local, traceable record of what you did with each one.',
    permissions: ['storage', 'unlimitedStorage', 'activeTab', 'clipboardWrite', 'alarms'],
    // Content scripts run on every page so the generic adapter can find any reply box;
    // providers' endpoints are requested at run time as optional host permissions.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // Manifest V2 (Firefox) lists optional host permissions with the other optional permissions.
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*', 'http://*/*'] } : {}),
    // Enterprise policy (Chrome/Edge managed storage); Firefox reads the same keys from policies.json.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // WebAssembly (never eval) on extension pages and their workers: exports hash their files with
    // hash-wasm. Content scripts are not covered by this policy.
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';"
        : { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';" },
    // The assist script, imported by the content script into its isolated world once a page has
    // loaded (lib/content/assist-loader.ts); in Chrome at a per-session URL, so a page cannot use
    // it to tell that AxTrace is installed.
    web_accessible_resources:
      browser === 'firefox' ? ['assist.js'] : [{ resources: ['assist.js'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: 'Open or close the AxTrace panel',
      },
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
