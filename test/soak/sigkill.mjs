// SIGKILL soak for durable writes (not part of CI: it runs for many minutes).
//
// Starts the real server (dist/src/cli/main.js) on file storage, writes KV v2 secrets from many
// concurrent writers, records every acknowledged write, SIGKILLs the server at a random moment
// (sometimes during a checkpoint of the write-ahead log), restarts it, unseals it and checks that
// every key holds its last acknowledged value or the one unanswered write sent after it, at a
// version no lower than the acknowledged one. Repeats for --kills rounds; exits 1 at the first loss.
//
// Usage: node test/soak/sigkill.mjs [--kills 1000] [--writers 16] [--group-commit true|false]
//                                   [--max-delay-ms 1200] [--cli dist/src/cli/main.js]
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: opts } = parseArgs({
  options: {
    kills: { type: 'string', default: '1000' },
    writers: { type: 'string', default: '16' },
    'group-commit': { type: 'string', default: 'true' },
    'max-delay-ms': { type: 'string', default: '1200' },
    cli: { type: 'string', default: join(ROOT, 'dist/src/cli/main.js') },
    keep: { type: 'boolean', default: false },
  },
});
const KILLS = Number(opts.kills);
const WRITERS = Number(opts.writers);
const KEYS_PER_WRITER = 4;
const MAX_DELAY_MS = Number(opts['max-delay-ms']);

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'tsvault-soak-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const config = join(dir, 'vault.hcl');
writeFileSync(
  config,
  `storage "file" {\n  path = "${join(dir, 'data')}"\n  group_commit = "${opts['group-commit']}"\n}\n` +
    `listener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = 1\n}\nlog_level = "warn"\n`,
  { mode: 0o600 },
);

let proc;
let serverLog = '';
/** replays: restarts that found a write-ahead log to replay (group commit only). */
const stats = { kills: 0, acked: 0, unanswered: 0, refused: 0, checked: 0, unanswered_landed: 0, replays: 0 };
async function start() {
  serverLog = '';
  proc = spawn(process.execPath, [resolve(opts.cli), 'server', `-config=${config}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: dir } });
  const onLog = (c) => {
    // The file backend says so when it replays a log a crash left (file-commit.ts).
    if (c.includes('replayed the write-ahead log')) stats.replays++;
    serverLog = (serverLog + c).slice(-4000);
  };
  proc.stdout.setEncoding('utf8').on('data', onLog);
  proc.stderr.setEncoding('utf8').on('data', onLog);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}): ${serverLog}`);
    if (Date.now() > deadline) throw new Error(`server did not answer in 30 s: ${serverLog}`);
    try {
      if ((await fetch(`${url}/v1/sys/seal-status`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 5));
  }
}
function kill() {
  return new Promise((res) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return res();
    proc.once('exit', res);
    proc.kill('SIGKILL');
  });
}

let token = '';
async function call(method, path, body) {
  return fetch(`${url}/v1/${path}`, {
    method,
    headers: { 'x-vault-token': token, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
async function must(method, path, body, status) {
  const r = await call(method, path, body);
  if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? undefined : r.json();
}

await start();
const init = await must('PUT', 'sys/init', { secret_shares: 1, secret_threshold: 1 }, 200);
token = init.root_token;
const unsealKey = init.keys_base64[0];
const unseal = () => must('PUT', 'sys/unseal', { key: unsealKey }, 200);
await unseal();
await must('POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, 204);
// Few versions kept: old versions' storage entries are deleted as writes go on, so deletes are soaked too.
await must('POST', 'secret/config', { max_versions: 3 }, 204);

/** Per key: the last acknowledged value and version, and the write sent after it that got no answer. */
const state = new Map();
const started = Date.now();

async function round() {
  let stop = false;
  const writer = async (w) => {
    for (let n = 0; !stop; n++) {
      const key = `w${w}/k${n % KEYS_PER_WRITER}`;
      const s = state.get(key) ?? { value: undefined, version: 0, pending: undefined };
      state.set(key, s);
      const value = randomBytes(9).toString('base64url');
      s.pending = value;
      let r;
      try {
        r = await call('POST', `secret/data/${key}`, { data: { value } });
      } catch {
        stats.unanswered++;
        return; // the kill: this write may or may not have landed
      }
      const body = await r.json().catch(() => undefined);
      if (r.status !== 200 || body === undefined) {
        if (stop) return; // the answer was cut by the kill
        stats.refused++;
        throw new Error(`${key}: ${r.status} ${JSON.stringify(body)}`);
      }
      s.value = value;
      s.version = body.data.version;
      s.pending = undefined;
      stats.acked++;
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, randomInt(MAX_DELAY_MS + 1)));
  await kill();
  stop = true;
  await Promise.all(writers);
  stats.kills++;

  await start();
  await unseal();
  for (const [key, s] of state) {
    const r = await call('GET', `secret/data/${key}`);
    stats.checked++;
    if (s.value === undefined && r.status === 404) {
      s.pending = undefined;
      continue;
    }
    const body = await r.json();
    const got = body?.data?.data?.value;
    const version = body?.data?.metadata?.version;
    const ok = r.status === 200 && (got === s.value || (got !== undefined && got === s.pending)) && version >= s.version;
    if (!ok) {
      throw new Error(
        `LOST after kill ${stats.kills}: ${key} holds ${JSON.stringify(got)} v${version} (status ${r.status}); ` +
          `last acknowledged ${JSON.stringify(s.value)} v${s.version}, unanswered ${JSON.stringify(s.pending)}`,
      );
    }
    if (got !== s.value) stats.unanswered_landed++;
    s.value = got;
    s.version = version;
    s.pending = undefined;
  }
}

let failure;
try {
  while (stats.kills < KILLS) {
    await round();
    if (stats.kills % 50 === 0 || stats.kills === KILLS) {
      console.log(JSON.stringify({ ...stats, seconds: Math.round((Date.now() - started) / 1000) }));
    }
  }
} catch (err) {
  failure = err;
} finally {
  await kill();
  if (!opts.keep && !failure) rmSync(dir, { recursive: true, force: true });
}
const summary = { ...stats, seconds: Math.round((Date.now() - started) / 1000), groupCommit: opts['group-commit'], lost: failure ? 1 : 0 };
console.log(JSON.stringify(summary));
if (failure) {
  console.error(String(failure.message ?? failure), `\nstorage kept at ${dir}`);
  process.exit(1);
}
