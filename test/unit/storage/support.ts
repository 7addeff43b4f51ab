/** What the storage unit tests share: temporary roots removed after each test, and coded rejections. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { StorageError } from '../../../src/errors.js';

/** Registers the clean-up in the calling test file and answers a maker of fresh directories. */
export function tempRoots(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    // Retries: a backend a test left open may still be writing its sweep mark (file-sweep.ts).
    while (dirs.length > 0) await rm(dirs.pop()!, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsvault-file-'));
    dirs.push(dir);
    return dir;
  };
}

/** The StorageError `p` rejects with, which must carry `code`. */
export async function rejection(p: Promise<unknown>, code = 'STORAGE_INVALID_KEY'): Promise<StorageError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
  return err as StorageError;
}
