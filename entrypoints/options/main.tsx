import { createRoot } from 'react-dom/client';
import '@/components/ui/pages.css';
import { Options } from '@/components/options/Options';

createRoot(document.getElementById('root')!).render(<Options />);
