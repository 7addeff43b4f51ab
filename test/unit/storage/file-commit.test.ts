/**
 * The file backend with group_commit = "true": batches (N concurrent puts → one fdatasync, counted
 * through the onWalSync seam), reads and lists through the overlay before a checkpoint, the
 * checkpoint into Vault's layout, and the replay at open of a log a crash left (torn tail included).
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileBackend } from '../../../src/storage/file.js';
import { encodeRecord, walFileName } from '../../../src/storage/file-wal.js';
import { backendContract } from './backend-contract.js';
import { rejection, tempRoots } from './support.js';
import { recordingLogger } from '../../support/recording-logger.js';

const tempRoot = tempRoots();
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

async function openGrouped(path: string, onWalSync?: (records: number) => void, logger = recordingLogger()) {
  return createFileBackend({ path, group_commit: 'true' }, logger, onWalSync ? { onWalSync } : {});
}

const logsIn = async (root: string) => (await readdir(root)).filter((n) => n.startsWith('.tsvault-wal-'));

backendContract('file (group commit)', async () => openGrouped(join(await tempRoot(), 'data')));

describe('file backend, group commit: batches', () => {
  it('makes N concurrent puts durable with one fdatasync after the first', async () => {
    const root = await tempRoot();
    const syncs: number[] = [];
    const b = await openGrouped(root, (n) => syncs.push(n));
    await Promise.all(Array.from({ length: 40 }, (_, i) => b.put(`k/${i}`, enc(`v${i}`))));
    // The first put starts a batch alone; the 39 that arrive while it syncs share the next one.
    expect(syncs).toEqual([1, 39]);
    await b.close!();
  });

  it('answers a put only after its batch is synced, and in call order per key', async () => {
    const root = await tempRoot();
    let synced = 0;
    const b = await openGrouped(root, (n) => (synced += n));
    const seen: number[] = [];
    await Promise.all([1, 2, 3].map((n) => b.put('same', enc(String(n))).then(() => seen.push(synced))));
    expect(seen.every((s) => s >= 1)).toBe(true);
    expect(dec(await b.get('same'))).toBe('3');
    await b.close!();
  });
});

describe('file backend, group commit: the overlay before a checkpoint', () => {
  it('reads and lists acknowledged writes that are only in the log', async () => {
    const root = await tempRoot();
    const b = await openGrouped(root);
    await b.put('a/b/c', enc('1'));
    await b.put('a/d', enc('2'));
    expect(existsSync(join(root, 'a'))).toBe(false); // not checkpointed yet
    expect(await logsIn(root)).toHaveLength(1);
    expect(dec(await b.get('a/b/c'))).toBe('1');
    expect(await b.list('')).toEqual(['a/']);
    expect(await b.list('a/')).toEqual(['b/', 'd']);
    await b.close!();
  });

  it('hides deleted keys, and folders left with no key, before their files are removed', async () => {
    const root = await tempRoot();
    const b = await openGrouped(root);
    await b.put('a/b/c', enc('1'));
    await b.put('a/e', enc('2'));
    await (b as unknown as { close(): Promise<void> }).close();
    const again = await openGrouped(root);
    expect(existsSync(join(root, 'a/b/_c'))).toBe(true);
    await again.delete('a/b/c');
    expect(existsSync(join(root, 'a/b/_c'))).toBe(true); // still there until the checkpoint
    expect(await again.get('a/b/c')).toBeNull();
    expect(await again.list('a/')).toEqual(['e']);
    await again.delete('a/e');
    expect(await again.list('')).toEqual([]);
    await again.put('a/b/new', enc('3'));
    expect(await again.list('a/')).toEqual(['b/']);
    await again.close!();
  });
});

describe('file backend, group commit: checkpoints', () => {
  it('lists every key while a checkpoint moves it from the overlay to its file', async () => {
    const root = await tempRoot();
    const b = await openGrouped(root);
    const keys = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    await Promise.all(keys.map((k) => b.put(`d/${k}`, enc(k))));
    // List without pause until the checkpoint (a second after the writes) has emptied the log.
    let listings = 0;
    while ((await logsIn(root)).length > 0 || listings === 0) {
      expect(await b.list('d/')).toEqual(keys);
      listings++;
    }
    expect(await b.list('d/')).toEqual(keys);
    expect((await readdir(join(root, 'd'))).length).toBe(100);
    await b.close!();
  });

  it('writes Vault\'s layout and removes the log, at close and a moment after the last write', async () => {
    const root = await tempRoot();
    const b = await openGrouped(root);
    await b.put('a/b/c', enc('hello'));
    await b.put('gone', enc('x'));
    await b.delete('gone');
    await b.close!();
    expect(await readFile(join(root, 'a/b/_c'), 'utf8')).toBe('{"Value":"aGVsbG8="}\n');
    expect((await readdir(root)).sort()).toEqual(['a']);

    const idle = await openGrouped(root);
    await idle.put('a/b/c', enc('later'));
    // The idle checkpoint (about a second after the write) needs no close.
    await expect
      .poll(async () => (await logsIn(root)).length === 0 && (await readFile(join(root, 'a/b/_c'), 'utf8')) === '{"Value":"bGF0ZXI="}\n', {
        timeout: 5000,
      })
      .toBe(true);
    expect(dec(await idle.get('a/b/c'))).toBe('later');
    await idle.close!();
  });

  it('keeps writes that arrive during a checkpoint', async () => {
    const root = await tempRoot();
    const b = await openGrouped(root);
    await Promise.all(Array.from({ length: 50 }, (_, i) => b.put(`k/${i % 7}`, enc(`${i}`))));
    const writes = Array.from({ length: 50 }, (_, i) => b.put(`k/${i % 7}`, enc(`late${i}`)));
    await Promise.all([...writes, b.close!()]).catch(() => undefined);
    const reopened = await createFileBackend({ path: root }, recordingLogger());
    for (let k = 0; k < 7; k++) {
      const last = Math.max(...Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 7 === k));
      expect(dec(await reopened.get(`k/${k}`))).toBe(`late${last}`);
    }
  });
});

describe('file backend: replay of a log left by a crash', () => {
  it('applies every intact record before serving, drops a torn tail, and removes the log', async () => {
    const root = await tempRoot();
    const records = Buffer.concat([
      encodeRecord({ key: 'core/keyring', value: enc('r1') }),
      encodeRecord({ key: 'x/y', value: enc('1') }),
      encodeRecord({ key: 'core/keyring', value: enc('r2') }),
      encodeRecord({ key: 'x/y', value: null }),
    ]);
    const torn = encodeRecord({ key: 'never', value: enc('acknowledged') }).subarray(0, 11);
    await writeFile(join(root, walFileName(3)), Buffer.concat([records, torn]), { mode: 0o600 });
    const logger = recordingLogger();
    // Replay happens in either mode: a log is never left unread.
    const b = await createFileBackend({ path: root }, logger);
    expect(await logsIn(root)).toEqual([]);
    expect(await readFile(join(root, 'core/_keyring'), 'utf8')).toBe('{"Value":"cjI="}\n');
    expect(await b.get('x/y')).toBeNull();
    expect(await b.get('never')).toBeNull();
    expect(await b.list('')).toEqual(['core/']);
    expect(logger.lines.some((l) => l.level === 'warn' && l.fields?.['records'] === 4 && l.fields?.['tornBytes'] === 11)).toBe(true);
    await b.close!();
  });

  it('numbers new logs after the replayed ones', async () => {
    const root = await tempRoot();
    await writeFile(join(root, walFileName(9)), encodeRecord({ key: 'k', value: enc('1') }), { mode: 0o600 });
    const b = await openGrouped(root);
    await b.put('k', enc('2'));
    expect(await logsIn(root)).toEqual([walFileName(10)]);
    await b.close!();
    expect(dec(await (await createFileBackend({ path: root }, recordingLogger())).get('k'))).toBe('2');
  });
});

describe('file backend: group_commit setting', () => {
  it('refuses a value that is not a boolean', async () => {
    const root = await tempRoot();
    await rejection(createFileBackend({ path: root, group_commit: 'yes please' }, recordingLogger()), 'CONFIG_INVALID');
  });
});
