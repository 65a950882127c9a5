import { test, expect } from './fixtures';
import { panelOf, getSuggestion } from './panel';

test('on the CRM record, the suggestion goes into the Quill editor through its own model, undo removes it, and the send is recorded', async ({ page, demoUrl, ext }) => {
  await page.goto(`${demoUrl}/crm/contacts/501`);
  const editor = page.locator('#composer-editor .ql-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.type('Hello! ');
  await page.waitForTimeout(1100); // Quill merges edits made within 1 s into one undo step
  const text = await getSuggestion(page);
  expect(text).toMatch(/quote|demo/i);
  await panelOf(page).button('Insert').click();
  // Quill's own model has the text (not just the DOM).
  const modelText = await page.evaluate(() => (window as unknown as { quill: { getText(): string } }).quill.getText());
  expect(modelText.replace(/\s+/g, ' ')).toContain(text.split('\n')[0]);
  expect(modelText.startsWith('Hello! ')).toBe(true);

  // Undo removes the insertion and keeps what the person typed.
  await editor.click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => page.evaluate(() => (window as unknown as { quill: { getText(): string } }).quill.getText().trim())).toBe('Hello!');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => page.evaluate(() => (window as unknown as { quill: { getText(): string } }).quill.getText())).toContain(text.split('\n')[0]);

  await page.locator('[data-action="send"]').click();
  const events = await ext.waitFor('task.submitted');
  const submitted = events.find((e) => e.type === 'task.submitted')!;
  expect(submitted.outcome).toBe('accepted');
  expect(submitted.trigger).toBe('button');
  expect(submitted.aiShare as number).toBeLessThan(1); // "Hello! " was the person's own
});
