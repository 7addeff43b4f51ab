import { describe, expect, it } from 'vitest';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { backendContract } from './backend-contract.js';

backendContract('inmem', async () => createInmemBackend());

describe('inmem backend', () => {
  it('reports its type and keeps separate instances apart', async () => {
    const a = createInmemBackend();
    const b = createInmemBackend();
    expect(a.type).toBe('inmem');
    await a.put('k', Uint8Array.of(1));
    expect(await b.get('k')).toBeNull();
  });
});
