// The stats worker starts first, so the figures are computed while React and the page are parsed.
import '@/components/dashboard/stats-client';
import '@/components/ui/pages.css';
import '@/components/dashboard/dashboard.css';

void import('@/components/dashboard/mount').then(({ mount }) => mount(document.getElementById('root')!));
