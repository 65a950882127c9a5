import { createStore } from 'zustand/vanilla';
import type { FailureKind, Workflow } from '../log/schema';

export interface SuggestionView {
  id: string;
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  contextFields: string[];
  maskedCount: number;
  latencyMs: number;
}

export interface AnchorRect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export type Phase = 'idle' | 'streaming' | 'shown' | 'error';

export interface PanelState {
  /** An editor is on the page and the launcher is shown next to it. */
  attached: boolean;
  adapterId: string | null;
  workflow: Workflow | null;
  open: boolean;
  phase: Phase;
  text: string;
  suggestion: SuggestionView | null;
  rating: 'up' | 'down' | null;
  error: { kind: FailureKind; message: string; nextStep: string } | null;
  /** What the panel last had recorded, announced to screen readers. */
  status: string;
  contextSummary: { subject: string | null; requester: string | null; latest: string | null };
  anchor: AnchorRect | null;
  notice: string | null;
  /** The outcome recorded for the last send, for the person to see. */
  lastOutcome: string | null;
  /** This record is in the pilot's control group: no panel, the work is still measured. */
  holdout: boolean;
}

export const initialPanelState: PanelState = {
  attached: false,
  adapterId: null,
  workflow: null,
  open: false,
  phase: 'idle',
  text: '',
  suggestion: null,
  rating: null,
  error: null,
  status: '',
  contextSummary: { subject: null, requester: null, latest: null },
  anchor: null,
  notice: null,
  lastOutcome: null,
  holdout: false,
};

export const createPanelStore = () => createStore<PanelState>(() => ({ ...initialPanelState }));
export type PanelStore = ReturnType<typeof createPanelStore>;
