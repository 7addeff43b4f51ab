import { describe, expect, it } from 'vitest';
import { ApiResponseError } from '../../../src/api/errors.js';
import { secretFromJson } from '../../../src/cli/secret.js';
import { changeAndReport, writeAndReport, type WriteReport } from '../../../src/cli/write-report.js';
import { memoryIO } from './support.js';

const flush = () => new Promise((r) => setImmediate(r));

async function report(
  r: Omit<WriteReport, 'io'>,
  send: Parameters<typeof writeAndReport>[1],
): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await writeAndReport({ ...r, io }, send);
  await flush();
  return { code, out: io.out(), err: io.errOut() };
}

const notFound = new ApiResponseError({ method: 'PUT', url: 'http://x/v1/p', statusCode: 404, errors: ['nope'] });

describe('writeAndReport', () => {
  it('prints the success line for no answer, in the table format only', async () => {
    const none = async () => ({ secret: null, error: undefined });
    expect(await report({ format: 'table', path: 'p', kind: 'write' }, none)).toEqual({
      code: 0,
      out: 'Success! Data written to: p\n',
      err: '',
    });
    expect(await report({ format: 'json', path: 'p', kind: 'delete' }, none)).toEqual({ code: 0, out: '', err: '' });
    expect((await report({ format: 'json', path: 'p', kind: 'delete', always: true }, none)).out).toBe(
      'Success! Data deleted (if it existed) at: p\n',
    );
  });

  it('reports a request that throws and an error that came with an answer, exit 2', async () => {
    const thrown = await report({ format: 'table', path: 'p', kind: 'delete' }, async () => {
      throw new Error('boom');
    });
    expect(thrown).toEqual({ code: 2, out: '', err: 'Error deleting p: boom\n' });
    const withError = await report({ format: 'table', path: 'p', kind: 'write' }, async () => ({
      secret: null,
      error: notFound,
    }));
    expect(withError.code).toBe(2);
    expect(withError.err.startsWith(`Error writing data to p: ${notFound.message}`)).toBe(true);
  });

  it('prints an answer with the show function, or only its -field', async () => {
    const secret = secretFromJson({ data: { a: 'b' } });
    const answer = async () => ({ secret, error: undefined });
    const shown = await report({ format: 'table', path: 'p', kind: 'write', show: () => 7 }, answer);
    expect(shown.code).toBe(7);
    const field = await report({ format: 'table', path: 'p', kind: 'write', field: 'a', show: () => 7 }, answer);
    expect(field).toEqual({ code: 0, out: 'b', err: '' }); // -field prints the raw value, no newline
  });
});

describe('changeAndReport', () => {
  it('prints the notes and the success line, or the failure with the error, exit 2', async () => {
    const io = memoryIO();
    const ok = await changeAndReport(io, async () => undefined, {
      failure: 'Error x',
      success: 'Success! x',
      notes: () => io.stderr.write('note\n'),
    });
    const failed = await changeAndReport(io, () => Promise.reject(new Error('boom')), { failure: 'Error y', success: 'no' });
    await flush();
    expect([ok, failed]).toEqual([0, 2]);
    expect(io.out()).toBe('Success! x\n');
    expect(io.errOut()).toBe('note\nError y: boom\n');
  });
});
