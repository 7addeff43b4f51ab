// tsvault benchmarks: start-up time, sys/seal-status throughput beside a bare node:http server,
// idle RSS after init and unseal. Run with `npm run bench` (builds first). Prints numbers only;
// nothing here asserts a speed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, get } from 'node:http';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const STARTS = Number(process.env.BENCH_STARTS ?? 15);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

async function newServerConfig() {
  const dir = mkdtempSync(join(tmpdir(), 'tsvault-bench-'));
  const port = await freePort();
  const config = join(dir, 'vault.hcl');
  writeFileSync(config, `storage "file" {\n  path = "${join(dir, 'data')}"\n}\nlistener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = 1\n}\nlog_level = "warn"\n`);
  return { dir, port, config };
}

async function waitListening(port, proc) {
  for (;;) {
    if (proc.exitCode !== null) throw new Error('server exited');
    try {
      const r = await fetch(`http://127.0.0.1:${port}/v1/sys/seal-status`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 2));
  }
}

function stop(proc) {
  return new Promise((res) => {
    proc.once('exit', res);
    proc.kill('SIGTERM');
  });
}

async function startServer(cfg) {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [CLI, 'server', `-config=${cfg.config}`], { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: cfg.dir } });
  await waitListening(cfg.port, proc);
  return { proc, ms: performance.now() - t0 };
}

async function benchStartup() {
  const times = [];
  for (let i = 0; i < STARTS; i++) {
    const cfg = await newServerConfig();
    const { proc, ms } = await startServer(cfg);
    times.push(ms);
    await stop(proc);
  }
  return stats(times);
}

function getOnce(url, agent) {
  return new Promise((res) => {
    get(url, { agent }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode === 200));
    }).on('error', () => res(false));
  });
}

const WRK = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim();
const LOADER = process.env.BENCH_LOADER ?? (WRK ? 'wrk' : 'node');

/** wrk (Debian package `wrk`), one thread, CONCURRENCY keep-alive connections. */
function loadWrk(url) {
  const r = spawnSync(WRK, ['-t1', `-c${CONCURRENCY}`, `-d${SECONDS}s`, url], { encoding: 'utf8' });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout);
  return { rps: rps ? Math.round(Number(rps[1])) : NaN, errors: non2xx ? Number(non2xx[1]) : 0 };
}

async function load(url) {
  return LOADER === 'wrk' ? loadWrk(url) : loadNode(url);
}

/** CONCURRENCY keep-alive connections, each sending the next request when the last answer ends. */
async function loadNode(url) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let count = 0;
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      if (await getOnce(url, agent)) count++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return { rps: Math.round(count / SECONDS), errors };
}

function cli(cfg, args) {
  const env = { PATH: process.env.PATH, HOME: cfg.dir, VAULT_ADDR: `http://127.0.0.1:${cfg.port}` };
  return spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
}

/** seal-status of an initialised, sealed server (what load balancers and operators poll). */
async function benchSealStatus() {
  const cfg = await newServerConfig();
  const { proc } = await startServer(cfg);
  cli(cfg, ['operator', 'init']);
  const barePort = await freePort();
  const bare = spawn(process.execPath, [join(ROOT, 'test/bench/bare-server.mjs'), String(barePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((res) => bare.stdout.once('data', res));
  // warm both up, then measure each in turn
  await load(`http://127.0.0.1:${cfg.port}/v1/sys/seal-status`);
  const tsvault = await load(`http://127.0.0.1:${cfg.port}/v1/sys/seal-status`);
  const baseline = await load(`http://127.0.0.1:${barePort}/`);
  await stop(proc);
  await stop(bare);
  return { tsvault, baseline, ratio: +(tsvault.rps / baseline.rps).toFixed(3) };
}

function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function benchIdleRss() {
  const cfg = await newServerConfig();
  const { proc } = await startServer(cfg);
  const keys = JSON.parse(cli(cfg, ['operator', 'init', '-format=json']).stdout).unseal_keys_b64;
  for (const k of keys.slice(0, 3)) cli(cfg, ['operator', 'unseal', k]);
  await new Promise((r) => setTimeout(r, 3000)); // let start-up garbage settle: this is an idle figure
  const kib = rssKiB(proc.pid);
  await stop(proc);
  return { rssMiB: +(kib / 1024).toFixed(1) };
}

const results = {
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  startToListeningMs: await benchStartup(),
  sealStatus: await benchSealStatus(),
  idleAfterUnseal: await benchIdleRss(),
  settings: { STARTS, SECONDS, CONCURRENCY, LOADER },
};
for (const k of ['min', 'median', 'max']) results.startToListeningMs[k] = Math.round(results.startToListeningMs[k]);
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
