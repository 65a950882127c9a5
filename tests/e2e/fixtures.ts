import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM script without types
import { startDemoServer } from '../../scripts/demo-server.mjs';
// @ts-expect-error plain ESM script without types
import { findChromium } from '../../scripts/find-chromium.mjs';

export const EXTENSION_DIR = path.resolve('.output/chrome-mv3');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchWithExtension(userDataDir: string, extraArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: await findChromium(),
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`, ...CHROMIUM_ARGS, ...extraArgs],
  });
}

export async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

interface Fixtures {
  /** Extra Chromium flags, e.g. host-resolver rules that send a real app's host to the fixture server. */
  browserArgs: string[];
  context: BrowserContext;
  extensionId: string;
  page: Page;
  /** An extension page (options) used to query the background like the dashboard does. */
  ext: ExtensionPage;
}

interface WorkerFixtures {
  demoServer: { url: string; httpsUrl: string };
  demoUrl: string;
  /** The same fixture pages over HTTPS, with a self-signed certificate made at start-up. */
  demoHttpsUrl: string;
}

export interface StoredEvent {
  id: string;
  type: string;
  taskId: string | null;
  suggestionId: string | null;
  recordRef: string | null;
  seq: number;
  [key: string]: unknown;
}

export class ExtensionPage {
  constructor(
    readonly page: Page,
    readonly id: string,
  ) {}

  async send<T = unknown>(message: unknown): Promise<T> {
    return this.page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
  }

  async events(filter: { taskId?: string; types?: string[] } = {}): Promise<StoredEvent[]> {
    const reply = await this.send<{ ok: boolean; events: StoredEvent[]; error?: string }>({ type: 'events.list', filter: { limit: 10000, ...filter } });
    if (!reply.ok) throw new Error(reply.error);
    return reply.events;
  }

  /** Waits until an event of this type is in the log and returns the log at that moment. */
  async waitFor(type: string, count = 1): Promise<StoredEvent[]> {
    let events: StoredEvent[] = [];
    await expect
      .poll(async () => {
        events = await this.events();
        return events.filter((e) => e.type === type).length;
      }, { message: `waiting for ${count} × ${type}` })
      .toBeGreaterThanOrEqual(count);
    return events;
  }
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  demoServer: [
    async ({}, use) => {
      const server = await startDemoServer({ port: 0, https: true });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  demoUrl: [async ({ demoServer }, use) => use(demoServer.url), { scope: 'worker' }],
  demoHttpsUrl: [async ({ demoServer }, use) => use(demoServer.httpsUrl), { scope: 'worker' }],
  browserArgs: [[], { option: true }],
  context: async ({ browserArgs }, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'axtrace-e2e-'));
    const context = await launchWithExtension(dir, browserArgs);
    await use(context);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  },
  extensionId: async ({ context }, use) => use(await extensionIdOf(context)),
  page: async ({ context }, use) => use(context.pages()[0] ?? (await context.newPage())),
  ext: async ({ context, extensionId }, use) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await use(new ExtensionPage(page, extensionId));
  },
});

export { expect };

/** Serves a real app's host name from the loopback fixture server (no request leaves the machine). */
export function mapHostToLoopback(host: string): string[] {
  return [`--host-resolver-rules=MAP ${host} 127.0.0.1`];
}

/** The fixture server's URL under a real app's host name. */
export function siteUrl(demoUrl: string, host: string): string {
  return `http://${host}:${new URL(demoUrl).port}`;
}

/**
 * For HSTS-preloaded hosts (app.intercom.com, mail.google.com): Chromium refuses plain http to
 * them, so the host is mapped to loopback and served by the fixture server's HTTPS listener.
 * Its certificate is self-signed, and HSTS hosts allow no click-through, hence the flag.
 * The host-resolver rule maps only the address: the port goes in the URL (see siteHttpsUrl).
 */
export function mapHostToHttpsLoopback(host: string): string[] {
  return [...mapHostToLoopback(host), '--ignore-certificate-errors'];
}

/** The fixture server's HTTPS URL under a real app's host name, e.g. https://mail.google.com:<port>. */
export function siteHttpsUrl(demoHttpsUrl: string, host: string): string {
  return `https://${host}:${new URL(demoHttpsUrl).port}`;
}
