// Serves the demo helpdesk and CRM pages (and the benchmark's heavy page) on loopback.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = path.join(ROOT, 'tests/fixtures/demo');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Routes: page paths map to SPA shells; /vendor and /assets map to folders (no traversal). */
const PAGES = [
  [/^\/$/, 'index.html'],
  [/^\/helpdesk\/tickets\/\d+$/, 'helpdesk.html'],
  [/^\/crm\/contacts\/\d+$/, 'crm.html'],
  [/^\/heavy$/, 'heavy.html'],
];
// Site fixtures for the built-in adapters, at the paths the real apps use.
const SITES = path.join(ROOT, 'tests/fixtures/sites');
const SITE_PAGES = [
  [/^\/agent\/tickets\/\d+$/, 'zendesk/ticket.html'],
  [/^\/browse\/[A-Z][A-Z0-9]+-\d+$/, 'jira/issue.html'],
  [/^\/now\/nav\/ui\/classic\/params\/target\/.+$/, 'servicenow/nav.html'],
  [/^\/incident\.do$/, 'servicenow/incident.html'],
  [/^\/a\/tickets\/\d+$/, 'freshdesk/ticket.html'],
  // An app no built-in adapter knows, for custom adapters.
  [/^\/orbit\/cases\/\d+$/, 'orbit/case.html'],
];

// Fixture editors that ship only as ES modules are bundled on first request (rolldown, from npm).
const BUNDLES = { '/sites/jira/editor.bundle.js': path.join(SITES, 'jira/editor.entry.js') };
const bundled = new Map();
async function bundle(entry) {
  if (!bundled.has(entry)) {
    bundled.set(entry, (async () => {
      const { rolldown } = await import('rolldown');
      const build = await rolldown({ input: entry, logLevel: 'silent' });
      const { output } = await build.generate({ format: 'iife' });
      return output[0].code;
    })());
  }
  return bundled.get(entry);
}
const FOLDERS = [
  ['/vendor/quill/', path.join(ROOT, 'node_modules/quill/dist')],
  ['/assets/', path.join(DEMO, 'assets')],
  ['/vendor/froala/', path.join(ROOT, 'node_modules/froala-editor')],
  ['/vendor/ckeditor5/', path.join(ROOT, 'node_modules/ckeditor5/dist/browser')],
  ['/sites/', SITES],
];

async function resolveFile(urlPath) {
  for (const [re, file] of PAGES) if (re.test(urlPath)) return path.join(DEMO, file);
  for (const [re, file] of SITE_PAGES) if (re.test(urlPath)) return path.join(SITES, file);
  for (const [prefix, dir] of FOLDERS) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + path.posix.normalize('/' + urlPath.slice(prefix.length)));
    return file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

export async function startDemoServer({ port = 0, host = '127.0.0.1' } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      });
      return;
    }
    if (BUNDLES[url.pathname]) {
      res.writeHead(200, { 'Content-Type': TYPES['.js'] });
      res.end(await bundle(BUNDLES[url.pathname]));
      return;
    }
    const file = await resolveFile(decodeURIComponent(url.pathname));
    try {
      if (!file) throw new Error('not found');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://localhost:${actual}`,
    port: actual,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const s = await startDemoServer({ port: Number(process.argv[2] ?? 5174) });
  console.log(`Demo pages at ${s.url}/  (helpdesk: ${s.url}/helpdesk/tickets/1042, CRM: ${s.url}/crm/contacts/501)`);
}
