import { createRoot } from 'react-dom/client';
import '@/components/ui/pages.css';
import { Popup } from '@/components/popup/Popup';

createRoot(document.getElementById('root')!).render(<Popup />);
