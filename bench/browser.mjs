// Launches Debian's Chromium the way the tests do, with or without the built extension.
import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findChromium } from '../scripts/find-chromium.mjs';

export const EXTENSION_DIR = path.resolve('.output/chrome-mv3');
// CHROME_EXTRA_ARGS: more flags for a probe, separated by spaces (e.g. --js-flags=--trace-gc-nvp; V8 flags together in one --js-flags=a,b).
const EXTRA_ARGS = (process.env.CHROME_EXTRA_ARGS ?? '').split(/\s+/).filter(Boolean);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch({ withExtension }) {
  const ext = withExtension ? [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`] : [];
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'axtrace-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: await findChromium(),
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [...ext, ...ARGS, ...EXTRA_ARGS],
  });
  // Lets a benchmark find this browser's processes among others' (memory figures).
  context.userDataDir = userDataDir;
  return context;
}

export async function serviceWorkerOf(context) {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}
