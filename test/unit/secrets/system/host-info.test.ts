import { describe, expect, it } from 'vitest';
import { collectHostInfo } from '../../../../src/secrets/system/host-info.js';

describe('collectHostInfo', () => {
  it('fills gopsutil-named fields from this machine', async () => {
    const now = new Date('2024-01-02T03:04:05.000Z');
    const { data, warnings } = await collectHostInfo(now);
    expect(warnings).toEqual([]);
    expect(data.timestamp).toBe('2024-01-02T03:04:05.000Z');
    expect(data.host).toMatchObject({ hostname: expect.any(String), kernelVersion: expect.any(String), bootTime: expect.any(Number) });
    expect((data.cpu as unknown[]).length).toBeGreaterThan(0);
    expect((data.cpu_times as Record<string, unknown>[])[0]).toMatchObject({ cpu: 'cpu0', user: expect.any(Number), idle: expect.any(Number) });
    const [disk] = data.disk as Record<string, number>[];
    expect(disk).toMatchObject({ path: '/' });
    expect(disk!.total).toBeGreaterThan(0);
    expect(disk!.usedPercent).toBeGreaterThanOrEqual(0);
    expect(disk!.usedPercent).toBeLessThanOrEqual(100);
    const mem = data.memory as Record<string, number>;
    expect(mem.total).toBeGreaterThan(0);
    expect(mem.used).toBe(mem.total! - mem.available!);
  });
});
