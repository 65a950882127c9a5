// A loopback AI endpoint that speaks the real wire formats: OpenAI chat completions and Anthropic
// messages, both as SSE streams. The first path segment picks the behaviour under test:
//   /ok/…  /slow/… (first token after 1.5 s)  /unauthorized/…  /rate-limited-once/… (429, then ok)
//   /server-error/…  /malformed/… (a chunk that is not JSON)  /cut/… (connection dropped mid-stream)
//   /hang/… (never answers)
// Every request body is kept, so tests can check what left the extension.
import http from 'node:http';

const PLACEHOLDER = /\[(?:EMAIL|PHONE|CARD|IBAN|CUSTOM)_\d+\]/;

export async function startFakeLlm({ port = 0, host = '127.0.0.1', firstTokenDelayMs = 1500 } = {}) {
  const requests = [];
  const counters = new Map();
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const body = await readBody(req);
    const [, scenario, ...rest] = new URL(req.url, 'http://x').pathname.split('/');
    const api = rest.join('/').endsWith('messages') ? 'anthropic' : 'openai';
    const seen = (counters.get(scenario) ?? 0) + 1;
    counters.set(scenario, seen);
    requests.push({ scenario, api, path: req.url, headers: req.headers, body });

    if (scenario === 'hang') return; // never answers; the client must give up
    if (scenario === 'unauthorized') return sendError(res, api, 401, 'Invalid API key provided.');
    if (scenario === 'server-error') return sendError(res, api, 500, 'The server had an error.');
    if (scenario === 'rate-limited-once' && seen === 1) return sendError(res, api, 429, 'Rate limit reached.');

    const text = replyFor(body);
    const chunks = text.match(/.{1,7}/gs) ?? [];
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const write = api === 'anthropic' ? anthropicWriter(res, body) : openaiWriter(res, body);
    write.start();
    if (scenario === 'slow') await sleep(firstTokenDelayMs);
    for (let i = 0; i < chunks.length; i++) {
      if (scenario === 'cut' && i === 3) return res.socket.destroy();
      if (scenario === 'malformed' && i === 2) res.write('data: {"choices": [ {"delta": \n\n');
      write.delta(chunks[i]);
      await sleep(5);
    }
    write.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  return {
    url,
    requests,
    /** Base URL for a scenario, e.g. `${url}/ok/v1`. */
    base: (scenario) => `${url}/${scenario}/v1`,
    reset: () => {
      requests.length = 0;
      counters.clear();
    },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Answers with the first placeholder the request contained, so unmasking can be checked. */
function replyFor(body) {
  const sent = JSON.stringify(body ?? {});
  const placeholder = sent.match(PLACEHOLDER)?.[0];
  return `Hello, thanks for your patience. We have checked your order and a replacement is on its way${placeholder ? `; we will confirm at ${placeholder}` : ''}. Best regards`;
}

function openaiWriter(res, body) {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: body?.model ?? 'fake' };
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  return {
    start: () => send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
    delta: (t) => send({ ...base, choices: [{ index: 0, delta: { content: t }, finish_reason: null }] }),
    end: () => {
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 } });
      res.end('data: [DONE]\n\n');
    },
  };
}

function anthropicWriter(res, body) {
  const send = (event, obj) => res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...obj })}\n\n`);
  return {
    start: () => {
      send('message_start', { message: { id: 'msg_fake', type: 'message', role: 'assistant', model: body?.model ?? 'fake', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 50, output_tokens: 1 } } });
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    },
    delta: (t) => send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } }),
    end: () => {
      send('content_block_stop', { index: 0 });
      send('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } });
      send('message_stop', {});
      res.end();
    },
  };
}

function sendError(res, api, status, message) {
  // A short retry-after keeps retries fast in tests; real servers send seconds.
  res.writeHead(status, { 'Content-Type': 'application/json', 'retry-after-ms': '50' });
  const type = { 401: 'authentication_error', 429: 'rate_limit_error', 500: 'api_error' }[status];
  res.end(JSON.stringify(api === 'anthropic' ? { type: 'error', error: { type, message } } : { error: { message, type, code: null } }));
}

function readBody(req) {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(raw || 'null'));
      } catch {
        resolve(raw);
      }
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
