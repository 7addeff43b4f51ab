// Process start to listening (sys/seal-status answers) on a file storage holding 0 and N entries:
// start-up must not grow with the data (issue 14). Values are written in Vault's layout, three per
// folder under logical/<mount>/<a>/<b>/, as a KV store spreads them; the page cache is warm.
// Usage: node test/bench/startup-size.mjs [entries=18000] [runs=5] [cli=dist/src/cli/main.js]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLI, newServerConfig, startServer, stats, stop } from './server.mjs';

const ENTRIES = Number(process.argv[2] ?? 18_000);
const RUNS = Number(process.argv[3] ?? 5);
const cli = process.argv[4] ? resolve(process.argv[4]) : CLI;

function populate(data, entries) {
  const value = `{"Value":"${Buffer.alloc(96, 7).toString('base64')}"}\n`;
  for (let i = 0; i < entries; i++) {
    const dir = join(data, 'logical', `mount${Math.floor(i / 3) % 8}`, `a${Math.floor(i / 3) % 64}`, `b${Math.floor(i / 3)}`);
    if (i % 3 === 0) mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, `_k${i % 3}`), value, { mode: 0o600 });
  }
}

async function startToListening(cfg) {
  const { proc, ms } = await startServer(cfg, {}, cli);
  await stop(proc);
  return ms;
}

const out = {};
for (const entries of [0, ENTRIES]) {
  const cfg = await newServerConfig();
  mkdirSync(join(cfg.dir, 'data'), { mode: 0o700 });
  populate(join(cfg.dir, 'data'), entries);
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await startToListening(cfg));
  out[entries] = stats(times);
}
console.log(JSON.stringify({ cli, startToListeningMs: out }, null, 2));
