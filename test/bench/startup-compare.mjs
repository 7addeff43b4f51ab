// Start-up and idle memory of two builds, taking turns on the same machine: restart → unsealed
// with awskms on LocalStack, start → listening (Shamir, empty file storage), and RSS idle right
// after unseal, after 1,000 KV v2 keys, and both again after 20 s idle (V8's memory reducer).
// Usage: node test/bench/startup-compare.mjs <before cli.js> <after cli.js> [runs=20]
// The servers run under the Node that runs this script (run it with another binary for Node 24).
// LOCALSTACK_ENDPOINT reuses a LocalStack; otherwise one is started (test/services/localstack.sh).
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startLocalStack } from './restart.mjs';
import { api, cpuMs, initAndUnseal, newServerConfig, rssMiB, stats, stop } from './server.mjs';

const [before, after] = process.argv.slice(2, 4).map((p) => (p ? resolve(p) : undefined));
if (!before || !after) throw new Error('usage: node test/bench/startup-compare.mjs <before cli.js> <after cli.js> [runs]');
const RUNS = Number(process.argv[4] ?? 20);
const IDLE_MS = Number(process.env.IDLE_MS ?? 20_000);
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const builds = { before, after };

function spawnServer(cli, cfg, env = {}) {
  return spawn(process.execPath, [cli, 'server', `-config=${cfg.config}`], { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: cfg.dir, ...env } });
}

/**
 * Milliseconds from spawn until sys/seal-status answers (and says unsealed, when asked), and the
 * server's CPU time (user + system) by then: less sensitive than wall time to a loaded machine.
 */
async function timeTo(cli, cfg, env, unsealed) {
  const t0 = performance.now();
  const proc = spawnServer(cli, cfg, env);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${cli}: server exited`);
    try {
      const r = await fetch(`${cfg.url}/v1/sys/seal-status`);
      if (r.ok && (!unsealed || (await r.json()).sealed === false)) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - t0;
  const cpu = cpuMs(proc.pid);
  await stop(proc);
  return { ms, cpu };
}

async function memory(cli) {
  const cfg = await newServerConfig();
  const proc = spawnServer(cli, cfg);
  for (;;) {
    try {
      if ((await fetch(`${cfg.url}/v1/sys/seal-status`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 5));
  }
  const token = await initAndUnseal(cfg);
  const out = { idleAfterUnsealMiB: rssMiB(proc.pid) };
  await new Promise((r) => setTimeout(r, IDLE_MS));
  out.idleAfterUnsealPlusIdleMiB = rssMiB(proc.pid);
  await api(cfg, 'POST', 'sys/mounts/secret', token, { type: 'kv', options: { version: '2' } });
  for (let i = 0; i < 1000; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => api(cfg, 'POST', `secret/data/mem/k${i + j}`, token, { data: { value: `v${i + j}`, pad: 'x'.repeat(64) } })));
  }
  out.after1000KeysMiB = rssMiB(proc.pid);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  out.after1000KeysPlusIdleMiB = rssMiB(proc.pid);
  await stop(proc);
  return out;
}

const results = { node: process.version, runs: RUNS, idleMs: IDLE_MS };
const ls = process.env.LOCALSTACK_ENDPOINT ? { endpoint: process.env.LOCALSTACK_ENDPOINT, stop: () => undefined } : await startLocalStack();
try {
  const kms = new KMSClient({ endpoint: ls.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.Arn;
  kms.destroy();
  const seal = `seal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${ls.endpoint}"\n}\n`;
  // One initialised awskms store per build.
  const aws = {};
  for (const [which, cli] of Object.entries(builds)) {
    const cfg = await newServerConfig(seal);
    const proc = spawnServer(cli, cfg, AWS_ENV);
    for (;;) {
      try {
        if ((await fetch(`${cfg.url}/v1/sys/seal-status`)).ok) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 5));
    }
    await api(cfg, 'PUT', 'sys/init', undefined, { recovery_shares: 1, recovery_threshold: 1 });
    await stop(proc);
    aws[which] = cfg;
  }
  const names = ['awskmsRestartToUnsealed', 'startToListening'];
  const times = Object.fromEntries(names.flatMap((n) => [`${n}Ms`, `${n}CpuMs`]).map((k) => [k, { before: [], after: [] }]));
  const record = (name, which, t) => {
    times[`${name}Ms`][which].push(t.ms);
    times[`${name}CpuMs`][which].push(t.cpu);
  };
  for (let i = 0; i < RUNS; i++) {
    // Taking turns, the order flipped every run.
    const order = i % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const which of order) record('awskmsRestartToUnsealed', which, await timeTo(builds[which], aws[which], AWS_ENV, true));
    for (const which of order) record('startToListening', which, await timeTo(builds[which], await newServerConfig(), {}, false));
  }
  for (const [name, by] of Object.entries(times)) results[name] = { before: stats(by.before), after: stats(by.after) };
} finally {
  ls.stop();
}
const mem = {};
for (const which of ['before', 'after']) mem[which] = await memory(builds[which]);
results.memory = mem;
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
