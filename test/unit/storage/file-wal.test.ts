import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord, readWal, walFileName, walFiles, WalWriter, type WalRecord } from '../../../src/storage/file-wal.js';
import { tempRoots } from './support.js';

const tempRoot = tempRoots();
const enc = (s: string) => new TextEncoder().encode(s);

describe('write-ahead log records', () => {
  const records: WalRecord[] = [
    { key: 'core/keyring', value: Uint8Array.of(0, 0xff, 0x10) },
    { key: 'a/b/ü', value: new Uint8Array(0) },
    { key: 'gone', value: null },
  ];

  it('round-trip puts, empty values and deletes', () => {
    const { records: back, torn } = decodeRecords(Buffer.concat(records.map(encodeRecord)));
    expect(torn).toBe(0);
    expect(back).toEqual(records);
  });

  it('stop at a torn tail: a cut record and what follows it are dropped', () => {
    const whole = Buffer.concat(records.map(encodeRecord));
    for (let cut = 1; cut < encodeRecord(records[2]!).length; cut++) {
      const { records: back, torn } = decodeRecords(whole.subarray(0, whole.length - cut));
      expect(back).toEqual(records.slice(0, 2));
      expect(torn).toBeGreaterThan(0);
    }
  });

  it('stop at a record whose CRC does not match, and at zeros', () => {
    const first = encodeRecord(records[0]!);
    const second = Buffer.from(encodeRecord(records[1]!));
    second[second.length - 1]! ^= 1; // one bit of the body flipped
    expect(decodeRecords(Buffer.concat([first, second, encodeRecord(records[2]!)])).records).toEqual([records[0]]);
    expect(decodeRecords(Buffer.concat([first, Buffer.alloc(64)])).records).toEqual([records[0]]);
  });
});

describe('WalWriter', () => {
  it('commits the records that queue up during one fdatasync with the next one', async () => {
    const root = await tempRoot();
    const syncs: number[] = [];
    const wal = new WalWriter(root, 1, { onSync: (n) => syncs.push(n) });
    const applied: string[] = [];
    const first = wal.append({ key: 'k0', value: enc('0') }, () => applied.push('k0'));
    // Queued while the first batch is being written: one batch, one fdatasync, for all 50.
    const rest = Array.from({ length: 50 }, (_, i) => wal.append({ key: `k${i + 1}`, value: enc(String(i + 1)) }, () => applied.push(`k${i + 1}`)));
    await Promise.all([first, ...rest]);
    expect(syncs).toEqual([1, 50]);
    expect(applied).toEqual(Array.from({ length: 51 }, (_, i) => `k${i}`));
    await wal.close();
    const { records, torn } = await readWal(root, await walFiles(root));
    expect(torn).toBe(0);
    expect(records.map((r) => r.key)).toEqual(applied);
    expect((await stat(join(root, walFileName(1)))).mode & 0o777).toBe(0o600);
  });

  it('rotates to a new file after the queued batches, taking the snapshot at that point', async () => {
    const root = await tempRoot();
    const wal = new WalWriter(root, 7);
    const seen: string[] = [];
    const a = wal.append({ key: 'a', value: enc('1') }, () => seen.push('a'));
    let atRotation: string[] = [];
    const sealed = wal.rotate(() => (atRotation = [...seen]));
    const b = wal.append({ key: 'b', value: null }, () => seen.push('b'));
    await Promise.all([a, b]);
    expect(await sealed).toBe(7);
    expect(atRotation).toEqual(['a']);
    await wal.close();
    expect((await readdir(root)).sort()).toEqual([walFileName(7), walFileName(8)]);
    expect(decodeRecords(await readFile(join(root, walFileName(8)))).records).toEqual([{ key: 'b', value: null }]);
  });

  it('reads every file in order, each up to its own torn tail', async () => {
    const root = await tempRoot();
    const one = encodeRecord({ key: 'x', value: enc('1') });
    await writeFile(join(root, walFileName(2)), Buffer.concat([one, one.subarray(0, 5)]));
    await writeFile(join(root, walFileName(3)), encodeRecord({ key: 'x', value: enc('2') }));
    const files = await walFiles(root);
    const { records, torn } = await readWal(root, files);
    expect(records.map((r) => new TextDecoder().decode(r.value!))).toEqual(['1', '2']);
    expect(files.map((f) => f.seq)).toEqual([2, 3]);
    expect(torn).toBe(5);
  });
});
