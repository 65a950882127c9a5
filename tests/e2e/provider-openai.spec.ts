import { test as base, expect } from './fixtures';
import { panelOf } from './panel';
// @ts-expect-error plain ESM test server without types
import { startFakeLlm } from '../support/fake-llm-server.mjs';

type FakeLlm = { base(s: string): string; requests: { headers: Record<string, string>; body: unknown }[]; close(): Promise<void> };

// A loopback endpoint speaking OpenAI's chat-completions SSE; nothing leaves the machine.
const test = base.extend<{ llm: FakeLlm }>({
  llm: async ({}, use) => {
    const llm = (await startFakeLlm()) as FakeLlm;
    await use(llm);
    await llm.close();
  },
});

const KEY = 'sk-e2e-secret-4242';

async function configureOpenAi(options: import('@playwright/test').Page, baseUrl: string) {
  const section = options.getByRole('region', { name: 'Provider' });
  await section.getByRole('radio', { name: /OpenAI-compatible endpoint/ }).check();
  await section.getByLabel('Base URL', { exact: true }).fill(baseUrl);
  await section.getByLabel('Model', { exact: true }).fill('gpt-test');
  await section.getByLabel('API key', { exact: true }).fill(KEY);
  await section.getByRole('button', { name: 'Save provider' }).click();
  await expect(section.getByTestId('provider-message')).toHaveText('Saved. Suggestions now come from OpenAI-compatible endpoint.');
  return section;
}

test('an OpenAI-compatible provider streams a suggestion on the ticket; the log names provider, model, prompt version and masked items, and no email or phone leaves the machine', async ({ page, demoUrl, ext, llm }) => {
  const section = await configureOpenAi(ext.page, llm.base('ok'));
  await expect(section.getByLabel('API key', { exact: true })).toHaveValue(''); // the key is never shown again
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(section.getByTestId('provider-message')).toContainText('Connected: openai-compatible · gpt-test answered in');

  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  const panel = panelOf(page);
  await panel.launcher.click();
  await panel.suggest.click();
  await expect(panel.suggestion).toBeVisible();
  const text = (await panel.suggestion.innerText()).trim();
  expect(text).toContain('we will confirm at maria.lopez@example.com'); // the placeholder the model saw, restored
  await expect(panel.why).toContainText('AI service · gpt-test · prompt ticket-reply v1');
  await expect(panel.why).toContainText('personal items masked');
  await panel.button('Insert').click();
  await page.getByRole('button', { name: 'Send reply' }).click();

  const events = await ext.waitFor('task.submitted');
  const shown = events.find((e) => e.type === 'suggestion.shown')!;
  expect(shown).toMatchObject({ provider: 'openai-compatible', model: 'gpt-test', promptId: 'ticket-reply', promptVersion: '1' });
  expect(shown.maskedCount).toBeGreaterThanOrEqual(2);
  expect(events.find((e) => e.type === 'task.submitted')).toMatchObject({ outcome: 'accepted' });

  const sent = JSON.stringify(llm.requests.map((r) => r.body));
  expect(sent).toContain('Charged twice'); // the ticket's context did reach the model…
  expect(sent).not.toContain('maria.lopez@example.com'); // …without the customer's email
  expect(sent).not.toMatch(/555[\s.-]?0132/); // …or phone number
  expect(llm.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(JSON.stringify(events)).not.toContain(KEY);
  expect(await page.content()).not.toContain(KEY);
});

test('when the provider refuses the key, the panel says what to do and offers the Playbook, and the failure is logged', async ({ page, demoUrl, ext, llm }) => {
  const section = await configureOpenAi(ext.page, llm.base('unauthorized'));
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect(section.getByTestId('provider-message')).toHaveText(/did not accept AxTrace's key\. Ask your pilot manager to check the API key/);

  await page.goto(`${demoUrl}/helpdesk/tickets/1042`);
  const panel = panelOf(page);
  await panel.launcher.click();
  await panel.suggest.click();
  await expect(panel.dialog.getByRole('alert')).toContainText("did not accept AxTrace's key");
  await panel.button('Use a Playbook suggestion').click();
  await expect(panel.suggestion).toBeVisible();
  await expect(panel.why).toContainText('Playbook (on this device)');

  const events = await ext.waitFor('suggestion.shown');
  expect(events.find((e) => e.type === 'suggestion.failed')).toMatchObject({ provider: 'openai-compatible', kind: 'auth' });
  expect(events.find((e) => e.type === 'suggestion.shown')).toMatchObject({ provider: 'playbook' });
});
