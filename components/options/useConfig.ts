import { useEffect, useState } from 'react';
import { loadConfig, onConfigChange, saveConfig } from '@/lib/config/store';
import type { PilotConfig } from '@/lib/config/schema';

/** The pilot configuration, live, with a save that validates before writing. */
export function useConfig(): [PilotConfig | null, (next: PilotConfig) => Promise<void>] {
  const [config, setConfig] = useState<PilotConfig | null>(null);
  useEffect(() => {
    void loadConfig().then(setConfig);
    return onConfigChange(setConfig);
  }, []);
  // Optimistic: the controls show the new value at once; storage confirms it a moment later.
  return [
    config,
    async (next) => {
      setConfig(next);
      await saveConfig(next);
    },
  ];
}
