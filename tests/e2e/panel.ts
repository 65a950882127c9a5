import { expect, type Locator, type Page } from '@playwright/test';

/** Locators for AxTrace's panel inside its shadow root (Playwright pierces open shadow roots). */
export function panelOf(page: Page) {
  const host = page.locator('axtrace-panel');
  return {
    host,
    launcher: host.locator('.ax-launcher'),
    dialog: host.getByRole('dialog', { name: 'AxTrace suggestion' }),
    suggest: host.getByRole('button', { name: 'Suggest a reply' }),
    suggestion: host.getByTestId('axtrace-suggestion'),
    why: host.getByTestId('axtrace-why'),
    status: host.getByTestId('axtrace-status'),
    button: (name: string | RegExp): Locator => host.getByRole('button', { name, exact: typeof name === 'string' }),
  };
}

/** Opens the panel from the launcher and asks for a suggestion; returns its text. */
export async function getSuggestion(page: Page): Promise<string> {
  const panel = panelOf(page);
  await panel.launcher.click();
  await expect(panel.dialog).toBeVisible();
  await panel.suggest.click();
  await expect(panel.suggestion).toBeVisible();
  return (await panel.suggestion.innerText()).trim();
}
