/**
 * Transit batch items read their numbers as the request wrote them, as Vault's json.Number does:
 * key_version must be an integer text within int64 (`1.0`, `1e2` and 2^63 are Go's errors).
 */
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../../src/http/body.js';
import { decodeBatchItems } from '../../../../src/secrets/transit/batch.js';

const items = (text: string) => decodeBatchItems(parseJsonBody(Buffer.from(`{"batch_input":${text}}`)).batch_input, 'encrypt');

function failure(text: string): string {
  try {
    items(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('decodeBatchItems: key_version', () => {
  it('takes an integer text', () => {
    expect(items('[{"plaintext":"","key_version":2}]')[0]!.keyVersion).toBe(2);
  });

  it('refuses what strconv.ParseInt refuses, quoting the text as written', () => {
    expect(failure('[{"plaintext":"","key_version":1.0}]')).toContain('error decoding json.Number into [0].key_version: strconv.ParseInt: parsing "1.0": invalid syntax');
    expect(failure('[{"plaintext":"","key_version":1e2}]')).toContain('parsing "1e2": invalid syntax');
    expect(failure('[{"plaintext":"","key_version":12345678901234567890123}]')).toContain(
      'strconv.ParseInt: parsing "12345678901234567890123": value out of range',
    );
  });

  it('names a number in a string field json.Number', () => {
    expect(failure('[{"plaintext":"","reference":9007199254740993}]')).toContain("'[0].reference' expected type 'string', got unconvertible type 'json.Number'");
  });
});
