/**
 * The write-ahead log of the file backend in group-commit mode: append-only files
 * `.tsvault-wal-<16 hex digits>` in the storage directory, numbered in the order they were written.
 * Each record is `u32 length | u32 CRC-32 of the body | body`, the body `u8 op | u32 key length |
 * key (UTF-8) | value` (op 1 = put, 2 = delete, which has no value); integers big-endian.
 *
 * Group commit: appends queue up while a batch is being written; the next batch takes everything
 * queued, writes it with one write and makes it durable with one fdatasync, and only then are its
 * callers answered. One fsync so covers every write that arrived while the previous one ran.
 *
 * Reading (at open) stops in each file at the first record whose length or CRC does not hold: only
 * a record whose batch was never acknowledged can be torn (a crash during its write or fdatasync),
 * so what follows it in that file was never acknowledged either. After a failed batch the writer
 * goes on in a new file, so that later records never sit behind damaged bytes.
 */
import { crc32 } from 'node:zlib';
import { open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_MODE, fsyncDir } from './file-io.js';

export const WAL_PREFIX = '.tsvault-wal-';
const WAL_NAME = /^\.tsvault-wal-([0-9a-f]{16})$/;
const HEADER = 8;
const OP_PUT = 1;
const OP_DELETE = 2;

/** One logged operation: a put (value) or a delete (value null). */
export interface WalRecord {
  key: string;
  value: Uint8Array | null;
}

export function walFileName(seq: number): string {
  return WAL_PREFIX + seq.toString(16).padStart(16, '0');
}

export function encodeRecord(record: WalRecord): Buffer {
  const key = Buffer.from(record.key, 'utf8');
  const valueLength = record.value?.byteLength ?? 0;
  const out = Buffer.allocUnsafe(HEADER + 5 + key.length + valueLength);
  const bodyLength = out.length - HEADER;
  out.writeUInt32BE(bodyLength, 0);
  out.writeUInt8(record.value === null ? OP_DELETE : OP_PUT, HEADER);
  out.writeUInt32BE(key.length, HEADER + 1);
  key.copy(out, HEADER + 5);
  if (record.value !== null) out.set(record.value, HEADER + 5 + key.length);
  out.writeUInt32BE(crc32(out.subarray(HEADER)), 4);
  return out;
}

/** The records of one file up to the first damaged one; `torn` counts the bytes after them. */
export function decodeRecords(buf: Buffer): { records: WalRecord[]; torn: number } {
  const records: WalRecord[] = [];
  let at = 0;
  while (at + HEADER <= buf.length) {
    const length = buf.readUInt32BE(at);
    const end = at + HEADER + length;
    if (length < 5 || end > buf.length) break;
    const body = buf.subarray(at + HEADER, end);
    if (crc32(body) !== buf.readUInt32BE(at + 4)) break;
    const op = body.readUInt8(0);
    const keyLength = body.readUInt32BE(1);
    if ((op !== OP_PUT && op !== OP_DELETE) || 5 + keyLength > body.length) break;
    if (op === OP_DELETE && 5 + keyLength !== body.length) break;
    const key = body.toString('utf8', 5, 5 + keyLength);
    records.push({ key, value: op === OP_DELETE ? null : new Uint8Array(body.subarray(5 + keyLength)) });
    at = end;
  }
  return { records, torn: buf.length - at };
}

/** The number of a log file, from its name; undefined for any other name. */
export function walSeq(name: string): number | undefined {
  const m = WAL_NAME.exec(name);
  return m ? Number.parseInt(m[1]!, 16) : undefined;
}

/** The log files present in root, oldest first. */
export async function walFiles(root: string): Promise<{ name: string; seq: number }[]> {
  const found: { name: string; seq: number }[] = [];
  for (const name of await readdir(root)) {
    const seq = walSeq(name);
    if (seq !== undefined) found.push({ name, seq });
  }
  return found.sort((a, b) => a.seq - b.seq);
}

/** Every intact record of the given log files in root (oldest first), in the order they were written. */
export async function readWal(root: string, files: readonly { name: string; seq: number }[]): Promise<{ records: WalRecord[]; torn: number }> {
  const records: WalRecord[] = [];
  let torn = 0;
  for (const file of files) {
    const read = decodeRecords(await readFile(join(root, file.name)));
    records.push(...read.records);
    torn += read.torn;
  }
  return { records, torn };
}

interface Pending {
  bytes: Buffer;
  /** Called synchronously once the record is durable, before any later batch or rotation. */
  applied: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface WalWriterOptions {
  /** Called after each batch's fdatasync: how many records it made durable and how long the sync took. */
  onSync?: (records: number, ms: number) => void;
}

/** The appending side: one file open at a time, batches written one after the other. */
export class WalWriter {
  private queue: Pending[] = [];
  private rotations: { snapshot: () => void; resolve: (sealed: number) => void; reject: (err: unknown) => void }[] = [];
  private running: Promise<void> | null = null;
  private handle: FileHandle | null = null;
  private size = 0;
  /** Bytes appended since the last rotation. */
  bytesSinceRotation = 0;

  /** `next` is the number of the first file to create (above every file already in root). */
  constructor(
    private readonly root: string,
    private next: number,
    private readonly opts: WalWriterOptions = {},
  ) {}

  /** Resolves once the record is durable; `applied` runs just before, in log order. */
  append(record: WalRecord, applied: () => void): Promise<void> {
    const bytes = encodeRecord(record);
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, applied, resolve, reject });
      this.kick();
    });
  }

  /**
   * After the batch being written (if any), closes the current file: later records go to a new one.
   * `snapshot` runs at that point; resolves with the number of the last sealed file.
   */
  rotate(snapshot: () => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.rotations.push({ snapshot, resolve, reject });
      this.kick();
    });
  }

  /** Waits for every queued record and closes the file. */
  async close(): Promise<void> {
    while (this.running) await this.running;
    await this.seal();
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.queue.length > 0 || this.rotations.length > 0) this.kick();
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0 || this.rotations.length > 0) {
      // A rotation waits for the batch being written, not for the records queued behind it, so
      // that a steady stream of writes cannot hold it off.
      if (this.rotations.length > 0) {
        const rotations = this.rotations;
        this.rotations = [];
        for (const r of rotations) r.snapshot();
        try {
          await this.seal();
          for (const r of rotations) r.resolve(this.next - 1);
        } catch (err) {
          for (const r of rotations) r.reject(err);
        }
        continue;
      }
      const batch = this.queue;
      this.queue = [];
      try {
        await this.write(Buffer.concat(batch.map((p) => p.bytes)), batch.length);
      } catch (err) {
        // The file may now end in a partial batch: nothing more is written behind it.
        await this.seal().catch(() => undefined);
        for (const p of batch) p.reject(err);
        continue;
      }
      for (const p of batch) p.applied();
      for (const p of batch) p.resolve();
    }
  }

  private async write(bytes: Buffer, records: number): Promise<void> {
    if (this.handle === null) {
      const handle = await open(join(this.root, walFileName(this.next)), 'wx', FILE_MODE);
      this.next++;
      this.handle = handle;
      this.size = 0;
      await handle.chmod(FILE_MODE);
      await fsyncDir(this.root); // the new file's entry is durable before a record in it is acknowledged
    }
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.size + done);
      done += bytesWritten;
    }
    const started = performance.now();
    await this.handle.datasync();
    this.opts.onSync?.(records, performance.now() - started);
    this.size += bytes.length;
    this.bytesSinceRotation += bytes.length;
  }

  private async seal(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.bytesSinceRotation = 0;
    if (handle) await handle.close();
  }
}
