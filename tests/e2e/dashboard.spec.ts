import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect } from './fixtures';
import { getSuggestion, panelOf } from './panel';
import { buildLog, toNdjson, type TaskScript } from '../support/log-builder';

const HOUR = 3_600_000;

/** Bo's week: two accepted replies, then three internal notes whose suggestions he dismissed and wrote by hand. */
function bosLog() {
  const start = Date.now() - 6 * HOUR;
  const accepted = (i: number): TaskScript => ({
    start: start + i * HOUR,
    steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 25, type: 'inserted', decisionMs: 20_000 }, { at: 70, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
  });
  const fallback = (i: number, reason: 'too_long' | 'tone'): TaskScript => ({
    start: start + i * HOUR,
    workflow: 'internal-note',
    steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown', chars: 900 }, { at: 12, type: 'dismissed', reason, decisionMs: 7000 }, { at: 200, type: 'sent', outcome: 'fallback', retention: null, aiShare: 0 }],
  });
  return buildLog({ actor: 'bo', decisionOwner: 'Support lead' }, [accepted(0), accepted(1), fallback(2, 'too_long'), fallback(3, 'too_long'), fallback(4, 'tone')]);
}

test('the dashboard shows the seeded figures, filters by person, drills down to a task and merges two overlapping team exports', async ({ page, demoUrl, ext }, testInfo) => {
  // This browser's own log: one suggestion used as-is, one reply written by hand.
  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  await getSuggestion(page);
  await panelOf(page).button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  await ext.waitFor('task.submitted');
  await page.goto(`${demoUrl}/helpdesk/tickets/1044`);
  await expect(panelOf(page).launcher).toBeVisible();
  await page.getByRole('textbox', { name: 'Reply to customer' }).click();
  await page.keyboard.type('Thanks for waiting, your export is on its way.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await ext.waitFor('task.submitted', 2);

  const dash = ext.page;
  await dash.goto(`chrome-extension://${ext.id}/dashboard.html`);
  const figure = (name: string) => dash.locator(`[data-figure="${name}"] .value`);
  await expect(figure('Coverage')).toHaveText('50%'); // 1 of 2 tasks opened the panel
  await expect(figure('Accepted')).toHaveText('50%');
  await expect(figure('Unassisted')).toHaveText('50%');
  // Each figure is explained on hover and on keyboard focus alike.
  const coverageHelp = dash.getByRole('tooltip').filter({ hasText: 'Tasks where the panel was opened' });
  await expect(coverageHelp).toBeHidden();
  await dash.locator('[data-figure="Coverage"] .name').focus();
  await expect(coverageHelp).toBeVisible();
  await expect(dash.locator('[data-figure="Coverage"] .name')).toHaveAccessibleDescription(/Tasks where the panel was opened/);
  await dash.locator('[data-figure="Coverage"] .name').blur();
  await expect(coverageHelp).toBeHidden();

  // Two exports of Bo's log that overlap: Monday's is part of the week's.
  const bo = bosLog();
  const dir = testInfo.outputPath('team');
  await mkdir(dir, { recursive: true });
  const monday = path.join(dir, 'bo-monday.ndjson');
  const week = path.join(dir, 'bo-week.ndjson');
  const firstTwo = bo.filter((e) => e.ts < bo.find((x) => x.workflow === 'internal-note')!.ts);
  await writeFile(monday, toNdjson(firstTwo));
  await writeFile(week, toNdjson(bo));
  await dash.getByLabel('Import team exports').setInputFiles([monday, week]);
  await expect(dash.getByTestId('import-message')).toHaveText(`Imported ${bo.length} events (${firstTwo.length} already known) from bo-monday, bo-week.`);
  await expect(dash.getByRole('list', { name: 'Imported sources' })).toContainText('bo-week');
  // The week again: every event known, nothing added (the figures below are unchanged by it).
  await dash.getByLabel('Import team exports').setInputFiles([week]);
  await expect(dash.getByTestId('import-message')).toHaveText(`Nothing to add: ${bo.length} already known.`);

  // Seven tasks now: six opened the panel; accepted 3, fallback 3, unassisted 1.
  await expect(figure('Coverage')).toHaveText('86%');
  await expect(figure('Accepted')).toHaveText('43%');
  await expect(figure('Fallback')).toHaveText('43%');
  await expect(dash.getByRole('region', { name: 'Insights' })).toContainText('Internal notes on northwind.zendesk.com: 100% of suggestions dismissed, mostly “too long”');
  await expect(dash.getByRole('region', { name: 'Production readiness' }).locator('[data-gap="works in the workflow"]')).toContainText('✓ ready');
  await dash.screenshot({ path: 'docs/dashboard.png', fullPage: true });
  // An insight is a link to the view that shows it; Back returns to the view before.
  const filters = dash.getByRole('region', { name: 'Filters' });
  await dash.getByRole('region', { name: 'Insights' }).getByRole('link', { name: /^Internal notes on northwind.zendesk.com: 100% of suggestions dismissed/ }).click();
  await expect(filters.getByLabel('Workflow')).toHaveValue('internal-note');
  await expect(dash).toHaveURL(/#from=[\d-]+&to=[\d-]+&site=northwind.zendesk.com&workflow=internal-note/);
  await expect(figure('Fallback')).toHaveText('100%');
  await dash.goBack();
  await expect(filters.getByLabel('Workflow')).toHaveValue('');
  await expect(figure('Fallback')).toHaveText('43%');

  // Two providers side by side: Bo's five suggestions came from one, this browser's from the other. The comparison is in the address too.
  await filters.getByLabel('Compare').selectOption('providerModel');
  await filters.getByLabel('This').selectOption('playbook · m1');
  await filters.getByLabel('with').selectOption('playbook · minisearch-bm25');
  const sideBySide = dash.getByRole('region', { name: 'Comparison' });
  const shownRow = sideBySide.getByRole('row').filter({ hasText: 'Suggestions shown' }).getByRole('cell');
  await expect(shownRow).toHaveText(['Suggestions shown', '5', '1']);
  await expect(dash).toHaveURL(/&compare=providerModel&a=playbook\+%C2%B7\+m1&b=playbook\+%C2%B7\+minisearch-bm25$/);
  await dash.reload();
  await expect(shownRow).toHaveText(['Suggestions shown', '5', '1']);
  await filters.getByLabel('Compare').selectOption('');
  await expect(sideBySide).toBeHidden();
  await expect(dash).not.toHaveURL(/compare=/);

  // Periods one click away: the last 7 days, then all the data (from its first day).
  const period = filters.getByRole('group', { name: 'Period' });
  await period.getByRole('button', { name: '7 days' }).click();
  await expect(period.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
  const to = await filters.getByLabel('To').inputValue();
  await expect(filters.getByLabel('From')).toHaveValue(new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 24 * HOUR).toISOString().slice(0, 10));
  await expect(figure('Coverage')).toHaveText('86%');
  await period.getByRole('button', { name: 'All' }).click();
  await expect(period.getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true');
  await expect(period.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'false');
  await expect(figure('Coverage')).toHaveText('86%');

  // Filter to Bo: five tasks, all with the panel. The view is in the address: a reload keeps it.
  await filters.getByLabel('Person').selectOption('bo');
  await expect(figure('Coverage')).toHaveText('100%');
  await expect(dash).toHaveURL(/&actor=bo$/);
  await dash.reload();
  await expect(filters.getByLabel('Person')).toHaveValue('bo');
  await expect(figure('Coverage')).toHaveText('100%');
  // An address naming someone with no tasks shows that person selected, and the empty view says what to do.
  const bosView = dash.url();
  await dash.goto(bosView.replace('actor=bo', 'actor=nobody'));
  await dash.reload();
  await expect(filters.getByLabel('Person')).toHaveValue('nobody');
  await expect(dash.getByRole('region', { name: 'Latest tasks' })).toContainText('No tasks match these filters.');
  await dash.goto(bosView);
  await dash.reload();
  await expect(filters.getByLabel('Person')).toHaveValue('bo');
  await expect(dash.getByRole('table', { name: 'Tasks' }).locator('tbody tr')).toHaveCount(5);
  await expect(dash.getByRole('region', { name: 'Latest tasks' }).getByRole('heading')).toHaveText('Tasks 5 in this view · open one to see its trace');
  // The charts' numbers, as tables for screen readers: Bo's two accepted and three fallback sends; one person.
  const columnSum = (table: string, column: number) => dash.getByRole('table', { name: table }).locator('tbody tr').evaluateAll((rows, c) => rows.reduce((sum, r) => sum + Number(r.children[c].textContent), 0), column);
  await expect(dash.getByRole('table', { name: 'Trends' }).getByRole('columnheader')).toHaveText(['Day', 'Accepted', 'Edited', 'Fallback', 'Unassisted', 'Coverage', 'Insert rate']);
  await expect.poll(() => Promise.all([1, 2, 3, 4].map((c) => columnSum('Trends', c)))).toEqual([2, 0, 3, 0]);
  await expect.poll(() => columnSum('Habit segments', 1)).toBe(1);

  // Drill down to the note that fell back: its whole trace.
  await dash.locator('tr[data-task]').filter({ hasText: 'internal-note' }).first().click();
  const trace = dash.getByRole('region', { name: 'Task trace' });
  await expect(trace.getByTestId('trace-outcome')).toHaveText('fallback');
  await expect(trace).toContainText('Support lead');
  await expect(trace.getByRole('list', { name: 'Events of this task' }).locator('li')).toHaveText([/task.opened/, /panel.opened/, /suggestion.requested/, /suggestion.shown/, /suggestion.dismissed\s+(too_long|tone)/, /task.submitted\s+fallback/]);
  await trace.screenshot({ path: 'docs/dashboard-trace.png' });
  // By keyboard: Escape closes the trace and gives focus back to its row; Enter there opens it again, focused.
  const row = dash.locator('tr[data-task]').filter({ hasText: 'internal-note' }).first();
  await expect(trace.getByRole('heading', { name: 'Task trace' })).toBeFocused();
  await dash.keyboard.press('Escape');
  await expect(trace).toBeHidden();
  await expect(row).toBeFocused();
  await dash.keyboard.press('Enter');
  await expect(trace.getByRole('heading', { name: 'Task trace' })).toBeFocused();
  await dash.keyboard.press('Escape');
  await expect(trace).toBeHidden();

  // An import can be removed again.
  await dash.getByRole('button', { name: 'Remove bo-week' }).click();
  // Asked twice: Keep leaves it, and the confirming button is focused.
  await expect(dash.getByRole('button', { name: 'Yes, remove bo-week' })).toBeFocused();
  await dash.getByRole('button', { name: 'Keep' }).click();
  await expect(dash.getByRole('button', { name: 'Remove bo-week' })).toBeVisible();
  await expect(dash.getByRole('button', { name: 'Yes, remove bo-week' })).toHaveCount(0);
  await expect(dash.getByRole('list', { name: 'Imported sources' })).toContainText('bo-week');
  await dash.getByRole('button', { name: 'Remove bo-week' }).click();
  await dash.getByRole('button', { name: 'Yes, remove bo-week' }).click();
  await dash.getByRole('region', { name: 'Filters' }).getByLabel('Person').selectOption('');
  await expect(figure('Coverage')).toHaveText('75%'); // 2 local + Bo's Monday tasks
});

test('with a retention period set, a team import leaves out the events retention would purge, and says so', async ({ ext }, testInfo) => {
  const dash = ext.page;
  await dash.goto(`chrome-extension://${ext.id}/dashboard.html`);
  // The browser is shared with later tests: its configuration is put back afterwards.
  const saved = await dash.evaluate(async () => (await chrome.storage.local.get('pilotConfig')).pilotConfig ?? null);
  await dash.evaluate(() => chrome.storage.local.set({ pilotConfig: { retentionDays: 30 } }));
  try {
    const sent = (start: number): TaskScript => ({
      start,
      steps: [{ at: 0, type: 'open' }, { at: 5, type: 'shown' }, { at: 20, type: 'inserted', decisionMs: 15_000 }, { at: 60, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
    });
    // Two tasks from 40 and 35 days ago (five events each), one from an hour ago.
    const cy = buildLog({ actor: 'cy' }, [sent(Date.now() - 40 * 24 * HOUR), sent(Date.now() - 35 * 24 * HOUR), sent(Date.now() - HOUR)]);
    const file = testInfo.outputPath('cy.ndjson');
    await writeFile(file, toNdjson(cy));
    await dash.reload();
    await dash.getByLabel('Import team exports').setInputFiles([file]);
    await expect(dash.getByTestId('import-message')).toHaveText('Imported 5 events (0 already known, 10 older than the retention period left out) from cy.');
    await dash.getByRole('region', { name: 'Filters' }).getByLabel('Person').selectOption('cy');
    await expect(dash.getByRole('table', { name: 'Tasks' }).locator('tbody tr')).toHaveCount(1);
  } finally {
    await dash.evaluate((config) => (config ? chrome.storage.local.set({ pilotConfig: config }) : chrome.storage.local.remove('pilotConfig')), saved);
  }
});

test('a long team import can be cancelled: what it had written is undone, and the same file imports in full afterwards', async ({ ext }, testInfo) => {
  const dash = ext.page;
  // Some 24,000 events (~20 MB): long enough to be cancelled part way through.
  const start = Date.now() - 20 * 24 * HOUR;
  const tasks = Array.from({ length: 4000 }, (_, i): TaskScript => ({
    start: start + i * 60_000,
    steps: [{ at: 0, type: 'open' }, { at: 2, type: 'panel' }, { at: 5, type: 'shown' }, { at: 25, type: 'inserted', decisionMs: 20_000 }, { at: 70, type: 'sent', outcome: 'accepted', retention: 1, aiShare: 1 }],
  }));
  const dee = buildLog({ actor: 'dee' }, tasks);
  const file = testInfo.outputPath('dee.ndjson');
  await writeFile(file, toNdjson(dee));
  await dash.goto(`chrome-extension://${ext.id}/dashboard.html`);
  const input = dash.getByLabel('Import team exports');
  await input.setInputFiles([file]);
  // Cancelled once the first chunks are being written.
  await expect(dash.getByLabel('Import progress')).toBeVisible();
  await expect(input).toBeDisabled();
  await dash.getByRole('button', { name: 'Cancel import' }).click();
  await expect(dash.getByRole('status').filter({ hasText: 'cancelled' })).toHaveText('The import was cancelled. Nothing was imported.');
  await expect(dash.getByRole('button', { name: 'Cancel import' })).toBeHidden();
  await expect(dash.getByRole('button', { name: 'Remove dee' })).toHaveCount(0);
  // Nothing of it stayed: the file again brings every event as new.
  await input.setInputFiles([file]);
  await expect(dash.getByTestId('import-message')).toHaveText(`Imported ${dee.length} events (0 already known) from dee.`, { timeout: 60_000 });
  // The browser is shared with later tests: the import is removed again.
  await dash.getByRole('button', { name: 'Remove dee' }).click();
  await dash.getByRole('button', { name: 'Yes, remove dee' }).click();
  await expect(dash.getByRole('button', { name: 'Remove dee' })).toHaveCount(0);
});

test('an import waiting for another tab’s import to end can be cancelled before it starts', async ({ ext }, testInfo) => {
  const dash = ext.page;
  const eve = buildLog({ actor: 'eve' }, [{ start: Date.now() - 2 * HOUR, steps: [{ at: 0, type: 'open' }, { at: 90, type: 'sent', outcome: 'unassisted', retention: null, aiShare: 0 }] }]);
  const file = testInfo.outputPath('eve.ndjson');
  await writeFile(file, toNdjson(eve));
  // Another dashboard tab holds the import lock, as its own import would.
  const other = await dash.context().newPage();
  await other.goto(`chrome-extension://${ext.id}/dashboard.html`);
  await other.evaluate(() => new Promise<void>((held) => void navigator.locks.request('axtrace-team-import', () => new Promise<void>((release) => (held(), ((globalThis as { releaseImportLock?: () => void }).releaseImportLock = release))))));
  try {
    await dash.goto(`chrome-extension://${ext.id}/dashboard.html`);
    const input = dash.getByLabel('Import team exports');
    await input.setInputFiles([file]);
    await expect(dash.getByText('Waiting for the import in another dashboard tab to finish…')).toBeVisible();
    await expect(dash.getByLabel('Import progress')).toHaveCount(0);
    await dash.getByRole('button', { name: 'Cancel import' }).click();
    // At once, though the other tab still holds the lock.
    await expect(dash.getByTestId('import-message')).toHaveText('The import was cancelled. Nothing was imported.');
    await expect(dash.getByText('Waiting for the import in another dashboard tab to finish…')).toHaveCount(0);
    await expect(input).toBeEnabled();
    await other.evaluate(() => (globalThis as { releaseImportLock?: () => void }).releaseImportLock?.());
    await input.setInputFiles([file]);
    await expect(dash.getByTestId('import-message')).toHaveText(`Imported ${eve.length} events (0 already known) from eve.`);
    await dash.getByRole('button', { name: 'Remove eve' }).click();
    await dash.getByRole('button', { name: 'Yes, remove eve' }).click();
    await expect(dash.getByRole('button', { name: 'Remove eve' })).toHaveCount(0);
  } finally {
    await other.close();
  }
});
