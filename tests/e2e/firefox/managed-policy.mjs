// Enterprise policy in real Firefox ESR: Firefox hands an add-on's managed storage from
// policies.json ("3rdparty" → "Extensions" → the add-on's gecko id). On Linux it reads
// /etc/firefox/policies/policies.json (checked on Debian's firefox-esr 140, whose /etc/firefox-esr
// is not read for policies; <install dir>/distribution/policies.json also works but is only read
// when the /etc file is absent). The file is written (root needed, as on CI), Firefox started, and
// the file removed again at once: Firefox reads policies only at start-up, and other Firefox runs
// on the machine must not inherit it. The options page must then show the managed fields as set
// by the organisation.
import puppeteer from 'puppeteer-core';
import path from 'node:path';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { findFirefox } from '../../../scripts/find-chromium.mjs';

const ADDON_DIR = path.resolve('.output/firefox-mv2');
const GECKO_ID = JSON.parse(readFileSync(path.join(ADDON_DIR, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
const UUID = 'c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b';
const POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = path.join(POLICY_DIR, 'policies.json');
const BACKUP = `${POLICY_FILE}.axtrace-test-backup`;
const started = Date.now();
let passed = 0;
let failed = 0;

const policy = { pilotId: 'acme-firefox-pilot', seats: 7, holdoutShare: 7 }; // 7 is outside 0–0.5: reported, ignored
// Only folders this test makes are removed again.
const made = [path.dirname(POLICY_DIR), POLICY_DIR].filter((dir) => !existsSync(dir));
const hadPolicy = existsSync(POLICY_FILE);
/** Writes the policy, keeping any policies.json already there to put back afterwards. */
function writePolicy() {
  mkdirSync(POLICY_DIR, { recursive: true });
  if (hadPolicy) renameSync(POLICY_FILE, BACKUP);
  writeFileSync(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }));
}
function removePolicy() {
  rmSync(POLICY_FILE, { force: true });
  if (hadPolicy) renameSync(BACKUP, POLICY_FILE);
  for (const dir of [...made].reverse()) rmdirSync(dir);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** moz-extension:// pages refuse puppeteer's waitForFunction (CSP): poll with evaluate instead. */
async function poll(page, fn, arg, what, timeout = 20000) {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    last = await page.evaluate(fn, arg).catch((error) => `(${error.message})`);
    if (last && !String(last).startsWith('(')) return last;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}; last: ${last}`);
}

writePolicy();
let browser;
try {
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: await findFirefox(),
    headless: true,
    args: ['--remote-allow-system-access'], // to open moz-extension:// pages
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  });
} finally {
  removePolicy();
}

try {
  await browser.installExtension(ADDON_DIR);
  const page = await browser.newPage();
  try {
    // page.goto on moz-extension:// never resolves: start it and poll the page.
    page.goto(`moz-extension://${UUID}/options.html`).catch(() => undefined);
    const banner = await poll(page, () => document.querySelector('[data-testid="managed-banner"]')?.textContent, null, 'the managed-policy banner');
    assert.match(banner, /Set by your organisation and locked here: pilotId, seats\./);
    assert.match(banner, /Ignored as invalid in the policy: holdoutShare\./);
    const summary = await poll(page, () => [...document.querySelectorAll('p')].find((p) => p.textContent.startsWith('Pilot '))?.textContent, null, 'the configuration summary');
    assert.match(summary, /^Pilot acme-firefox-pilot,/);
    passed++;
    console.log('  ✓ Firefox: an enterprise policy in policies.json reaches managed storage; the options page shows pilotId and seats as set by the organisation and ignores an invalid holdoutShare');
  } catch (error) {
    failed++;
    console.log(`  ✗ Firefox: enterprise policy\n    ${error?.stack ?? error}`);
  }
} finally {
  await browser.close();
}
assert.equal(existsSync(POLICY_FILE), hadPolicy, 'the test policy was left behind');

console.log(`\nfirefox managed policy: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)}s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
