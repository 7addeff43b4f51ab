import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';
import { POLICY_ROUTES, POLICY_RULES } from '../../vault-fixtures.js';

const { vault, home } = useFakeVault(POLICY_ROUTES);

describe('vault policy', () => {
  it('write from a file: PUT {"policy": rules}, "Success! Uploaded policy: NAME"', async () => {
    const file = join(home.dir, 'my-policy.hcl');
    await writeFile(file, POLICY_RULES);
    expect(await runVault(vault, ['policy', 'write', 'my-policy', file])).toEqual({
      code: 0,
      out: 'Success! Uploaded policy: my-policy\n',
      err: '',
    });
    expect(vault.requests[0]?.json).toEqual({ policy: POLICY_RULES });
  });

  it('write from stdin with "-"; a mixed-case name is lower-cased with a warning', async () => {
    const r = await runVault(vault, ['policy', 'write', 'My-Policy', '-'], { stdin: POLICY_RULES });
    expect(r).toEqual({
      code: 0,
      out: 'Success! Uploaded policy: my-policy\n',
      err: 'Policy name was converted from "My-Policy" to "my-policy"\n',
    });
    expect(requestLines(vault)).toEqual([`PUT /v1/sys/policies/acl/my-policy ${JSON.stringify({ policy: POLICY_RULES })}`]);
  });

  it('write errors: missing file (2), directory (2), argument count (1)', async () => {
    expect(await runVault(vault, ['policy', 'write', 'p', '/nonexistent.hcl'])).toEqual({
      code: 2,
      out: '',
      err: 'Error opening policy file: open /nonexistent.hcl: no such file or directory\n',
    });
    await mkdir(join(home.dir, 'd'));
    expect((await runVault(vault, ['policy', 'write', 'p', join(home.dir, 'd')])).err).toBe(
      `Error reading policy: read ${join(home.dir, 'd')}: is a directory\n`,
    );
    expect(await runVault(vault, ['policy', 'write', 'p'])).toMatchObject({
      code: 1,
      err: 'Not enough arguments (expected 2, got 1)\n',
    });
  });

});
