// npm run export -- --format <ndjson|csv|otlp-logs|otlp-traces|langfuse-scores> [--from YYYY-MM-DD]
//   [--to YYYY-MM-DD] [--site S] [--workflow W] [--team T] [--person P] [--config pilot-config.json]
//   -o <out file> <input .ndjson files…>
// Re-exports NDJSON exports (one person's, or a whole team's) in any format, with a manifest that
// `npm run verify` checks. Every line is validated before anything is written; the output appears
// only once it is complete (written beside it, then renamed).
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, runExport, type ExportFilter, type ExportFormat } from '../lib/export/exporter';
import { chainOrderBatches, InputError, scanFiles, type Scan } from '../lib/export/ndjson-files';
import { parseDay } from '../lib/export/days';
import { PilotConfig, DEFAULT_CONFIG } from '../lib/config/schema';
import { configHash } from '../lib/config/config-hash';

const USAGE = `usage: npm run export -- --format <${EXPORT_FORMATS.join('|')}> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--site S] [--workflow W] [--team T] [--person P] [--config pilot-config.json] -o <out file> <input .ndjson files…>`;

class UsageError extends Error {}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, site: { type: 'string' }, workflow: { type: 'string' },
        team: { type: 'string' }, person: { type: 'string' }, config: { type: 'string' }, output: { type: 'string', short: 'o' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals: inputs } = parsed;
  if (!v.format || !(EXPORT_FORMATS as readonly string[]).includes(v.format)) throw new UsageError(v.format ? `unknown format “${v.format}”` : '--format is required');
  if (!v.output) throw new UsageError('-o <out file> is required');
  if (!inputs.length) throw new UsageError('no input files');
  const out = path.resolve(v.output);
  if (inputs.some((f) => path.resolve(f) === out)) throw new UsageError('the output file is one of the inputs');
  const day = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const d = parseDay(text);
    if (!d) throw new UsageError(`--${flag} ${text}: not a date (YYYY-MM-DD)`);
    return d;
  };
  const from = day('from', v.from);
  const to = day('to', v.to);
  const filter: ExportFilter = {
    ...(from ? { from: from.start } : {}), ...(to ? { to: to.end } : {}), ...(v.site ? { site: v.site } : {}), ...(v.workflow ? { workflow: v.workflow } : {}),
    ...(v.team ? { teamId: v.team } : {}), ...(v.person ? { actor: v.person } : {}),
  };
  return { format: v.format as ExportFormat, filter, out, inputs, configFile: v.config };
}

/**
 * The configuration a manifest states: the given pilot configuration file, or else what the log
 * itself says (the configHash of its latest event and the thresholds of its latest submitted task).
 */
async function manifestConfig(configFile: string | undefined, scan: Scan) {
  if (configFile) {
    let config: PilotConfig;
    try {
      config = PilotConfig.parse(JSON.parse(await readFile(configFile, 'utf8')));
    } catch (error) {
      throw new InputError(`${configFile}: not a pilot configuration (${(error as Error).message.split('\n')[0]})`);
    }
    return { configHash: configHash(config), thresholds: config.thresholds, captureLevel: config.captureLevel };
  }
  return {
    configHash: scan.latest?.configHash ?? configHash(DEFAULT_CONFIG),
    thresholds: scan.latestSubmitted?.thresholds ?? DEFAULT_CONFIG.thresholds,
    captureLevel: 'as recorded in each event (no --config given)',
  };
}

async function main() {
  const o = options();
  const scan = await scanFiles(o.inputs); // throws on the first bad line: nothing written yet
  const config = await manifestConfig(o.configFile, scan);
  const partial = `${o.out}.partial`;
  const file = createWriteStream(partial);
  await once(file, 'open');
  let written = 0;
  try {
    const manifest = await runExport({
      format: o.format, fileName: path.basename(o.out), filter: o.filter, total: scan.lines, chainHeads: scan.heads, config,
      batches: chainOrderBatches(scan, (f) => console.error(`note: ${f.path} is not in chain order; its ${f.events} events are held in memory to sort them`)),
      // Waits when the disk is behind, so memory stays flat.
      write: (_text, bytes) => (file.write(bytes) ? undefined : once(file, 'drain').then(() => undefined)),
      onProgress: (done) => void (written = done),
    });
    file.end();
    await once(file, 'finish');
    await rename(partial, o.out);
    await writeFile(`${o.out}.manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
    const [duplicates, filtered] = [scan.lines - written, written - manifest.counts.events];
    console.log(
      `Exported ${manifest.counts.events} events from ${scan.files.length} file(s) to ${o.out} (${o.format}); manifest ${o.out}.manifest.json; Merkle root ${manifest.merkleRoot}` +
        `${duplicates ? `; ${duplicates} duplicates dropped` : ''}${filtered ? `; ${filtered} outside the filter` : ''}`,
    );
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

main().catch((error: Error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof InputError ? `export failed: ${error.message}. Nothing was written.` : `export failed: ${error.stack ?? error}. Nothing was written.`);
  process.exit(1);
});
