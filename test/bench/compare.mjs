// Two builds side by side on the same machine, taking turns: server CPU per request (user + system
// time / requests) and req/s for the lightest paths, so a request-path change shows its cost without
// a ceiling. Each build gets its own server (file storage, 200 KV v2 keys, a transit key; 128-byte
// transit plaintexts).
// Usage: node test/bench/compare.mjs <before cli.js> <after cli.js> [seconds=4] [rounds=2] [--node <path>]
//   (--node runs both servers under that Node binary; autocannon stays on this one)
//   e.g. git worktree add /tmp/before <rev> && (cd /tmp/before && npm ci && npm run build)
//        node test/bench/compare.mjs /tmp/before/dist/src/cli/main.js dist/src/cli/main.js
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { api, cpuMs, initAndUnseal, newServerConfig, positionalArgs, serverNodeVersion, startServer, stop } from './server.mjs';

const args = positionalArgs();
const [before, after] = args.slice(0, 2).map((p) => (p ? resolve(p) : undefined));
if (!before || !after) throw new Error('usage: node test/bench/compare.mjs <before cli.js> <after cli.js> [seconds] [rounds] [--node <path>]');
const SECONDS = Number(args[2] ?? 4);
const ROUNDS = Number(args[3] ?? 2);
const KEYS = 200;
const TRANSIT_BODY = JSON.stringify({ plaintext: Buffer.alloc(128, 7).toString('base64') });

async function boot(cli) {
  const cfg = await newServerConfig();
  const { proc } = await startServer(cfg, {}, cli);
  const token = await initAndUnseal(cfg);
  await api(cfg, 'POST', 'sys/mounts/secret', token, { type: 'kv', options: { version: '2' } });
  for (let i = 0; i < KEYS; i++) await api(cfg, 'POST', `secret/data/k${i}`, token, { data: { value: `v${i}`, pad: 'x'.repeat(64) } });
  await api(cfg, 'POST', 'sys/mounts/transit', token, { type: 'transit' });
  await api(cfg, 'POST', 'transit/keys/bench', token, {});
  return { cfg, proc, token };
}

const SCENARIOS = {
  seal_status: () => ({ method: 'GET', path: '/v1/sys/seal-status' }),
  token_lookup_self: () => ({ method: 'GET', path: '/v1/auth/token/lookup-self' }),
  kvv2_read: () => ({ method: 'GET', path: `/v1/secret/data/k${Math.floor(Math.random() * KEYS)}` }),
  transit_encrypt: () => ({ method: 'POST', path: '/v1/transit/encrypt/bench', body: TRANSIT_BODY }),
};

const servers = { before: await boot(before), after: await boot(after) };
const results = {};
try {
  // A short warm-up of every scenario on each server first (JIT, caches), not counted.
  for (const next of Object.values(SCENARIOS)) {
    for (const s of Object.values(servers)) {
      await autocannon({ url: s.cfg.url, connections: 16, duration: 1, headers: { 'x-vault-token': s.token, 'content-type': 'application/json' }, requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] });
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, next] of Object.entries(SCENARIOS)) {
      for (const [which, s] of Object.entries(servers)) {
        const cpu0 = cpuMs(s.proc.pid);
        const r = await autocannon({
          url: s.cfg.url,
          connections: 16,
          duration: SECONDS,
          headers: { 'x-vault-token': s.token, 'content-type': 'application/json' },
          requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
        });
        const cpu = cpuMs(s.proc.pid) - cpu0;
        if (r.errors + r.non2xx > 0) throw new Error(`${which} ${name}: ${r.errors + r.non2xx} failed requests`);
        ((results[name] ??= {})[which] ??= []).push({ rps: Math.round(r.requests.average), cpuUsPerRequest: Math.round((cpu * 1000) / r.requests.total) });
      }
    }
  }
} finally {
  await Promise.all(Object.values(servers).map((s) => stop(s.proc)));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Per scenario and build: the median over the rounds of req/s and of server CPU µs per request. */
const summary = Object.fromEntries(
  Object.entries(results).map(([name, r]) => [
    name,
    Object.fromEntries(Object.entries(r).map(([which, rounds]) => [which, { rps: median(rounds.map((x) => x.rps)), cpuUsPerRequest: median(rounds.map((x) => x.cpuUsPerRequest)) }])),
  ]),
);
console.log(JSON.stringify({ date: new Date().toISOString(), node: serverNodeVersion(), before, after, seconds: SECONDS, rounds: ROUNDS, summary, results }, null, 2));
