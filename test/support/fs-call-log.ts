/**
 * node:fs/promises with every call that changes or syncs the disk logged when it completes, for the
 * durability tests (test/unit/storage/file-durability.test.ts, file-commit-durability.test.ts): a
 * vi.mock factory passes the real module and a hoisted event list. A file handle's own methods are
 * logged with the path the handle was opened on; fdatasync counts as "sync" (it makes the data
 * durable as well).
 */
import type { PathLike } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export type FsOp = 'open' | 'write' | 'sync' | 'close' | 'rename' | 'unlink' | 'mkdir' | 'rmdir';
export interface FsEvent {
  op: string;
  path: string;
  /** rename: the source. */
  from?: string;
}

type FsPromises = typeof import('node:fs/promises');
type Call = (...a: unknown[]) => Promise<unknown>;

export function loggedFsPromises(real: FsPromises, events: FsEvent[]): FsPromises & { default: FsPromises } {
  const log = (op: FsOp, path: unknown, from?: unknown): void =>
    void events.push({ op, path: String(path), ...(from === undefined ? {} : { from: String(from) }) });
  const watch = (handle: FileHandle, path: string): FileHandle => {
    const wrap = (name: 'sync' | 'datasync' | 'writeFile' | 'write' | 'close', op: FsOp): void => {
      const method = (handle[name] as Call).bind(handle);
      Object.defineProperty(handle, name, {
        value: async (...args: unknown[]) => {
          const result = await method(...args);
          log(op, path);
          return result;
        },
      });
    };
    wrap('sync', 'sync');
    wrap('datasync', 'sync');
    wrap('writeFile', 'write');
    wrap('write', 'write');
    wrap('close', 'close');
    return handle;
  };
  const mocked = {
    ...real,
    open: async (path: PathLike, ...rest: unknown[]) => {
      const handle = (await (real.open as Call)(path, ...rest)) as FileHandle;
      log('open', path);
      return watch(handle, String(path));
    },
    writeFile: async (path: PathLike, ...rest: unknown[]) => {
      await (real.writeFile as Call)(path, ...rest);
      log('write', path);
    },
    rename: async (from: PathLike, to: PathLike) => {
      await real.rename(from, to);
      log('rename', to, from);
    },
    unlink: async (path: PathLike) => {
      await real.unlink(path);
      log('unlink', path);
    },
    rmdir: async (path: PathLike) => {
      await real.rmdir(path);
      log('rmdir', path);
    },
    mkdir: async (path: PathLike, opts?: unknown) => {
      const first = (await (real.mkdir as Call)(path, opts)) as string | undefined;
      log('mkdir', first ?? path);
      return first;
    },
  } as FsPromises;
  return { ...mocked, default: mocked };
}
