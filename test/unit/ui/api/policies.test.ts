import { describe, expect, it } from 'vitest';
import { errorPosition, firstErrorPosition, policies } from '../../../../ui/src/api/policies.js';
import { FakeApi } from './fake-api.js';

describe('UI policies API', () => {
  it('lists, reads, writes (base64 of the HCL) and deletes under sys/policies/acl', async () => {
    const api = new FakeApi((method) => {
      if (method === 'LIST') return { data: { keys: ['default', 'ops', 'root'] } };
      if (method === 'GET') return { data: { name: 'ops', policy: 'path "a" {}' } };
      return undefined;
    });
    expect(await policies.list(api)).toEqual(['default', 'ops', 'root']);
    expect(await policies.read(api, 'ops')).toEqual({ name: 'ops', policy: 'path "a" {}' });
    await policies.write(api, 'a/b', 'path');
    await policies.delete(api, 'ops');
    expect(api.calls).toEqual([
      ['LIST', 'sys/policies/acl', undefined],
      ['GET', 'sys/policies/acl/ops', undefined],
      ['POST', 'sys/policies/acl/a%2Fb', { policy: Buffer.from('path').toString('base64') }],
      ['DELETE', 'sys/policies/acl/ops', undefined],
    ]);
  });

  it('finds the line of the server\'s parse errors', () => {
    expect(errorPosition('failed to parse policy: At 3:2: object expected closing RBRACE got: EOF')).toEqual({ line: 3, col: 2 });
    expect(errorPosition('failed to parse policy: path "a": At 12:20: unknown slice type: *ast.LiteralType')).toEqual({ line: 12, col: 20 });
    expect(errorPosition('failed to parse policy: 1 error occurred:\n\t* invalid key "x" on line 4\n\n')).toEqual({ line: 4 });
    // A block's key has no assignment line (Vault prints 0): no position.
    expect(errorPosition('failed to parse policy: 1 error occurred:\n\t* path "a": invalid key "b" on line 0\n\n')).toBeUndefined();
    expect(errorPosition('failed to parse policy: path "secret/*": invalid capability "write"')).toBeUndefined();
    expect(firstErrorPosition(['permission denied', 'At 7:1: x'])).toEqual({ line: 7, col: 1 });
    expect(firstErrorPosition([])).toBeUndefined();
  });
});
