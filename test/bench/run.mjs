// tsvault benchmarks. `npm run bench` (builds first); `npm run bench -- --quick` for a smoke run;
// `npm run bench -- --node <path>` runs the servers (and the bare node:http ceiling) under that Node
// binary, the load generator staying on this one. Every scenario reports the server's CPU time per
// request (cpuUsPerRequest, µs: user + system time over the run / requests answered).
// Prints JSON and writes test/bench/results/latest.json (quick.json for --quick); `npm run
// bench:report` turns latest.json into the tables in BENCHMARKS.md. Nothing here asserts a speed:
// the run fails only when a scenario has errors.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { diskFsyncRate } from './disk.mjs';
import { measure } from './load.mjs';
import { benchRestart } from './restart.mjs';
import { api, freePort, initAndUnseal, newServerConfig, NODE, ROOT, rssMiB, serverNodeVersion, startServer, stats, stop } from './server.mjs';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const STARTS = Number(process.env.BENCH_STARTS ?? (QUICK ? 3 : 20));
const SEED_KEYS = QUICK ? 200 : 1000;
const MEMORY_KEYS = QUICK ? 500 : 10_000;
const PAYLOAD = Buffer.alloc(128, 7).toString('base64');
/** An application's policy: KV v2 under secret/, writes limited to Vault's own KV v2 parameters. */
const BENCH_POLICY = `path "secret/data/*" {
  capabilities = ["create", "read", "update"]
  allowed_parameters = { "data" = [], "options" = [], "version" = [] }
  denied_parameters = { "admin" = [] }
}`;

const pick = (n) => Math.floor(Math.random() * n);

async function seedKv(cfg, token, count, prefix) {
  const batch = 50;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, j) =>
        api(cfg, 'POST', `secret/data/${prefix}${i + j}`, token, { data: { value: `v${i + j}`, pad: 'x'.repeat(64) } }),
      ),
    );
  }
}

async function startup() {
  const times = [];
  for (let i = 0; i < STARTS; i++) {
    const cfg = await newServerConfig();
    const { proc, ms } = await startServer(cfg);
    times.push(ms);
    await stop(proc);
  }
  return stats(times);
}

/** Peak RSS of a process while `work` runs, sampled every 50 ms. */
async function peakRss(pid, work) {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  try {
    return { result: await work(), peak };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const results = { date: new Date().toISOString(), node: serverNodeVersion(), nodeBinary: NODE, loadNode: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, quick: QUICK, settings: { SECONDS, CONNECTIONS, STARTS, SEED_KEYS, MEMORY_KEYS } };
  results.startToListeningMs = await startup();

  // The ceiling: a bare node:http server answering a fixed JSON body, measured the same way.
  const barePort = await freePort();
  const bare = spawn(NODE, [join(ROOT, 'test/bench/bare-server.mjs'), String(barePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => bare.stdout.once('data', r));
  const ceiling = await measure({ url: `http://127.0.0.1:${barePort}`, next: () => ({ method: 'GET', path: '/' }), connections: CONNECTIONS, seconds: SECONDS, pid: bare.pid });
  await stop(bare);

  const cfg = await newServerConfig();
  const { proc } = await startServer(cfg);
  try {
    const token = await initAndUnseal(cfg);
    results.memory = { idleAfterUnsealMiB: rssMiB(proc.pid) };
    await api(cfg, 'POST', 'sys/mounts/secret', token, { type: 'kv', options: { version: '2' } });
    await api(cfg, 'POST', 'sys/mounts/transit', token, { type: 'transit' });
    await api(cfg, 'POST', 'transit/keys/bench', token, {});
    await seedKv(cfg, token, SEED_KEYS, 'seed/k');
    const ct = (await api(cfg, 'POST', 'transit/encrypt/bench', token, { plaintext: PAYLOAD })).data.ciphertext;
    // Most traffic carries a token with policies, not root: its ACL check (with parameter
    // constraints) is on the request path too.
    await api(cfg, 'PUT', 'sys/policies/acl/bench', token, { policy: BENCH_POLICY });
    const appToken = (await api(cfg, 'POST', 'auth/token/create', token, { policies: ['bench'] })).auth.client_token;
    const headers = { 'x-vault-token': token };
    const run = (next, h = headers) => measure({ url: cfg.url, next, headers: h, connections: CONNECTIONS, seconds: SECONDS, pid: proc.pid });
    const asApp = { 'x-vault-token': appToken };
    let w = 0;
    const scenarios = {
      seal_status: () => run(() => ({ method: 'GET', path: '/v1/sys/seal-status' })),
      token_lookup_self: () => run(() => ({ method: 'GET', path: '/v1/auth/token/lookup-self' })),
      kvv2_read: () => run(() => ({ method: 'GET', path: `/v1/secret/data/seed/k${pick(SEED_KEYS)}` })),
      kvv2_write: () => run(() => ({ method: 'POST', path: `/v1/secret/data/write/k${w++ % SEED_KEYS}`, body: JSON.stringify({ data: { value: `w${w}` } }) })),
      kvv2_read_policy: () => run(() => ({ method: 'GET', path: `/v1/secret/data/seed/k${pick(SEED_KEYS)}` }), asApp),
      kvv2_write_policy: () =>
        run(() => ({ method: 'POST', path: `/v1/secret/data/app/k${w++ % SEED_KEYS}`, body: JSON.stringify({ data: { value: `w${w}` } }) }), asApp),
      transit_encrypt: () => run(() => ({ method: 'POST', path: '/v1/transit/encrypt/bench', body: JSON.stringify({ plaintext: PAYLOAD }) })),
      transit_decrypt: () => run(() => ({ method: 'POST', path: '/v1/transit/decrypt/bench', body: JSON.stringify({ ciphertext: ct }) })),
    };
    results.ceiling = ceiling;
    results.scenarios = {};
    for (const [name, fn] of Object.entries(scenarios)) {
      const r = name === 'kvv2_read' ? await peakRss(proc.pid, fn) : { result: await fn() };
      results.scenarios[name] = { ...r.result, ratio: +(r.result.rps / ceiling.rps).toFixed(3) };
      if (r.peak !== undefined) results.memory.peakDuringKvReadMiB = r.peak;
    }
    await seedKv(cfg, token, MEMORY_KEYS, 'mem/k');
    results.memory[`after${MEMORY_KEYS}KvEntriesMiB`] = rssMiB(proc.pid);
    results.storage = { diskFsyncPerSec: await diskFsyncRate(cfg.dir, QUICK ? 500 : 3000), kvv2WritePerSec: results.scenarios.kvv2_write.rps };
  } finally {
    await stop(proc);
  }
  Object.assign(results, await benchRestart(QUICK ? 3 : 20));
  const failed = Object.entries(results.scenarios ?? {}).filter(([, r]) => r.errors > 0);
  mkdirSync(join(ROOT, 'test/bench/results'), { recursive: true });
  // The committed results are the last full run; a --quick smoke run writes beside them.
  writeFileSync(join(ROOT, `test/bench/results/${QUICK ? 'quick' : 'latest'}.json`), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  if (failed.length > 0) {
    process.stderr.write(`scenarios with errors: ${failed.map(([n]) => n).join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main();
