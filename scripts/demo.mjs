// npm run demo: build the extension, serve the demo helpdesk and CRM pages on loopback, and open
// Chromium with AxTrace loaded. Without a display, walk through the loop headless and save a
// screenshot of each step.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startDemoServer } from './demo-server.mjs';
import { findChromium } from './find-chromium.mjs';

const EXTENSION_DIR = path.resolve('.output/chrome-mv3');
const OUT_DIR = path.resolve('demo-output');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function build() {
  console.log('Building the extension…');
  const r = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the extension did not build');
}

async function launch(headless) {
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'axtrace-demo-')), {
    executablePath: await findChromium(),
    headless,
    viewport: headless ? { width: 1440, height: 900 } : null,
    args: [`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`, ...ARGS],
  });
}

async function interactive(server) {
  const context = await launch(false);
  const [page] = context.pages();
  await page.goto(`${server.url}/helpdesk/tickets/1042`);
  const crm = await context.newPage();
  await crm.goto(`${server.url}/crm/contacts/501`);
  await page.bringToFront();
  console.log(`\nAxTrace is running in Chromium.\n  Helpdesk ticket: ${server.url}/helpdesk/tickets/1042\n  CRM contact:     ${server.url}/crm/contacts/501`);
  console.log('Click "Suggest" beside the reply box (or press Alt+Shift+A). Close the browser to stop.');
  await new Promise((resolve) => context.on('close', resolve));
}

async function walkthrough(server) {
  mkdirSync(OUT_DIR, { recursive: true });
  const context = await launch(true);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  const host = page.locator('axtrace-panel');
  const shots = [];
  const shot = async (name, what, target = page) => {
    const file = path.join(OUT_DIR, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
    await target.screenshot({ path: file });
    shots.push(file);
    console.log(`  ${what.padEnd(44)} ${file}`);
  };

  console.log('\nNo display found: walking through the assist loop headless.');
  await page.goto(`${server.url}/helpdesk/tickets/1042`);
  await host.locator('.ax-launcher').waitFor();
  await shot('ticket', 'The ticket, with AxTrace docked by the reply');
  await host.locator('.ax-launcher').click();
  await shot('panel', 'Panel open with the context it read');
  await host.getByRole('button', { name: 'Suggest a reply' }).click();
  await host.getByTestId('axtrace-suggestion').waitFor();
  await shot('suggestion', 'A suggestion with its "why" line');
  await host.getByRole('button', { name: 'Insert', exact: true }).click();
  await shot('inserted', 'Inserted into the reply box');
  const reply = page.getByRole('textbox', { name: 'Reply to customer' });
  const text = await reply.inputValue();
  await reply.fill(text.replace(/You do not need to do anything else\.[\s\S]*$/, 'Thanks again for your patience.'));
  await shot('edited', 'The agent edits it');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await host.getByTestId('axtrace-status').filter({ hasText: 'recorded as' }).waitFor();
  await shot('sent', 'Sent: the outcome is recorded');
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 300 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByTestId('popup-today').waitFor();
  await shot('stats', "Today's figures in the popup", popup);
  await context.close();
  console.log(`\nSaved ${shots.length} screenshots in ${OUT_DIR}`);
}

build();
const server = await startDemoServer({ port: Number(process.env.PORT ?? 5174) }).catch(() => startDemoServer({ port: 0 }));
try {
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) await interactive(server);
  else await walkthrough(server);
} finally {
  await server.close();
}
