import { browser } from 'wxt/browser';
import { Playbook, type PlaybookTemplate } from './playbook-schema';
import { STARTER_PLAYBOOK } from './starter-playbook';

export const PLAYBOOK_KEY = 'playbook';

export async function loadPlaybook(): Promise<PlaybookTemplate[]> {
  const stored = (await browser.storage.local.get(PLAYBOOK_KEY))[PLAYBOOK_KEY];
  if (stored === undefined) return STARTER_PLAYBOOK;
  const parsed = Playbook.safeParse(stored);
  return parsed.success ? parsed.data : STARTER_PLAYBOOK;
}

export async function savePlaybook(templates: PlaybookTemplate[]): Promise<void> {
  await browser.storage.local.set({ [PLAYBOOK_KEY]: Playbook.parse(templates) });
}

/** An edited template gets a new version so earlier suggestions still name what they came from. */
export function withEdit(previous: PlaybookTemplate | undefined, next: PlaybookTemplate): PlaybookTemplate {
  if (!previous) return { ...next, version: 1 };
  const changed = previous.title !== next.title || previous.body !== next.body || previous.keywords !== next.keywords ||
    previous.domain !== next.domain || previous.workflows.join() !== next.workflows.join();
  return { ...next, version: changed ? previous.version + 1 : previous.version };
}
