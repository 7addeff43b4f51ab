/**
 * The `file` storage backend, byte-compatible with Vault's (sdk/physical/file/file.go): key `a/b/c`
 * is the file `<path>/a/b/_c` holding one JSON line `{"Value":"<base64>"}\n`; directories 0700,
 * files 0600; deleting a key removes the directories it leaves empty. Unlike Vault, every write is
 * durable (see file-io.ts) and writes to one key are applied in the order they were issued.
 * With `group_commit = "true"` writes are acknowledged from a write-ahead log committed in batches
 * and reach the per-key files at checkpoints (file-commit.ts); a log a crash left is replayed at open
 * in either mode.
 */
import { liveClaim, releaseClaim, writeClaim } from './file-claim.js';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StorageError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { localStorageError, opOf, type StorageOp } from './errors.js';
import type { Backend, StorageHooks } from './types.js';
import { compareBytewise, segmentsOf, validateKey, validatePrefix } from './keys.js';
import {
  DIR_MODE,
  ensureDir,
  errorCode,
  fsyncDir,
  pruneEmptyDirs,
  writeFileAtomic,
} from './file-io.js';
import { sweepOldLayoutInBackground, sweepRoot } from './file-sweep.js';
import { createGroupCommit, replayWal, type GroupCommit, type GroupCommitOptions } from './file-commit.js';

/** Vault's text when the `path` option is missing. */
export const PATH_REQUIRED_MESSAGE = "'path' must be set";

/** A put retries this often when a concurrent delete removes the directory it is writing into. */
const WRITE_ATTEMPTS = 5;

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The file content Vault's json.Encoder writes for a fileEntry: base64 (std, padded) and a newline. */
export function encodeEntry(value: Uint8Array): string {
  return `{"Value":"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"}\n`;
}

/** Parses a value file; throws StorageError('STORAGE_IO') naming the key, never quoting the content. */
export function decodeEntry(key: string, text: string): Uint8Array {
  const corrupt = (cause?: unknown) =>
    new StorageError('STORAGE_IO', `corrupt entry for key ${JSON.stringify(key)}: not a {"Value":"<base64>"} record`, {
      cause,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt(); // the parser's message quotes the content; it is not passed on
  }
  if (typeof parsed !== 'object' || parsed === null || !('Value' in parsed)) throw corrupt();
  const value = parsed.Value;
  if (value === null) return new Uint8Array(0); // Go encodes a nil []byte as null
  if (typeof value !== 'string' || !STRICT_BASE64.test(value)) throw corrupt();
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** STORAGE_IO naming the operation, the key and the errno (for the log); storage/errors.ts adds what a client is told. */
function ioError(op: string, key: string, cause: unknown, as: StorageOp | undefined = opOf(op)): StorageError {
  const code = errorCode(cause);
  return localStorageError(as, `failed to ${op} ${JSON.stringify(key)}${code ? `: ${code}` : ''}`, cause);
}

/** Creates the storage directory (0700) if needed and warns when an existing one is open to others. */
async function prepareRoot(root: string, logger: Logger): Promise<void> {
  let mode: number | undefined;
  try {
    const st = await stat(root);
    if (!st.isDirectory()) throw new StorageError('STORAGE_IO', `storage path ${root} is not a directory`);
    mode = st.mode & 0o777;
  } catch (err) {
    if (err instanceof StorageError) throw err;
    if (errorCode(err) !== 'ENOENT') throw ioError('open storage directory', root, err);
  }
  if (mode === undefined) {
    await ensureDir(root).catch((err: unknown) => {
      throw ioError('create storage directory', root, err);
    });
    logger.debug('created storage directory', { path: root, mode: DIR_MODE.toString(8) });
  } else if ((mode & 0o077) !== 0) {
    logger.warn('storage directory is accessible to group or others', { path: root, mode: mode.toString(8) });
  }
}

/** The `group_commit` setting: "true" or "false" (the default), as Vault writes booleans in storage blocks. */
export function groupCommitSetting(config: Readonly<Record<string, string>>): boolean {
  const raw = config['group_commit'];
  if (raw === undefined || raw === '') return false;
  const v = raw.toLowerCase();
  if (v === 'true' || v === '1' || v === 't') return true;
  if (v === 'false' || v === '0' || v === 'f') return false;
  throw new StorageError('CONFIG_INVALID', `'group_commit' must be "true" or "false"`);
}

export async function createFileBackend(
  config: Readonly<Record<string, string>>,
  logger: Logger,
  opts: StorageHooks & GroupCommitOptions = {},
): Promise<Backend> {
  const configured = config['path'];
  if (configured === undefined || configured === '') {
    throw new StorageError('CONFIG_INVALID', PATH_REQUIRED_MESSAGE);
  }
  const grouped = groupCommitSetting(config);
  const root = resolve(configured);
  await prepareRoot(root, logger);
  // Start-up reads one directory here, whatever the amount of data (see file-sweep.ts).
  const swept = await sweepRoot(root).catch((err: unknown) => {
    throw ioError('clean temp files under', root, err);
  });
  if (swept.removed > 0) logger.warn('removed temp files left by an interrupted write', { path: root, count: swept.removed });

  /** Per-key promise chains: writes and deletes of one key run one at a time, in call order. */
  const chains = new Map<string, Promise<void>>();
  let closed = false;
  let claimed = false;

  /** Old-layout temp files (next to values) are looked for in the background, once the caller has the backend. */
  const oldLayoutSweep = swept.walkNeeded ? sweepOldLayoutInBackground(root, logger, () => closed) : Promise.resolve();

  function serialize(key: string, op: () => Promise<unknown>): Promise<void> {
    const run = (chains.get(key) ?? Promise.resolve()).then(op).then(() => undefined);
    const tail = run.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return run;
  }

  function checkOpen(): void {
    if (closed) throw new StorageError('STORAGE_IO', 'the file backend is closed');
  }

  /** The directory and file holding a (valid) key. */
  function locate(key: string): { segments: string[]; dir: string; file: string } {
    const segments = segmentsOf(key);
    const dir = join(root, ...segments.slice(0, -1));
    return { segments, dir, file: join(dir, `_${segments[segments.length - 1]!}`) };
  }

  /** Replaces the key's file; with `syncDir` false the caller fsyncs the returned directory. */
  async function writeKey(key: string, content: string, syncDir = true): Promise<string> {
    const { dir, file } = locate(key);
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureDir(dir);
        await writeFileAtomic(root, dir, file, content, opts.onFsync, syncDir);
        return dir;
      } catch (err) {
        // ENOENT: a delete of a sibling key pruned the directory between mkdir and open; go again.
        if (errorCode(err) === 'ENOENT' && attempt < WRITE_ATTEMPTS) continue;
        throw ioError('write', key, err);
      }
    }
  }

  /** Removes the key's file; with `syncDir` false the caller fsyncs the returned directory. */
  async function deleteKey(key: string, syncDir = true): Promise<string> {
    const { segments, dir, file } = locate(key);
    try {
      await unlink(file);
      if (syncDir) await fsyncDir(dir);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw ioError('delete', key, err);
    }
    await pruneEmptyDirs(root, segments).catch((err: unknown) => {
      throw ioError('clean up directories of', key, err, 'delete');
    });
    return dir;
  }

  // A log left by a crash (group commit) is applied to the per-key files before anything is served.
  const keyFiles = {
    write: (key: string, value: Uint8Array) => writeKey(key, encodeEntry(value), false),
    remove: (key: string) => deleteKey(key, false),
  };
  const nextLog = await replayWal(root, swept.logs, keyFiles, logger).catch((err: unknown) => {
    throw err instanceof StorageError ? err : ioError('replay the write-ahead log in', root, err, 'write');
  });
  const onWalSync = (records: number, ms: number): void => {
    opts.onWalSync?.(records, ms);
    opts.onFsync?.(ms);
  };
  const group: GroupCommit | null = grouped ? createGroupCommit(root, keyFiles, nextLog, logger, { onWalSync }) : null;

  logger.debug('file backend ready', { path: root, ...(grouped ? { groupCommit: true } : {}) });

  return {
    type: 'file',

    async get(key: string): Promise<Uint8Array | null> {
      validateKey(key);
      checkOpen();
      const logged = group?.lookup(key);
      if (logged !== undefined) return logged;
      let text: string;
      try {
        text = await readFile(locate(key).file, 'utf8');
      } catch (err) {
        const code = errorCode(err);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
        throw ioError('read', key, err);
      }
      if (text.length === 0) {
        // Vault treats an empty file (left by a full disk) as absent; no value is ever zero bytes long.
        logger.warn('ignoring empty value file', { key });
        return null;
      }
      return decodeEntry(key, text);
    },

    async put(key: string, value: Uint8Array): Promise<void> {
      validateKey(key);
      checkOpen();
      if (group) return group.put(key, value).catch((err: unknown) => {
        throw ioError('write', key, err);
      });
      const content = encodeEntry(value); // encoded now: later changes to value do not leak in
      return serialize(key, () => writeKey(key, content));
    },

    async delete(key: string): Promise<void> {
      validateKey(key);
      checkOpen();
      if (group) return group.delete(key).catch((err: unknown) => {
        throw ioError('delete', key, err);
      });
      return serialize(key, () => deleteKey(key));
    },

    async list(prefix: string): Promise<string[]> {
      validatePrefix(prefix);
      checkOpen();
      return listMerged(prefix);
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...chains.values(), oldLayoutSweep, group?.close()]);
      if (claimed) await releaseClaim(root);
    },

    async claimForServer(): Promise<void> {
      await writeClaim(root);
      claimed = true;
    },

    serverClaim: () => liveClaim(root),
  };

  /** The keys and folders directly under prefix: the files', with the overlay's acknowledged records over them. */
  async function listMerged(prefix: string): Promise<string[]> {
    if (!group) return listFiles(prefix);
    const logged = group.under(prefix); // before the files: see GroupCommit.under
    return (await group.merge(prefix, logged, await listFiles(prefix), listMerged)).sort(compareBytewise);
  }

  /** The keys and folders directly under prefix, as the files have them. */
  async function listFiles(prefix: string): Promise<string[]> {
    const dir = join(root, ...segmentsOf(prefix));
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw ioError('list', prefix, err);
    }
    const names: string[] = [];
    for (const entry of entries) {
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Vault stats (follows) each entry; a dangling link is skipped rather than failing the list.
        const target = await stat(join(dir, entry.name)).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) names.push(`${entry.name}/`);
      else if (isFile && entry.name.startsWith('_') && entry.name.length > 1) names.push(entry.name.slice(1));
      // Anything else (temp files, foreign files) is not a key.
    }
    return names.sort(compareBytewise);
  }
}
