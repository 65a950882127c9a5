import { browser } from 'wxt/browser';
import { ulid } from '../util/ulid';
import { PilotConfig, DEFAULT_CONFIG } from './schema';
import { canonicalJson, sha256Hex } from '../util/hash';
import { applyManaged, loadManaged } from './managed';

const CONFIG_KEY = 'pilotConfig';
export const SOURCE_KEY = 'pilotConfigSource';
export type ConfigSource = 'options' | 'file' | 'managed' | 'install';
const INSTALL_KEY = 'install';

export interface InstallIdentity {
  installId: string;
  /** Salt for record references, so the log never holds a host's record id in clear. */
  recordSalt: string;
}

export async function loadConfig(): Promise<PilotConfig> {
  const stored = (await browser.storage.local.get(CONFIG_KEY))[CONFIG_KEY];
  const parsed = PilotConfig.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_CONFIG;
}

/** Saves a configuration; fields the organisation manages keep their managed values. */
export async function saveConfig(next: PilotConfig, source: ConfigSource = 'options'): Promise<string[]> {
  const valid = applyManaged(PilotConfig.parse(next), await loadManaged());
  const before = await loadConfig();
  // The source travels with the change (with a timestamp so it is seen as changed) for config.changed.
  await browser.storage.local.set({ [CONFIG_KEY]: valid, [SOURCE_KEY]: { source, at: Date.now() } });
  return changedKeys(before, valid);
}

export function changedKeys(a: PilotConfig, b: PilotConfig): string[] {
  return (Object.keys(b) as (keyof PilotConfig)[]).filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
}

export { configHash } from './config-hash';

export async function loadInstallIdentity(): Promise<InstallIdentity> {
  const stored = (await browser.storage.local.get(INSTALL_KEY))[INSTALL_KEY] as InstallIdentity | undefined;
  if (stored?.installId && stored.recordSalt) return stored;
  const created: InstallIdentity = { installId: ulid(), recordSalt: sha256Hex(ulid() + Math.random()) };
  await browser.storage.local.set({ [INSTALL_KEY]: created });
  return created;
}

export function onConfigChange(callback: (config: PilotConfig) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(CONFIG_KEY in changes)) return;
    const parsed = PilotConfig.safeParse(changes[CONFIG_KEY].newValue ?? {});
    callback(parsed.success ? parsed.data : DEFAULT_CONFIG);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
