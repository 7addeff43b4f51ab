// What operating like Vault costs (issue 13): KV v2 read and write with no audit device, with one
// `file` audit device, and with sys/metrics scraped in Prometheus form every second, on one server
// with file storage; the server's CPU time per request (µs) beside the rate. The modes alternate
// on the same server and data, so a ratio compares like with like. `npm run bench:operate` (builds
// first); `-- --quick` for the CI smoke run. Prints JSON and writes
// test/bench/results/operate-latest.json (operate-quick.json for --quick). Asserts no speed.
import { mkdtempSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './load.mjs';
import { api, cpuMs, initAndUnseal, newServerConfig, report, startServer, stop } from './server.mjs';

const QUICK = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 1 : 8));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const KEYS = QUICK ? 100 : 1000;
const pick = (n) => Math.floor(Math.random() * n);

async function main() {
  const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, quick: QUICK, settings: { SECONDS, CONNECTIONS, KEYS } };
  const cfg = await newServerConfig('telemetry {\n  prometheus_retention_time = "30s"\n  disable_hostname = true\n}\n');
  const { proc } = await startServer(cfg);
  // Its own directory, as /var/log/vault is: the config's directory is watched (every write there
  // would cost the watcher a directory scan).
  const auditFile = join(mkdtempSync(join(tmpdir(), 'tsvault-bench-audit-')), 'audit.log');
  try {
    const root = await initAndUnseal(cfg);
    await api(cfg, 'POST', 'sys/mounts/secret', root, { type: 'kv', options: { version: '2' } });
    for (let i = 0; i < KEYS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => api(cfg, 'POST', `secret/data/k${i + j}`, root, { data: { value: `v${i + j}`, pad: 'x'.repeat(64) } })));
    }
    let w = 0;
    const scenarios = {
      kvv2_read: () => ({ method: 'GET', path: `/v1/secret/data/k${pick(KEYS)}` }),
      kvv2_write: () => ({ method: 'POST', path: `/v1/secret/data/k${w++ % KEYS}`, body: JSON.stringify({ data: { value: `w${w}` } }) }),
    };
    const modes = {
      off: { before: async () => {}, after: async () => {} },
      audit_file: {
        before: () => api(cfg, 'PUT', 'sys/audit/file', root, { type: 'file', options: { file_path: auditFile } }),
        after: () => api(cfg, 'DELETE', 'sys/audit/file', root),
      },
      metrics_scraped_1s: {
        before: async () => {
          const scrape = () => fetch(`${cfg.url}/v1/sys/metrics?format=prometheus`, { headers: { 'x-vault-token': root } }).then((r) => r.text());
          await scrape();
          modes.metrics_scraped_1s.timer = setInterval(() => void scrape().catch(() => {}), 1000);
        },
        after: async () => clearInterval(modes.metrics_scraped_1s.timer),
      },
    };
    results.scenarios = {};
    // Two rounds of every mode, interleaved, so drift on a shared machine falls on all of them.
    for (let round = 0; round < (QUICK ? 1 : 2); round++) {
      for (const [mode, m] of Object.entries(modes)) {
        await m.before();
        for (const [name, next] of Object.entries(scenarios)) {
          const before = cpuMs(proc.pid);
          const r = await measure({ url: cfg.url, next, headers: { 'x-vault-token': root }, connections: CONNECTIONS, seconds: SECONDS });
          const cpu = cpuMs(proc.pid) - before;
          const key = `${name}/${mode}`;
          const prev = results.scenarios[key];
          const cur = { ...r, cpuUsPerRequest: r.total > 0 ? Math.round((cpu * 1000) / r.total) : null };
          // Best of the rounds by rate; errors of any round are kept.
          results.scenarios[key] = !prev || cur.rps > prev.rps ? { ...cur, errors: cur.errors + (prev?.errors ?? 0) } : { ...prev, errors: prev.errors + cur.errors };
        }
        await m.after();
      }
    }
    results.auditFileBytes = statSync(auditFile).size;
    for (const name of Object.keys(scenarios)) {
      const off = results.scenarios[`${name}/off`].rps;
      results[`${name}_ratio`] = Object.fromEntries(Object.keys(modes).map((m) => [m, +(results.scenarios[`${name}/${m}`].rps / off).toFixed(2)]));
    }
  } finally {
    await stop(proc);
  }
  report('operate', QUICK, results);
}

await main();
