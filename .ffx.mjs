import puppeteer from 'puppeteer-core';
import path from 'node:path';
import { startDemoServer } from './scripts/demo-server.mjs';
import { findFirefox } from './scripts/find-chromium.mjs';
const server = await startDemoServer({ port: 0, https: true });
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: await findFirefox(), headless: true, acceptInsecureCerts: true, defaultViewport: null,
  args: ['--width=1440', '--height=900'],
  extraPrefsFirefox: {
    'extensions.webextensions.uuids': JSON.stringify({ 'axtrace@axtrace.dev': '6f1c1f2e-8f8e-4a51-9d36-0d4b0e7a6c11' }),
    'network.dns.localDomains': 'northwind.freshdesk.com,northwind.lightning.force.com',
    'dom.security.https_first': false,
  },
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await browser.installExtension(path.resolve('.output/firefox-mv2'));
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console:', m.text()));
  await page.evaluateOnNewDocument(() => {
    window.panelRoot = () => document.querySelector('axtrace-panel')?.shadowRoot;
    window.sfEmailBody = () => document.querySelector('iframe[title="CK Editor Container"]')?.contentDocument?.querySelector('iframe[title="Email Body"]')?.contentDocument?.body;
  });
  await page.goto(`https://northwind.lightning.force.com:${server.httpsPort}/lightning/r/Case/5008d00000ZkQ2aAAF/view`);
  await page.waitForSelector('axtrace-panel', { timeout: 15000 });
  await page.locator('.windowViewMode-normal:not(.hidden) lightning-tab-bar a[role="tab"]::-p-text(Email)').setTimeout(10000).click();
  await page.waitForFunction(() => window.sfCk()?.status === 'ready' && window.sfEmailBody()?.getAttribute('role') === 'textbox', { timeout: 15000 });
  const box = await page.evaluate(() => {
      const outer = document.querySelector('iframe[title="CK Editor Container"]').getBoundingClientRect();
      const inner = document.querySelector('iframe[title="CK Editor Container"]').contentDocument.querySelector('iframe[title="Email Body"]').getBoundingClientRect();
      const body = window.sfEmailBody().getBoundingClientRect();
      return { left: outer.left + inner.left + body.left, top: outer.top + inner.top + body.top, width: body.width, height: body.height };
  });
  console.log(box);
  await page.mouse.click(box.left + box.width / 2, box.top + box.height / 2);
  await page.waitForFunction(() => panelRoot()?.querySelector('.ax-launcher'), { timeout: 15000 });
  await page.locator('axtrace-panel >>> .ax-launcher').click();
  await page.locator('axtrace-panel >>> .ax-wide').setTimeout(10000).click();
  await page.waitForFunction(() => panelRoot()?.querySelector('.ax-shown .ax-suggestion')?.textContent, { timeout: 20000 });
  const um = () => page.evaluate(() => { const e = sfCk(); return { data: e.getData().slice(0, 200), idx: e.undoManager.index, n: e.undoManager.snapshots.length, undoable: e.undoManager.undoable() }; });
  console.log('before', await um());
  await page.locator('axtrace-panel >>> .ax-actions .ax-btn-primary').click();
  await sleep(500);
  console.log('after insert', await um());
  await page.evaluate(() => window.sfEmailBody().focus());
  await page.keyboard.down('Control'); await page.keyboard.press('z'); await page.keyboard.up('Control');
  await sleep(300);
  console.log('after undo', await um());
  await page.screenshot({ path: '/tmp/wtad/sf.png' });
} finally { await browser.close(); await server.close(); }
