/**
 * Group commit under SIGKILL, end to end: a few rounds of the soak (test/soak/sigkill.mjs) against
 * the built server with `group_commit = "true"`: concurrent KV v2 writers, a kill at a random
 * moment, a restart that replays the write-ahead log, and every acknowledged write read back. The
 * soak itself runs for 1,000 kills outside CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOAK = join(ROOT, 'test/soak/sigkill.mjs');
const KILLS = 4;

describe('group commit: acknowledged KV v2 writes survive SIGKILL', () => {
  it(`keeps every acknowledged write across ${KILLS} kills, replaying the log each time`, () => {
    expect(existsSync(join(ROOT, 'dist/src/storage/file-commit.js')), 'run `npm run build` first').toBe(true);
    const run = spawnSync(process.execPath, [SOAK, '--kills', String(KILLS), '--writers', '8', '--max-delay-ms', '600', '--group-commit', 'true'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, `soak failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
    expect(summary['lost']).toBe(0);
    expect(summary['kills']).toBe(KILLS);
    expect(summary['acked']).toBeGreaterThan(0);
    // Writes go on until the kill, so each restart finds a log to replay (a second after the last
    // write it would have been checkpointed away).
    expect(summary['replays']).toBeGreaterThanOrEqual(1);
  }, 150_000);
});
