// Starting, initialising and stopping a tsvault server for the benchmarks (file storage, loopback).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');

/**
 * The Node binary the servers (and the bare node:http ceiling) run under: `--node <path>` (or
 * `--node=<path>`) on any bench script's command line, else the Node running the script. The load
 * generator always runs on the script's own Node, so only the server side changes.
 */
export const NODE = nodeFromArgs(process.argv.slice(2)) ?? process.execPath;

function nodeFromArgs(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--node') {
      if (!args[i + 1]) throw new Error('--node needs a path to a node binary');
      return resolve(args[i + 1]);
    }
    if (args[i].startsWith('--node=')) return resolve(args[i].slice('--node='.length));
  }
  return undefined;
}

/**
 * The environment the packaged systemd unit gives the daemon besides its own (systemd/vault.service):
 * NODE_COMPILE_CACHE, a private directory where Node >= 22 keeps the compiled code between starts
 * (Node 20 ignores it). Made once per bench process; servers of a run share it, as restarts of a unit do.
 */
let unitCache;
export function unitEnv() {
  unitCache ??= mkdtempSync(join(tmpdir(), 'tsvault-bench-compile-cache-'));
  return { NODE_COMPILE_CACHE: unitCache };
}

/** The positional arguments of a bench script (its flags and --node's value left out). */
export function positionalArgs(args = process.argv.slice(2)) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--node') i++;
    else if (!args[i].startsWith('--')) out.push(args[i]);
  }
  return out;
}

/** The version of the Node that runs the servers, e.g. "v24.1.0". */
export function serverNodeVersion() {
  if (NODE === process.execPath) return process.version;
  const r = spawnSync(NODE, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${NODE} --version failed: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

export const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

/** A config in a temp dir: file storage unless `storage` gives the block; `port` when already chosen. */
export async function newServerConfig(extra = '', storage = '', chosenPort = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'tsvault-bench-'));
  const port = chosenPort || (await freePort());
  const config = join(dir, 'vault.hcl');
  const block = storage || `storage "file" {\n  path = "${join(dir, 'data')}"\n}\n`;
  writeFileSync(
    config,
    `${block}listener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = 1\n}\nlog_level = "warn"\n${extra}`,
  );
  return { dir, port, config, url: `http://127.0.0.1:${port}` };
}

async function waitListening(cfg, proc) {
  for (;;) {
    if (proc.exitCode !== null) throw new Error('server exited');
    try {
      const r = await fetch(`${cfg.url}/v1/sys/seal-status`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Adds `group_commit = "<value>"` to the config's file storage block (README "Group commit"). */
export function setGroupCommit(cfg, value) {
  const path = `  path = "${join(cfg.dir, 'data')}"\n`;
  const text = readFileSync(cfg.config, 'utf8');
  if (!text.includes(path)) throw new Error('setGroupCommit: the config has no file storage of its own');
  writeFileSync(cfg.config, text.replace(path, `${path}  group_commit = "${value}"\n`));
}

export function stop(proc) {
  return new Promise((res) => {
    if (proc.exitCode !== null) return res();
    proc.once('exit', res);
    proc.kill('SIGTERM');
  });
}

/** Spawn `vault server` (this build's CLI, or `cli`) with the unit's environment (unitEnv); resolves once sys/seal-status answers, with the time that took. */
export async function startServer(cfg, env = {}, cli = CLI) {
  const t0 = performance.now();
  const proc = spawn(NODE, [cli, 'server', `-config=${cfg.config}`], { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: cfg.dir, ...unitEnv(), ...env } });
  await waitListening(cfg, proc);
  return { proc, ms: performance.now() - t0 };
}

export function cli(cfg, args) {
  const env = { PATH: process.env.PATH, HOME: cfg.dir, VAULT_ADDR: cfg.url };
  return spawnSync(NODE, [CLI, ...args], { env, encoding: 'utf8' });
}

export async function api(cfg, method, path, token, body) {
  const r = await fetch(`${cfg.url}/v1/${path}`, {
    method,
    headers: { 'x-vault-token': token ?? '', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Initialise (one share) and unseal; returns the root token. */
export async function initAndUnseal(cfg) {
  const init = await api(cfg, 'PUT', 'sys/init', undefined, { secret_shares: 1, secret_threshold: 1 });
  await api(cfg, 'PUT', 'sys/unseal', undefined, { key: init.keys_base64[0] });
  return init.root_token;
}

/** A process's user + system CPU so far, in ms (Linux /proc; 100 ticks per second). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? +(Number(m[1]) / 1024).toFixed(1) : NaN;
}

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: Math.round(s[0]), median: Math.round(s[Math.floor(s.length / 2)]), max: Math.round(s[s.length - 1]), n: s.length };
}

/**
 * Writes test/bench/results/<name>-latest.json (<name>-quick.json for a smoke run), prints the
 * results, and fails the run (exit code 1) when a scenario had errors. Asserts no speed.
 */
export function report(name, quick, results) {
  mkdirSync(join(ROOT, 'test/bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `test/bench/results/${name}-${quick ? 'quick' : 'latest'}.json`), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  const failed = Object.entries(results.scenarios).filter(([, r]) => r.errors > 0);
  if (failed.length > 0) {
    process.stderr.write(`scenarios with errors: ${failed.map(([n]) => n).join(', ')}\n`);
    process.exitCode = 1;
  }
}
