// What LIST on the wire costs by itself: a bare node:http server answering a fixed body, with and
// without the LIST rewrite in front of its parser (src/http/list-method.ts), taking turns.
// Usage: npm run build && node test/bench/list-wrapper.mjs [seconds=5] [rounds=3]
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from './server.mjs';

if (process.argv[2] === 'serve') {
  const body = JSON.stringify({ type: 'shamir', initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: '', version: '0.0.0' });
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  if (process.argv[4] === 'list') (await import('../../dist/src/http/list-method.js')).acceptListMethod(server, 'connection');
  server.listen(Number(process.argv[3]), '127.0.0.1', () => process.stdout.write('listening\n'));
} else {
  const SECONDS = Number(process.argv[2] ?? 5);
  const ROUNDS = Number(process.argv[3] ?? 3);
  const results = { bare: [], list: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ['bare', 'list']) {
      const port = await freePort();
      const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve', String(port), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((r) => proc.stdout.once('data', r));
      const r = await autocannon({ url: `http://127.0.0.1:${port}/v1/sys/seal-status`, connections: 16, duration: SECONDS });
      results[mode].push(Math.round(r.requests.average));
      proc.kill();
    }
  }
  console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds: SECONDS, reqPerSecond: results }, null, 2));
}
