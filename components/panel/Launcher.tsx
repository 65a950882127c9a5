import { trusted } from './trusted';

interface Props {
  open: boolean;
  onToggle: () => void;
  style: React.CSSProperties;
}

/** The small button docked at the editor's corner. */
export function Launcher({ open, onToggle, style }: Props) {
  return (
    <button
      type="button"
      className="ax-launcher"
      style={style}
      aria-expanded={open}
      aria-controls="axtrace-panel"
      aria-keyshortcuts="Alt+Shift+A"
      title="AxTrace suggestions (Alt+Shift+A)"
      onClick={trusted(onToggle)}
    >
      <span aria-hidden="true">✦</span> {open ? 'Hide' : 'Suggest'}
    </button>
  );
}
