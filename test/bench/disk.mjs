// The disk's own fsync rate: small writes to one file, each followed by fsync, as fast as they go.
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export async function diskFsyncRate(dir, ms) {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w', 0o600);
  const buf = Buffer.alloc(512, 1);
  let n = 0;
  const end = performance.now() + ms;
  try {
    while (performance.now() < end) {
      writeSync(fd, buf, 0, buf.length, 0);
      fsyncSync(fd);
      n++;
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return Math.round((n * 1000) / ms);
}
