import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/log/logger.js';
import { createNotifier, findNotifyHelper, monotonicUsec } from '../../../src/server/notify.js';

function binDir(names: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tsvault-notify-unit-')), 'bin');
  mkdirSync(dir);
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('notify', () => {
  it('does nothing without NOTIFY_SOCKET', async () => {
    const n = createNotifier({ PATH: binDir(['systemd-notify']) }, nullLogger());
    expect(n.enabled).toBe(false);
    await expect(n.ready()).resolves.toBeUndefined();
  });

  it('prefers systemd-notify, then python3', () => {
    const both = binDir(['systemd-notify', 'python3']);
    expect(findNotifyHelper({ PATH: both })).toMatchObject({ name: 'systemd-notify', command: join(both, 'systemd-notify') });
    expect(findNotifyHelper({ PATH: both })!.args(['RELOADING=1', 'MONOTONIC_USEC=5'])).toEqual(['RELOADING=1', 'MONOTONIC_USEC=5']);
    const py = binDir(['python3']);
    const helper = findNotifyHelper({ PATH: py })!;
    expect(helper.name).toBe('python3');
    expect(helper.args(['READY=1'])).toEqual(['-c', expect.stringContaining('SOCK_DGRAM'), 'READY=1']);
  });

  it('is disabled, with a warning, when no helper exists', () => {
    const warnings: string[] = [];
    const logger = { ...nullLogger(), warn: (m: string) => warnings.push(m) };
    const n = createNotifier({ NOTIFY_SOCKET: '/run/x', PATH: binDir([]) }, logger);
    expect(n.enabled).toBe(false);
    expect(warnings[0]).toMatch(/neither systemd-notify nor python3/);
  });

  it('MONOTONIC_USEC is CLOCK_MONOTONIC in microseconds', () => {
    const a = monotonicUsec();
    expect(process.hrtime.bigint() / 1000n - a).toBeLessThan(1_000_000n);
  });
});
