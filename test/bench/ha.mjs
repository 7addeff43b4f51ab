// HA benchmarks (issue 11): KV v2 read and write and token lookup on `file` beside `postgresql`, on
// the active node and through a standby (the forwarding cost), and failover time (SIGKILL of the
// active node → first successful write on the new active), median and max. `npm run bench:ha`
// (builds first); `-- --quick` for the CI smoke run (fewer kills, short lock timings). Prints JSON
// and writes test/bench/results/ha-latest.json (ha-quick.json for --quick). Asserts no speed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './load.mjs';
import { api, freePort, initAndUnseal, newServerConfig, ROOT, startServer, stats, stop } from './server.mjs';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const KILLS = Number(process.env.BENCH_KILLS ?? (QUICK ? 2 : 20));
const SEED_KEYS = QUICK ? 100 : 1000;
// Vault's PostgreSQL lock timings in a full run; short ones for the smoke run.
const LOCK_ENV = QUICK ? { TSVAULT_HA_LOCK_TTL: '3s', TSVAULT_HA_LOCK_RENEW_INTERVAL: '1s', TSVAULT_HA_LOCK_RETRY_INTERVAL: '250ms' } : {};
const PG_SCRIPT = join(ROOT, 'test/services/postgres.sh');
const pick = (n) => Math.floor(Math.random() * n);

function pgService(args) {
  const r = spawnSync('bash', [PG_SCRIPT, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`postgres.sh ${args[0]}: ${r.stderr}`);
  return Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

async function pgNode(url, table) {
  const port = await freePort();
  return newServerConfig(
    '',
    `storage "postgresql" {\n  connection_url = "${url}"\n  table = "${table}"\n  ha_table = "${table}_ha"\n  ha_enabled = "true"\n}\napi_addr = "http://127.0.0.1:${port}"\n`,
    port,
  );
}

async function seed(cfg, token) {
  await api(cfg, 'POST', 'sys/mounts/secret', token, { type: 'kv', options: { version: '2' } });
  for (let i = 0; i < SEED_KEYS; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, SEED_KEYS - i) }, (_, j) => api(cfg, 'POST', `secret/data/seed/k${i + j}`, token, { data: { value: `v${i + j}` } })));
  }
}

async function scenarios(url, token) {
  const headers = { 'x-vault-token': token };
  const run = (next) => measure({ url, next, headers, connections: CONNECTIONS, seconds: SECONDS });
  let w = 0;
  return {
    kvv2_read: await run(() => ({ method: 'GET', path: `/v1/secret/data/seed/k${pick(SEED_KEYS)}` })),
    kvv2_write: await run(() => ({ method: 'POST', path: `/v1/secret/data/write/k${w++ % SEED_KEYS}`, body: JSON.stringify({ data: { value: `w${w}` } }) })),
    token_lookup_self: await run(() => ({ method: 'GET', path: '/v1/auth/token/lookup-self' })),
  };
}

async function isActive(cfg) {
  try {
    return (await fetch(`${cfg.url}/v1/sys/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}

async function until(what, ms) {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function canWrite(cfg, token, i) {
  try {
    const r = await fetch(`${cfg.url}/v1/secret/data/failover/k${i}`, {
      method: 'POST',
      headers: { 'x-vault-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { i } }),
      redirect: 'manual',
      signal: AbortSignal.timeout(2000),
    });
    return r.ok;
  } catch {
    return false;
  }
}

async function main() {
  const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, quick: QUICK, settings: { SECONDS, CONNECTIONS, KILLS, SEED_KEYS, lock: QUICK ? LOCK_ENV : "Vault's (15 s TTL, 5 s renew, 1 s retry)" } };
  pgService(['install']);
  const pgDir = mkdtempSync(join(tmpdir(), 'tsvault-bench-pg-'));
  const pg = pgService(['start', pgDir, String(await freePort())]);
  const procs = new Set();
  try {
    // file, one node
    const fileCfg = await newServerConfig();
    const file = await startServer(fileCfg);
    procs.add(file.proc);
    const fileToken = await initAndUnseal(fileCfg);
    await seed(fileCfg, fileToken);
    results.file = await scenarios(fileCfg.url, fileToken);
    await stop(file.proc);
    procs.delete(file.proc);

    // postgresql, two HA nodes
    const table = `bench_${Date.now()}`;
    const cfgs = [await pgNode(pg.PG_CONNECTION_URL, table), await pgNode(pg.PG_CONNECTION_URL, table)];
    const nodes = [];
    for (const cfg of cfgs) {
      const n = await startServer(cfg, LOCK_ENV);
      procs.add(n.proc);
      nodes.push({ cfg, proc: n.proc });
    }
    const init = await api(cfgs[0], 'PUT', 'sys/init', undefined, { secret_shares: 1, secret_threshold: 1 });
    const key = init.keys_base64[0];
    const token = init.root_token;
    for (const cfg of cfgs) await api(cfg, 'PUT', 'sys/unseal', undefined, { key });
    await until(async () => (await Promise.all(cfgs.map(isActive))).some(Boolean), 30_000);
    const activeIdx = (await Promise.all(cfgs.map(isActive))).indexOf(true);
    const active = nodes[activeIdx];
    const standby = nodes[1 - activeIdx];
    await seed(active.cfg, token);
    results.postgresqlActive = await scenarios(active.cfg.url, token);
    results.postgresqlViaStandby = await scenarios(standby.cfg.url, token);

    // failover: kill the active node, time until a write succeeds on the other, bring the victim back
    const times = [];
    for (let k = 0; k < KILLS; k++) {
      const flags = await Promise.all(nodes.map((n) => isActive(n.cfg)));
      const victim = nodes[flags.indexOf(true)];
      const other = nodes.find((n) => n !== victim);
      const t0 = performance.now();
      victim.proc.kill('SIGKILL');
      await new Promise((r) => victim.proc.once('exit', r));
      procs.delete(victim.proc);
      await until(() => canWrite(other.cfg, token, k), 60_000);
      times.push(performance.now() - t0);
      const again = await startServer(victim.cfg, LOCK_ENV);
      victim.proc = again.proc;
      procs.add(again.proc);
      await api(victim.cfg, 'PUT', 'sys/unseal', undefined, { key });
    }
    results.failoverMs = stats(times);
  } finally {
    for (const p of procs) await stop(p);
    pgService(['stop', pgDir]);
  }
  const errors = ['file', 'postgresqlActive', 'postgresqlViaStandby'].flatMap((g) => Object.entries(results[g] ?? {}).filter(([, r]) => r.errors > 0).map(([n]) => `${g}.${n}`));
  mkdirSync(join(ROOT, 'test/bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `test/bench/results/ha-${QUICK ? 'quick' : 'latest'}.json`), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  if (errors.length > 0) {
    process.stderr.write(`scenarios with errors: ${errors.join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main();
