// KV v2 writes per second against the disk's own fsync rate, measured in the same run: a "before"
// build on file storage as it was, this build on file storage without group commit, and this build
// with `group_commit = "true"`, taking turns (autocannon, 16 connections, as run.mjs's kvv2_write).
// Every write is fsynced before its answer in all three. Also server CPU per request.
// Usage: node test/bench/group-commit.mjs <before cli.js> [seconds=6] [rounds=2] [--node <path>]
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { diskFsyncRate } from './disk.mjs';
import { api, CLI, cpuMs, initAndUnseal, newServerConfig, positionalArgs, serverNodeVersion, setGroupCommit, startServer, stop } from './server.mjs';

const args = positionalArgs();
const before = args[0] ? resolve(args[0]) : undefined;
if (!before) throw new Error('usage: node test/bench/group-commit.mjs <before cli.js> [seconds] [rounds]');
const SECONDS = Number(args[1] ?? 6);
const ROUNDS = Number(args[2] ?? 2);
const KEYS = 1000;

async function boot(cli, groupCommit) {
  const cfg = await newServerConfig();
  if (groupCommit !== undefined) setGroupCommit(cfg, groupCommit);
  const { proc } = await startServer(cfg, {}, cli);
  const token = await initAndUnseal(cfg);
  await api(cfg, 'POST', 'sys/mounts/secret', token, { type: 'kv', options: { version: '2' } });
  return { cfg, proc, token };
}

const servers = {
  before: await boot(before),
  after_default: await boot(CLI),
  after_group_commit: await boot(CLI, 'true'),
};
const results = {};
const disk = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    disk.push(await diskFsyncRate(servers.after_group_commit.cfg.dir, 3000));
    for (const [which, s] of Object.entries(servers)) {
      let w = 0;
      const cpu0 = cpuMs(s.proc.pid);
      const r = await autocannon({
        url: s.cfg.url,
        connections: 16,
        duration: SECONDS,
        headers: { 'x-vault-token': s.token },
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: 'POST',
              path: `/v1/secret/data/write/k${w++ % KEYS}`,
              body: JSON.stringify({ data: { value: `w${w}` } }),
            }),
          },
        ],
      });
      const cpu = cpuMs(s.proc.pid) - cpu0;
      if (r.errors + r.non2xx > 0) throw new Error(`${which}: ${r.errors + r.non2xx} failed requests`);
      (results[which] ??= []).push({ rps: Math.round(r.requests.average), cpuUsPerRequest: Math.round((cpu * 1000) / r.requests.total) });
    }
  }
  disk.push(await diskFsyncRate(servers.after_group_commit.cfg.dir, 3000));
} finally {
  await Promise.all(Object.values(servers).map((s) => stop(s.proc)));
}
const diskFsyncPerSec = Math.max(...disk);
const best = Object.fromEntries(
  Object.entries(results).map(([k, runs]) => {
    const top = runs.reduce((a, b) => (b.rps > a.rps ? b : a));
    return [k, { ...top, ofDiskFsyncRate: +(top.rps / diskFsyncPerSec).toFixed(3) }];
  }),
);
console.log(JSON.stringify({ date: new Date().toISOString(), node: serverNodeVersion(), before, seconds: SECONDS, rounds: ROUNDS, disk, diskFsyncPerSec, best, results }, null, 2));
