import { useStore } from 'zustand';
import type { PanelStore, AnchorRect } from '@/lib/content/panel-store';
import type { AssistController } from '@/lib/content/assist-controller';
import { Launcher } from './Launcher';
import { Panel } from './Panel';

export const PANEL_WIDTH = 360;
const GAP = 12;
const MIN_HEIGHT = 640;

/** Docks the panel beside the editor: right of it when there is room, else left, else over the page's right edge. */
export function panelPosition(anchor: AnchorRect | null, viewport = { width: window.innerWidth, height: window.innerHeight }): React.CSSProperties {
  // Align with the editor's top, but keep at least MIN_HEIGHT of panel on screen; the panel scrolls inside.
  const top = Math.max(8, Math.min(anchor ? anchor.top : 80, viewport.height - MIN_HEIGHT - 8));
  const maxHeight = viewport.height - top - 8;
  if (!anchor) return { top, right: 16, maxHeight };
  const rightRoom = viewport.width - (anchor.left + anchor.width);
  if (rightRoom >= PANEL_WIDTH + GAP * 2) return { top, left: anchor.left + anchor.width + GAP, maxHeight };
  if (anchor.left >= PANEL_WIDTH + GAP * 2) return { top, left: anchor.left - PANEL_WIDTH - GAP, maxHeight };
  return { top, right: 16, maxHeight };
}

function launcherPosition(anchor: AnchorRect): React.CSSProperties {
  return { top: anchor.top + anchor.height - 36, left: anchor.left + anchor.width - 104 };
}

export function PanelRoot({ store, controller, onTeach }: { store: PanelStore; controller: AssistController; onTeach(): void }) {
  const attached = useStore(store, (s) => s.attached);
  const open = useStore(store, (s) => s.open);
  const anchor = useStore(store, (s) => s.anchor);
  const holdout = useStore(store, (s) => s.holdout);
  if (holdout) return null;
  // Without an editor (side mode) there is no launcher; the shortcut or toolbar button opens the panel.
  if (!attached && !open) return null;
  return (
    <>
      {attached && anchor && <Launcher open={open} onToggle={() => controller.togglePanel('click')} style={launcherPosition(anchor)} />}
      {open && <Panel store={store} controller={controller} onTeach={onTeach} style={panelPosition(anchor)} />}
    </>
  );
}
