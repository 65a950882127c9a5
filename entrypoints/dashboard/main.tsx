import { createRoot } from 'react-dom/client';
import '@/components/ui/pages.css';
import '@/components/dashboard/dashboard.css';
import { Dashboard } from '@/components/dashboard/Dashboard';

createRoot(document.getElementById('root')!).render(<Dashboard />);
