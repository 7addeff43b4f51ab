import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../../../src/audit/devices/batch.js';
import { Serial } from '../../../../src/audit/devices/serial.js';

/** A write whose completion the test controls; every call's data is recorded. */
function gatedWriter() {
  const writes: string[] = [];
  const gates: Array<{ open: () => void; fail: (e: Error) => void }> = [];
  const write = (data: Buffer) =>
    new Promise<void>((resolve, reject) => {
      writes.push(data.toString('utf8'));
      gates.push({ open: resolve, fail: reject });
    });
  return { writes, gates, write };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('WriteBatcher', () => {
  it('writes entries that arrive during a write together in the next one, in order', async () => {
    const w = gatedWriter();
    const b = new WriteBatcher(new Serial(), w.write);
    const first = b.add(Buffer.from('a\n'));
    await tick();
    const rest = [b.add(Buffer.from('b\n')), b.add(Buffer.from('c\n')), b.add(Buffer.from('d\n'))];
    await tick();
    expect(w.writes).toEqual(['a\n']);
    w.gates[0]!.open();
    await first;
    await tick();
    expect(w.writes).toEqual(['a\n', 'b\nc\nd\n']);
    w.gates[1]!.open();
    await Promise.all(rest);
  });

  it('fails every entry of a failed write, and only those', async () => {
    const w = gatedWriter();
    const b = new WriteBatcher(new Serial(), w.write);
    const first = b.add(Buffer.from('a\n'));
    await tick();
    const batch = [b.add(Buffer.from('b\n')), b.add(Buffer.from('c\n'))];
    w.gates[0]!.open();
    await first;
    await tick();
    const later = b.add(Buffer.from('d\n'));
    w.gates[1]!.fail(new Error('ENOSPC'));
    for (const p of batch) await expect(p).rejects.toThrow('ENOSPC');
    await tick();
    expect(w.writes.at(-1)).toBe('d\n');
    w.gates[2]!.open();
    await expect(later).resolves.toBeUndefined();
  });
});
