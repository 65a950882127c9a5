import { MatchPattern } from '@webext-core/match-patterns';
import type { CustomAdapterSpec } from '../adapters/custom-spec';
import { mergeCustomAdapters } from '../config/custom-adapter-schema';
import { loadConfig, saveConfig } from '../config/store';
import { RequestError } from './log-service';

/**
 * Stores an adapter taught on a page. It must apply to the page it was taught on, so a content
 * script on one site cannot plant an adapter for another. The configuration change is logged
 * (`config.changed`) by the background's configuration watcher.
 */
export async function saveTaughtAdapter(spec: CustomAdapterSpec, pageUrl: string): Promise<void> {
  if (!spec.matches.some((m) => new MatchPattern(m).includes(pageUrl))) {
    throw new RequestError('the page patterns do not include the page this adapter was taught on');
  }
  const config = await loadConfig();
  await saveConfig({ ...config, customAdapters: mergeCustomAdapters(config.customAdapters, [spec]) });
}
