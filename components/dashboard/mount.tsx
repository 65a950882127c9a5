import { createRoot } from 'react-dom/client';
import { Dashboard } from './Dashboard';

export function mount(root: HTMLElement): void {
  createRoot(root).render(<Dashboard />);
}
