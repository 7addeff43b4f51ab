import { describe, expect, it } from 'vitest';
import { exitCode, renderResult } from '../../../../../src/cli/commands/operator/diagnose.js';
import { Check, finish } from '../../../../../src/server/diagnose-result.js';

describe('operator diagnose output', () => {
  it("renders Vault's checklist: statuses bubble up, warnings and advice under their check", () => {
    const root = new Check('Vault Diagnose');
    root.child('Parse Configuration').ok('Vault configuration syntax is ok.');
    const storage = root.child('Check Storage');
    storage.child('Check Storage Directory').warn('mode 0755; 0700 is expected.');
    const seal = root.child('Create Vault Server Configuration Seals');
    seal.child('Create Seal Wrapper').ok('awskms seal created.').warn('could not reach KMS');
    root.child('Check Autounseal Encryption').fail('connect ECONNREFUSED').advise('Check the endpoint.');
    root.child('Skipped One').skip('Not configured.');
    expect(finish(root.result)).toBe('failure');
    expect(renderResult(root.result)).toBe(
      [
        '[ failure ] Vault Diagnose',
        '  [ success ] Parse Configuration: Vault configuration syntax is ok.',
        '  [ warning ] Check Storage',
        '    [ warning ] Check Storage Directory: mode 0755; 0700 is expected.',
        '  [ warning ] Create Vault Server Configuration Seals',
        '    [ warning ] Create Seal Wrapper: awskms seal created.',
        '      [ warning ] could not reach KMS',
        '  [ failure ] Check Autounseal Encryption: connect ECONNREFUSED',
        '    Check the endpoint.',
        '  [ skipped ] Skipped One: Not configured.',
        '',
      ].join('\n'),
    );
    expect(exitCode(root.result, false)).toBe(1);
    expect(exitCode(root.result, true)).toBe(4);
  });

  it('exit 2 for warnings only, 0 for success and skips', () => {
    const warn = new Check('Vault Diagnose');
    warn.child('A').warn('w');
    finish(warn.result);
    expect(exitCode(warn.result, false)).toBe(2);
    const ok = new Check('Vault Diagnose');
    ok.child('A').ok();
    ok.child('B').skip('s');
    finish(ok.result);
    expect(exitCode(ok.result, false)).toBe(0);
  });
});
