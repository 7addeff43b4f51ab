/**
 * The `file` audit device (Vault's FileSink): appends each entry to `file_path` (or the older
 * `path`) with one write per entry and no buffering, so an entry is in the file (the page cache)
 * before the request goes on; like Vault it does not fsync per entry. `stdout` and `discard` are
 * the special paths Vault knows. The file is created with `mode` (octal, default 0600) and chmod'ed
 * to it when it already exists; `0000` leaves an existing file's mode alone. Missing parent
 * directories are created (0700), as Vault's sink creates them. The file is opened at enable time,
 * so an unusable path is refused then with Vault's text. A failed write is retried once on a
 * freshly opened file, then rejects. reopen() closes and reopens the path (SIGHUP after logrotate).
 */
import { chmod, mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AuditError } from '../../errors.js';
import { optionError } from '../format-options.js';
import { createFormatter } from '../formatter.js';
import type { AuditDevice, AuditDeviceConfig } from '../types.js';
import { WriteBatcher } from './batch.js';
import { Serial } from './serial.js';

const DEFAULT_MODE = 0o600;

interface FileOptions {
  path: string;
  /** 0: leave an existing file's mode as it is. */
  mode: number;
}

function fileOptions(options: Readonly<Record<string, string>>): FileOptions {
  const raw = options.file_path ?? options.path;
  if (raw === undefined) throw optionError('"file_path" is required');
  let path = raw.trim();
  if (path === '') throw optionError('file path is required');
  if (path.toLowerCase() === 'stdout') path = 'stdout';
  if (path.toLowerCase() === 'discard') path = 'discard';
  let mode = DEFAULT_MODE;
  const modeRaw = options.mode?.trim();
  if (modeRaw) {
    if (!/^[0-7]+$/.test(modeRaw) || Number.parseInt(modeRaw, 8) > 0o7777) {
      throw new AuditError('AUDIT_INVALID_OPTIONS', `unable to parse file mode: invalid internal parameter: strconv.ParseUint: parsing ${JSON.stringify(modeRaw)}: invalid syntax`);
    }
    mode = Number.parseInt(modeRaw, 8);
  }
  return { path, mode };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/** The open file of one device; every method runs inside the device's Serial. */
class AuditFile {
  private handle: FileHandle | undefined;
  constructor(private readonly opts: FileOptions) {}

  async open(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(dirname(this.opts.path), { recursive: true, mode: 0o700 });
    const handle = await open(this.opts.path, 'a', this.opts.mode || DEFAULT_MODE);
    try {
      if (this.opts.mode !== 0 && this.opts.path !== '/dev/null') await chmod(this.opts.path, this.opts.mode);
    } catch (e) {
      await handle.close().catch(() => undefined);
      throw e;
    }
    this.handle = handle;
    return handle;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  /** Vault's log(): write; on failure close, reopen and write once more. */
  async write(data: Buffer): Promise<void> {
    try {
      await writeAll(await this.open(), data);
      return;
    } catch (first) {
      await this.close().catch(() => undefined);
      try {
        await writeAll(await this.open(), data);
      } catch (second) {
        throw new AuditError('AUDIT_WRITE', `error writing file for sink ${JSON.stringify(this.opts.path)}: ${reason(second)}`, { cause: first });
      }
    }
  }
}

export async function createFileDevice(config: AuditDeviceConfig): Promise<AuditDevice> {
  const opts = fileOptions(config.options);
  const formatter = createFormatter(config.options, config.salt);
  const serial = new Serial();
  const logger = config.logger.named('audit').named(config.path.replace(/\/$/, '') || 'file');
  let write: (data: Buffer) => Promise<void>;
  let file: AuditFile | undefined;
  if (opts.path === 'discard') {
    write = async () => undefined;
  } else if (opts.path === 'stdout') {
    write = (data) =>
      new Promise((resolve, reject) => {
        process.stdout.write(data, (e) => (e ? reject(new AuditError('AUDIT_WRITE', `unable to write to "stdout": ${reason(e)}`, { cause: e })) : resolve()));
      });
  } else {
    const f = new AuditFile(opts);
    file = f;
    try {
      await f.open();
    } catch (e) {
      throw new AuditError('AUDIT_DEVICE_OPEN', `sanity check failed; unable to open ${JSON.stringify(opts.path)} for writing: ${reason(e)}`, { cause: e });
    }
    write = (data) => f.write(data);
  }
  logger.debug('audit file device opened', { file_path: opts.path });
  const batcher = new WriteBatcher(serial, write);
  return {
    logRequest: async (input) => batcher.add(formatter.format('request', input)),
    logResponse: async (input) => batcher.add(formatter.format('response', input)),
    hash: formatter.hash,
    reopen: () =>
      serial.run(async () => {
        if (!file) return;
        await file.close().catch((e) => logger.warn('closing the audit file for reopening failed', { file_path: opts.path, error: reason(e) }));
        try {
          await file.open();
        } catch (e) {
          throw new AuditError('AUDIT_DEVICE_OPEN', `unable to reopen ${JSON.stringify(opts.path)} for writing: ${reason(e)}`, { cause: e });
        }
      }),
    close: () => serial.run(async () => file?.close()),
  };
}
