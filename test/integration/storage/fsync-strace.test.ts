/**
 * The file backend's durability at the system-call level: a child process writes and deletes keys
 * through the compiled backend (dist/src/storage/file.js) under `strace -f -y`, printing "ACK <op>"
 * on stdout after each promise resolves. In the trace, every acknowledged put must be write(temp)
 * → fsync/fdatasync(temp) → rename(temp, file) → fsync(dir) before its ACK, and every delete
 * unlink(file) → fsync(dir) before its ACK. (The unit test file-durability.test.ts checks the same at
 * the node:fs/promises level; this checks that those calls are the real syscalls on the right fds.)
 * strace is installed with apt-get when missing; if that fails the test fails, it never skips.
 * A power-cut test (dm-flakey) is not attempted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ROOT } from '../../support/harness.js';

const SYSCALLS = 'openat,write,writev,pwrite64,pwritev,fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat,rmdir';

const hasStrace = (): boolean => spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;

/** strace, installed with apt-get when missing (CI runs as root on a fresh machine); throws when that fails. */
function ensureStrace(): void {
  if (hasStrace()) return;
  const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace'], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (!hasStrace()) throw new Error(`strace is missing and could not be installed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** The child: put a/b/c (new dirs), put it again, put top, put a/b/d, delete a/b/c, delete a/b/d. */
const SCRIPT = `
import { writeSync } from 'node:fs';
const { createFileBackend } = await import(process.argv[1]);
const noop = () => {};
const logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, named: () => logger };
const b = await createFileBackend({ path: process.argv[2] }, logger);
const ack = (what) => writeSync(1, 'ACK ' + what + '\\n');
const v = (s) => new TextEncoder().encode(s);
await b.put('a/b/c', v('1')); ack('put-a/b/c');
await b.put('a/b/c', v('2')); ack('put-a/b/c');
await b.put('top', v('3')); ack('put-top');
await b.put('a/b/d', v('4')); ack('put-a/b/d');
await b.delete('a/b/c'); ack('delete-a/b/c');
await b.delete('a/b/d'); ack('delete-a/b/d');
await b.close();
`;

interface Call {
  name: string;
  args: string;
  ok: boolean;
}

/** Parses `strace -f -y` output into completed calls in completion order, joining unfinished/resumed pairs per pid. */
function parse(trace: string): Call[] {
  const pending = new Map<string, { name: string; args: string }>();
  const calls: Call[] = [];
  for (const line of trace.split('\n')) {
    let m = /^(\d+) +(\w+)\((.*) <unfinished \.\.\.>$/.exec(line);
    if (m) {
      pending.set(m[1]!, { name: m[2]!, args: m[3]! });
      continue;
    }
    m = /^(\d+) +<\.\.\. (\w+) resumed>(.*)\) += (-?\d+)/.exec(line);
    if (m) {
      const start = pending.get(m[1]!);
      pending.delete(m[1]!);
      if (start && start.name === m[2]) calls.push({ name: start.name, args: start.args + m[3]!, ok: Number(m[4]) >= 0 });
      continue;
    }
    m = /^(\d+) +(\w+)\((.*)\) += (-?\d+)/.exec(line);
    if (m) calls.push({ name: m[2]!, args: m[3]!, ok: Number(m[4]) >= 0 });
  }
  return calls;
}

/** The path strace -y shows for the first (fd) argument: `18</tmp/x/a/b>` → `/tmp/x/a/b`. */
const fdPath = (c: Call): string | undefined => /^\d+<([^>]*)>/.exec(c.args)?.[1];
/** The quoted path arguments, in order. */
const paths = (c: Call): string[] => [...c.args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);

const isWrite = (c: Call) => /^(p?writev?|pwritev2?|pwrite64)$/.test(c.name);
const isSync = (c: Call) => c.name === 'fsync' || c.name === 'fdatasync';
const isRename = (c: Call) => c.name.startsWith('rename');
const isUnlink = (c: Call) => c.name === 'unlink' || (c.name === 'unlinkat' && !c.args.includes('AT_REMOVEDIR'));

let dir = '';
let calls: Call[] = [];
let acks: { what: string; at: number }[] = [];

beforeAll(() => {
  assertBuilt();
  ensureStrace();
  dir = mkdtempSync(join(tmpdir(), 'tsvault-strace-'));
  const out = join(dir, 'trace.txt');
  const data = join(dir, 'data');
  const r = spawnSync(
    'strace',
    ['-f', '-y', '-s', '4096', '-e', `trace=${SYSCALLS}`, '-o', out, process.execPath, '--input-type=module', '-e', SCRIPT, join(ROOT, 'dist/src/storage/file.js'), data],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`strace run failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  calls = parse(readFileSync(out, 'utf8')).filter((c) => c.ok);
  acks = calls.flatMap((c, at) => {
    const m = /^1<[^>]*>, "ACK ([^"\\]+)\\n"/.exec(c.args);
    return c.name === 'write' && m ? [{ what: m[1]!, at }] : [];
  });
}, 360_000); // room for apt-get
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const show = (from: number, to: number) => calls.slice(Math.max(0, from), to + 1).map((c, i) => `#${Math.max(0, from) + i} ${c.name}(${c.args})`).join('\n');

/** First index in (after, before) matching; fails with the trace excerpt when none. */
function between(what: string, after: number, before: number, match: (c: Call) => boolean): number {
  for (let i = after + 1; i < before; i++) if (match(calls[i]!)) return i;
  throw new Error(`no ${what} between #${after} and #${before}:\n${show(after, before)}`);
}

describe('file backend under strace', () => {
  it('prints an ACK after each of the six operations', () => {
    expect(acks.map((a) => a.what)).toEqual(['put-a/b/c', 'put-a/b/c', 'put-top', 'put-a/b/d', 'delete-a/b/c', 'delete-a/b/d']);
  });

  it('each put: write(temp), fsync(temp), rename(temp, file), fsync(dir), then ACK', () => {
    const data = join(dir, 'data');
    const puts = [
      { ack: 0, dir: join(data, 'a', 'b'), file: join(data, 'a', 'b', '_c') },
      { ack: 1, dir: join(data, 'a', 'b'), file: join(data, 'a', 'b', '_c') },
      { ack: 2, dir: data, file: join(data, '_top') },
      { ack: 3, dir: join(data, 'a', 'b'), file: join(data, 'a', 'b', '_d') },
    ];
    for (const p of puts) {
      const from = p.ack === 0 ? -1 : acks[p.ack - 1]!.at;
      const to = acks[p.ack]!.at;
      const renamed = between(`rename onto ${p.file}`, from, to, (c) => isRename(c) && paths(c)[1] === p.file);
      const temp = paths(calls[renamed]!)[0]!;
      let wrote = renamed - 1;
      while (wrote > from && !(isWrite(calls[wrote]!) && fdPath(calls[wrote]!) === temp)) wrote--;
      expect(wrote, `a write to ${temp} before its rename:\n${show(from, to)}`).toBeGreaterThan(from);
      between(`fsync of ${temp}`, wrote, renamed, (c) => isSync(c) && fdPath(c) === temp);
      between(`fsync of ${p.dir}`, renamed, to, (c) => isSync(c) && fdPath(c) === p.dir);
    }
  });

  it('the first put fsyncs the parents of the directories it creates before writing', () => {
    const data = join(dir, 'data');
    const firstWrite = between('a write', -1, acks[0]!.at, (c) => isWrite(c) && (fdPath(c) ?? '').includes('.tsvault-tmp-'));
    between(`fsync of ${data}`, -1, firstWrite, (c) => isSync(c) && fdPath(c) === data);
    between(`fsync of ${join(data, 'a')}`, -1, firstWrite, (c) => isSync(c) && fdPath(c) === join(data, 'a'));
  });

  it('each delete: unlink(file), then fsync(dir), then ACK', () => {
    const data = join(dir, 'data');
    for (const [ack, name] of [[4, '_c'], [5, '_d']] as const) {
      const from = acks[ack - 1]!.at;
      const to = acks[ack]!.at;
      const file = join(data, 'a', 'b', name);
      const unlinked = between(`unlink of ${file}`, from, to, (c) => isUnlink(c) && paths(c)[0] === file);
      between(`fsync of ${join(data, 'a', 'b')}`, unlinked, to, (c) => isSync(c) && fdPath(c) === join(data, 'a', 'b'));
    }
  });
});
