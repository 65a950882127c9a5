import type { PilotConfig } from './schema';
import { canonicalJson, sha256Hex } from '../util/hash';

/** The configuration's fingerprint, written into every event and export (no browser APIs: the command line uses it too). */
export function configHash(config: PilotConfig): string {
  return sha256Hex(canonicalJson(config));
}
