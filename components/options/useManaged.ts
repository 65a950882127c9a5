import { useEffect, useState } from 'react';
import { loadManaged, onManagedChange, type ManagedConfig } from '@/lib/config/managed';

/** The fields the organisation sets by policy: shown as such and not editable here. */
export function useManaged(): ManagedConfig {
  const [managed, setManaged] = useState<ManagedConfig>({ values: {}, rejected: [] });
  useEffect(() => {
    const load = () => void loadManaged().then(setManaged);
    load();
    onManagedChange(load);
  }, []);
  return managed;
}

export const isManaged = (m: ManagedConfig, key: string) => key in m.values;
