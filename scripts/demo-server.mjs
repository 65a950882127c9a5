// Serves the demo helpdesk and CRM pages (and the benchmark's heavy page) on loopback.
import http from 'node:http';
import https from 'node:https';
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
  [/^\/strict-csp$/, 'strict-csp.html'],
];
/** Pages served with a policy as strict as real apps' (no script of the page's own, Trusted Types): AxTrace must load under it. */
const STRICT_CSP = { '/strict-csp': "default-src 'none'; style-src 'self'; form-action 'self'; require-trusted-types-for 'script'" };
// Site fixtures for the built-in adapters, at the paths the real apps use.
const SITES = path.join(ROOT, 'tests/fixtures/sites');
const SITE_PAGES = [
  [/^\/agent\/tickets\/\d+$/, 'zendesk/ticket.html'],
  [/^\/browse\/[A-Z][A-Z0-9]+-\d+$/, 'jira/issue.html'],
  [/^\/now\/nav\/ui\/classic\/params\/target\/.+$/, 'servicenow/nav.html'],
  [/^\/incident\.do$/, 'servicenow/incident.html'],
  [/^\/a\/tickets\/\d+$/, 'freshdesk/ticket.html'],
  [/^\/a\/inbox\/[\w-]+\/inbox\/(?:[\w-]+\/)*conversation\/\d+$/, 'intercom/inbox.html'],
  [/^\/mail\/u\/\d+\/?$/, 'gmail/mail.html'],
  [/^\/lightning\/r\/Case\/500\w{12,15}\/view$/, 'salesforce/case.html'],
  [/^\/contacts\/\d+\/record\/0-[15]\/\d+$/, 'hubspot/record.html'],
  // An app no built-in adapter knows, for custom adapters.
  [/^\/orbit\/cases\/\d+$/, 'orbit/case.html'],
];

// Fixture editors that ship only as ES modules are bundled on first request (rolldown, from npm).
const BUNDLES = {
  '/sites/jira/editor.bundle.js': path.join(SITES, 'jira/editor.entry.js'),
  '/sites/intercom/editor.bundle.js': path.join(SITES, 'intercom/editor.entry.js'),
  '/sites/hubspot/editor.bundle.js': path.join(SITES, 'hubspot/editor.entry.js'),
};
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
  ['/vendor/ckeditor4/', path.join(ROOT, 'node_modules/ckeditor4')],
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

/**
 * A self-signed certificate for the HTTPS listener, made in memory at start-up (never written to
 * disk). Real apps such as app.intercom.com and mail.google.com are HSTS-preloaded, so browsers
 * only load them over HTTPS; tests map those names to loopback and accept this certificate.
 */
async function selfSignedCert(hosts) {
  const { generate } = await import('selfsigned');
  const altNames = [...hosts.map((value) => ({ type: 2, value })), { type: 7, ip: '127.0.0.1' }];
  const pems = await generate([{ name: 'commonName', value: 'axtrace-fixtures.localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extensions: [{ name: 'subjectAltName', altNames }],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Host names the HTTPS listener's certificate names (tests still have to accept it: it is self-signed). */
export const HTTPS_HOSTS = ['localhost', 'app.intercom.com', 'mail.google.com', 'northwind.lightning.force.com', 'app.hubspot.com'];

export async function startDemoServer({ port = 0, host = '127.0.0.1', https: withHttps = false, httpsPort = 0 } = {}) {
  const handler = async (req, res) => {
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
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...(STRICT_CSP[url.pathname] ? { 'Content-Security-Policy': STRICT_CSP[url.pathname] } : {}) });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found');
    }
  };
  const listen = (server, p) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, resolve);
    });
  const server = http.createServer(handler);
  await listen(server, port);
  const servers = [server];
  const actual = server.address().port;
  let secure = null;
  if (withHttps) {
    const tls = https.createServer(await selfSignedCert(HTTPS_HOSTS), handler);
    await listen(tls, httpsPort);
    servers.push(tls);
    secure = tls.address().port;
  }
  return {
    url: `http://localhost:${actual}`,
    port: actual,
    /** Only with `https: true`: the same pages over TLS with a self-signed certificate. */
    httpsUrl: secure ? `https://localhost:${secure}` : null,
    httpsPort: secure,
    close: () =>
      Promise.all(servers.map((s) => new Promise((resolve) => { s.closeAllConnections?.(); s.close(() => resolve()); }))).then(() => undefined),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const s = await startDemoServer({ port: Number(process.argv[2] ?? 5174), https: Boolean(process.argv[3]), httpsPort: Number(process.argv[3] ?? 0) });
  console.log(`Demo pages at ${s.url}/  (helpdesk: ${s.url}/helpdesk/tickets/1042, CRM: ${s.url}/crm/contacts/501)`);
  if (s.httpsUrl) console.log(`Also over HTTPS (self-signed) at ${s.httpsUrl}/`);
}
