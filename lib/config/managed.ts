import { browser } from 'wxt/browser';
import { PilotConfig } from './schema';

/**
 * The part of the pilot configuration set by the organisation through enterprise policy
 * (Chrome/Edge: managed storage described by public/managed_schema.json; Firefox: the same keys in
 * policies.json under "3rdparty" → "Extensions" → the add-on's fixed gecko id, axtrace@axtrace.dev;
 * on Linux /etc/firefox/policies/policies.json — tests/e2e/firefox/managed-policy.mjs). Each key is
 * validated on its own with the pilot schema, so one bad key does not void the rest; keys that
 * fail are reported and ignored.
 */
export interface ManagedConfig {
  values: Partial<PilotConfig>;
  rejected: string[];
}

export async function loadManaged(): Promise<ManagedConfig> {
  let raw: Record<string, unknown> = {};
  try {
    raw = ((await browser.storage.managed?.get()) ?? {}) as Record<string, unknown>;
  } catch {
    return { values: {}, rejected: [] }; // no policy for this extension, or no managed storage here
  }
  return validateManaged(raw);
}

export function validateManaged(raw: Record<string, unknown>): ManagedConfig {
  const values: Record<string, unknown> = {};
  const rejected: string[] = [];
  const shape = PilotConfig.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key];
    const parsed = field?.safeParse(value);
    if (parsed?.success) values[key] = parsed.data;
    else rejected.push(key);
  }
  return { values: values as Partial<PilotConfig>, rejected };
}

/** Managed values win over anything stored locally. */
export function applyManaged(config: PilotConfig, managed: ManagedConfig): PilotConfig {
  return PilotConfig.parse({ ...config, ...managed.values });
}

export function onManagedChange(callback: () => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') callback();
  });
}
