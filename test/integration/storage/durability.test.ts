/**
 * Crash test for the file backend: a child process writes through the compiled backend
 * (dist/src/storage/file.js) and is killed with SIGKILL at random moments, over and over, on the
 * same directory. After each kill the directory is re-opened here and must hold, for every key,
 * the last acknowledged state or a state whose write had begun but was not yet acknowledged; no
 * value may be unreadable and no temp file may survive the re-open.
 */
import { spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/log/types.js';
import { createFileBackend } from '../../../src/storage/file.js';
import { SWEPT_MARK } from '../../../src/storage/file-sweep.js';
import type { Backend } from '../../../src/storage/types.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = join(ROOT, 'test/fixtures/storage/writer.mjs');
const COMPILED = ['file', 'file-io', 'file-sweep', 'keys'].map((m) => [join(ROOT, `src/storage/${m}.ts`), join(ROOT, `dist/src/storage/${m}.js`)] as const);
const ROUNDS = 30;
const ROUND_TIMEOUT_MS = 15_000;
const DELETED = '-';

const silent = () => undefined;
const logger: Logger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, named: () => logger };

type Op = { kind: 'BEGIN' | 'ACK'; key: string; state: string };

/** Runs the writer until it has acknowledged `acks` operations (plus a random extra delay), then SIGKILLs it. */
function runAndKill(dir: string, seed: string, acks: number, extraDelayMs: number): Promise<Op[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, seed, String(1 + randomInt(4))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ops: Op[] = [];
    let buffered = '';
    let stderr = '';
    let acked = 0;
    let killing = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer (seed ${seed}) made no progress in ${ROUND_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, ROUND_TIMEOUT_MS);
    const kill = () => {
      if (killing) return;
      killing = true;
      if (extraDelayMs === 0) child.kill('SIGKILL');
      else setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
    };
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a partial last line is completed by the next chunk (or dropped at exit)
      for (const line of lines) {
        const [kind, key, state] = line.split(' ');
        if (kind === 'READY') continue;
        if ((kind !== 'BEGIN' && kind !== 'ACK') || !key || !state) {
          reject(new Error(`unexpected writer output: ${JSON.stringify(line)}`));
          continue;
        }
        ops.push({ kind, key, state });
        if (kind === 'ACK' && ++acked >= acks) kill();
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killing) resolve(ops);
      else reject(new Error(`writer (seed ${seed}) exited by itself: code ${code} signal ${signal}; stderr: ${stderr}`));
    });
  });
}

/** For each key: the states it may legitimately hold after the crash. */
function allowedStates(known: ReadonlyMap<string, string>, ops: readonly Op[]): Map<string, Set<string>> {
  const perKey = new Map<string, { begun: string[]; lastAck: number; baseline: string }>();
  const entry = (key: string) => {
    let e = perKey.get(key);
    if (!e) perKey.set(key, (e = { begun: [], lastAck: -1, baseline: known.get(key) ?? DELETED }));
    return e;
  };
  for (const op of ops) {
    const e = entry(op.key);
    if (op.kind === 'BEGIN') e.begun.push(op.state);
    else {
      // Writes to one key complete in the order they were issued, so this ACK is for the oldest
      // begun-but-unacknowledged operation on the key.
      e.lastAck++;
      expect(e.begun[e.lastAck], `ACK out of order for ${op.key}`).toBe(op.state);
    }
  }
  const allowed = new Map<string, Set<string>>();
  for (const [key, e] of perKey) {
    const settled = e.lastAck >= 0 ? e.begun[e.lastAck]! : e.baseline;
    allowed.set(key, new Set([settled, ...e.begun.slice(e.lastAck + 1)]));
  }
  return allowed;
}

/** Every key reachable through list(), walking folders. */
async function allKeys(backend: Backend, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of await backend.list(prefix)) {
    if (name.endsWith('/')) out.push(...(await allKeys(backend, prefix + name)));
    else out.push(prefix + name);
  }
  return out;
}

/** Every regular file under dir, as paths relative to it. */
async function allFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await allFiles(dir, path)));
    else out.push(path);
  }
  return out;
}

const digest = (value: Uint8Array | null) => (value === null ? DELETED : createHash('sha256').update(value).digest('hex'));

describe('file backend durability under SIGKILL', () => {
  let dir = '';

  beforeAll(async () => {
    for (const [src, out] of COMPILED) {
      if (!existsSync(out)) {
        throw new Error(`${out} is missing: run \`npm run build\` first (integration tests use the compiled backend)`);
      }
      if (statSync(src).mtimeMs > statSync(out).mtimeMs) {
        throw new Error(`${out} is older than ${src}: run \`npm run build\` first`);
      }
    }
    dir = await mkdtemp(join(tmpdir(), 'tsvault-durability-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write across ${ROUNDS} kills`, async () => {
    const known = new Map<string, string>(); // key -> digest verified after the previous round
    let totalAcks = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const seed = `${round}-${randomInt(2 ** 31)}`;
      const acks = 1 + randomInt(60);
      const delay = randomInt(3) === 0 ? 0 : randomInt(6);
      const ops = await runAndKill(dir, seed, acks, delay);
      totalAcks += ops.filter((o) => o.kind === 'ACK').length;
      const allowed = allowedStates(known, ops);

      const backend = await createFileBackend({ path: dir }, logger); // also sweeps temp files
      const context = `round ${round}, seed ${seed}`;
      const listed = await allKeys(backend);
      for (const key of listed) {
        const value = await backend.get(key); // throws if a value is unreadable
        expect(value, `${context}: listed key ${key} has no value`).not.toBeNull();
        expect(allowed.has(key) || known.has(key), `${context}: unknown key ${key}`).toBe(true);
      }
      for (const key of new Set([...known.keys(), ...allowed.keys()])) {
        const actual = digest(await backend.get(key));
        const ok = allowed.get(key) ?? new Set([known.get(key) ?? DELETED]);
        expect(ok.has(actual), `${context}: ${key} holds ${actual}, expected one of ${[...ok].join(', ')}`).toBe(true);
        if (actual === DELETED) known.delete(key);
        else known.set(key, actual);
      }
      expect(listed.sort()).toEqual([...known.keys()].sort());
      // Closed first: close() waits for the background sweep, which writes its mark through a temp
      // file in the storage directory (file-sweep.ts) that the walk below would otherwise catch.
      await backend.close!();

      // On disk: only leaf files in Vault's format, no temp file left after the re-open.
      // (Besides the mark of a finished sweep, file-sweep.ts, which is no key either.)
      for (const file of await allFiles(dir)) {
        if (file === SWEPT_MARK) continue;
        expect(file.split('/').pop()!.startsWith('_'), `${context}: stray file ${file}`).toBe(true);
        expect(await readFile(join(dir, file), 'utf8')).toMatch(/^\{"Value":"[A-Za-z0-9+/]*={0,2}"\}\n$/);
      }
    }
    expect(totalAcks).toBeGreaterThan(ROUNDS);
  });
});
