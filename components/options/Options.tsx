import { GeneralSettings } from './GeneralSettings';
import { PlaybookEditor } from './PlaybookEditor';
import { PromptEditor } from './PromptEditor';
import { ChainCheck } from './ChainCheck';
import { AdapterSwitches } from './AdapterSwitches';
import { CustomAdapters } from './CustomAdapters';
import { ExportPanel } from './ExportPanel';
import { ConfigFile } from './ConfigFile';
import { VerifyPanel } from './VerifyPanel';

export function Options() {
  return (
    <main style={{ maxWidth: 920, margin: '0 auto', padding: '24px 20px' }}>
      <h1>AxTrace settings</h1>
      <p className="muted">
        AI suggestions inside the apps you already use, with a local record of what you did with each one. <a href="/dashboard.html">Open the dashboard</a>
      </p>
      <ConfigFile />
      <GeneralSettings />
      <PlaybookEditor />
      <PromptEditor />
      <AdapterSwitches />
      <CustomAdapters />
      <ChainCheck />
      <ExportPanel />
      <VerifyPanel />
    </main>
  );
}
