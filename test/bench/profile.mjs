// Where a request's CPU goes: one server per scenario started under `node --cpu-prof`, loaded for a
// few seconds with autocannon, stopped cleanly (the profile is written at exit); prints, for the
// samples taken during the load only (not start-up or seeding), the top self-time functions and the
// share of each part of the code (tsvault's src/ by folder, node:
// internals, the rest). Builds nothing: run `npm run build` first.
// Usage: node test/bench/profile.mjs [scenario ...] [--seconds N] [--top N] [--node <path>]
//   scenarios: seal_status token_lookup_self kvv2_read kvv2_read_policy transit_encrypt kvv2_write
//   kvv2_write_group_commit (default: all)
//   The .cpuprofile files stay in the printed directory (open them in Chrome DevTools for a flame graph).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './load.mjs';
import { api, CLI, initAndUnseal, newServerConfig, NODE, positionalArgs, ROOT, setGroupCommit, stop } from './server.mjs';

const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = flag('--seconds', 5);
const TOP = flag('--top', 25);
const KEYS = 200;
const PAYLOAD = Buffer.alloc(128, 7).toString('base64');
const WRITE_BODY = JSON.stringify({ data: { value: 'v', pad: 'x'.repeat(64) } });
const POLICY = 'path "secret/data/*" { capabilities = ["create", "read", "update"] }';

const SCENARIOS = {
  seal_status: () => ({ method: 'GET', path: '/v1/sys/seal-status' }),
  token_lookup_self: () => ({ method: 'GET', path: '/v1/auth/token/lookup-self' }),
  kvv2_read: () => ({ method: 'GET', path: `/v1/secret/data/k${Math.floor(Math.random() * KEYS)}` }),
  kvv2_read_policy: () => ({ method: 'GET', path: `/v1/secret/data/k${Math.floor(Math.random() * KEYS)}` }),
  transit_encrypt: () => ({ method: 'POST', path: '/v1/transit/encrypt/bench', body: JSON.stringify({ plaintext: PAYLOAD }) }),
  kvv2_write: () => ({ method: 'POST', path: `/v1/secret/data/w${Math.floor(Math.random() * 1000)}`, body: WRITE_BODY }),
  kvv2_write_group_commit: () => ({ method: 'POST', path: `/v1/secret/data/w${Math.floor(Math.random() * 1000)}`, body: WRITE_BODY }),
};
/** Scenarios whose server runs its file storage with `group_commit = "true"`. */
const GROUP_COMMIT = new Set(['kvv2_write_group_commit']);
const chosen = positionalArgs().filter((a) => !/^\d+$/.test(a)); // the values of --seconds and --top left out
const names = chosen.length > 0 ? chosen : Object.keys(SCENARIOS);
for (const n of names) if (!SCENARIOS[n]) throw new Error(`unknown scenario ${n}; known: ${Object.keys(SCENARIOS).join(' ')}`);

/** Which part of the code a profile node belongs to. */
function partOf(url) {
  if (!url) return '(native/gc/idle)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return `src/${url.slice(src + '/dist/src/'.length).split('/')[0]}`;
  if (url.includes('/node_modules/')) return `node_modules/${url.split('/node_modules/')[1].split('/')[0]}`;
  return url.replace(`file://${ROOT}/`, '');
}

/** Monotonic µs, the clock V8's profile timestamps use (CLOCK_MONOTONIC on Linux). */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Self time per function and per part, counting only the samples taken within [fromUs, toUs] (the load). */
function summarise(profile, fromUs, toUs) {
  const dt = new Map();
  const { samples, timeDeltas } = profile;
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) continue;
    dt.set(samples[i], (dt.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  }
  const fns = new Map();
  const parts = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const self = dt.get(node.id) ?? 0;
    const f = node.callFrame;
    if (f.functionName === '(idle)') continue;
    total += self;
    const short = f.url.replace(/^.*\/dist\//, '').replace(`file://${ROOT}/`, '');
    const key = `${f.functionName || '(anonymous)'} ${short}:${f.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + self);
    const part = partOf(f.url);
    parts.set(part, (parts.get(part) ?? 0) + self);
  }
  const pct = (v) => `${((100 * v) / total).toFixed(1).padStart(5)} %`;
  const top = [...fns].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  const byPart = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 20);
  return { totalMs: Math.round(total / 1000), top: top.map(([k, v]) => `${pct(v)}  ${k}`), parts: byPart.map(([k, v]) => `${pct(v)}  ${k}`) };
}

async function profileOne(name) {
  const cfg = await newServerConfig();
  if (GROUP_COMMIT.has(name)) setGroupCommit(cfg, 'true');
  const dir = mkdtempSync(join(tmpdir(), `tsvault-prof-${name}-`));
  const proc = spawn(NODE, ['--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, 'server', `-config=${cfg.config}`], { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: cfg.dir } });
  for (;;) {
    if (proc.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${cfg.url}/v1/sys/seal-status`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 5));
  }
  const root = await initAndUnseal(cfg);
  await api(cfg, 'POST', 'sys/mounts/secret', root, { type: 'kv', options: { version: '2' } });
  await api(cfg, 'POST', 'sys/mounts/transit', root, { type: 'transit' });
  await api(cfg, 'POST', 'transit/keys/bench', root, {});
  for (let i = 0; i < KEYS; i++) await api(cfg, 'POST', `secret/data/k${i}`, root, { data: { value: `v${i}`, pad: 'x'.repeat(64) } });
  await api(cfg, 'PUT', 'sys/policies/acl/bench', root, { policy: POLICY });
  const token = name === 'kvv2_read_policy' ? (await api(cfg, 'POST', 'auth/token/create', root, { policies: ['bench'] })).auth.client_token : root;
  const from = nowUs();
  const r = await measure({ url: cfg.url, next: SCENARIOS[name], headers: { 'x-vault-token': token }, connections: 16, seconds: SECONDS, pid: proc.pid });
  const to = nowUs();
  await stop(proc);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const s = summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')), from, to);
  process.stdout.write(
    `\n== ${name}: ${r.rps} req/s, ${r.cpuUsPerRequest} µs CPU/request (under the profiler), errors ${r.errors}; ${join(dir, file)}\n` +
      `-- by part (self time during the load, ${s.totalMs} ms not idle)\n${s.parts.join('\n')}\n-- top functions (self time)\n${s.top.join('\n')}\n`,
  );
}

for (const name of names) await profileOne(name);
