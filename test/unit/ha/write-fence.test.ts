import { describe, expect, it } from 'vitest';
import { WriteFence } from '../../../src/ha/write-fence.js';
import type { HALock } from '../../../src/storage/ha.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

function lock(until: () => number): HALock {
  return { identity: 'x', lock: async () => null, unlock: async () => undefined, heldUntil: until };
}

describe('WriteFence', () => {
  it('passes everything through until armed', async () => {
    const inner = createInmemBackend();
    const fence = new WriteFence(inner);
    await fence.put('a', new Uint8Array([1]));
    expect(await inner.get('a')).toEqual(new Uint8Array([1]));
  });

  it('writes only while the lock is certainly held, and reads regardless', async () => {
    const inner = createInmemBackend();
    const fence = new WriteFence(inner);
    let until = performance.now() + 60_000;
    fence.arm(lock(() => until));
    await fence.put('a', new Uint8Array([1]));
    until = performance.now() - 1;
    await expect(fence.put('a', new Uint8Array([2]))).rejects.toMatchObject({ code: 'STORAGE_NOT_ACTIVE', message: 'local node not active but active cluster node not found' });
    await expect(fence.delete('a')).rejects.toMatchObject({ code: 'STORAGE_NOT_ACTIVE' });
    expect(await fence.get('a')).toEqual(new Uint8Array([1]));
    expect(await fence.list('')).toEqual(['a']);
  });
});
