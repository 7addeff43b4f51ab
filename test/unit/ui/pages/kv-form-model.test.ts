import { describe, expect, it } from 'vitest';
import { dataFromJson, dataFromRows, jsonFromData, rowsFromData } from '../../../../ui/src/pages/kv-form-model.js';

describe('the KV editor\'s forms of a secret', () => {
  it('rows round-trip a secret, keeping the JSON type of non-string values', () => {
    const data = { user: 'admin', port: 5432, tags: ['a'], nested: { x: true } };
    const rows = rowsFromData(data);
    expect(rows.map((r) => r.json)).toEqual([false, true, true, true]);
    expect(dataFromRows(rows)).toEqual({ ok: true, data });
    expect(rowsFromData({})).toEqual([{ key: '', value: '', json: false }]);
  });

  it('rows: blank rows are skipped; a value without a key, a key twice, bad JSON in a typed value are refused', () => {
    expect(dataFromRows([{ key: ' a ', value: '1', json: false }, { key: '', value: '', json: false }])).toEqual({ ok: true, data: { a: '1' } });
    expect(dataFromRows([{ key: '', value: 'x', json: false }])).toEqual({ ok: false, error: 'row 1: a value needs a key' });
    expect(dataFromRows([{ key: 'a', value: '1', json: false }, { key: 'a', value: '2', json: false }])).toMatchObject({ ok: false, error: expect.stringContaining('given twice') });
    expect(dataFromRows([{ key: 'n', value: '{', json: true }])).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
  });

  it('JSON: an object is accepted; malformed text carries the parser\'s message; a non-object is refused', () => {
    expect(dataFromJson(jsonFromData({ a: 'b' }))).toEqual({ ok: true, data: { a: 'b' } });
    const bad = dataFromJson('{"a": "b",}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^the JSON is malformed: .+/);
    expect(dataFromJson('[1]')).toMatchObject({ ok: false, error: expect.stringContaining('must be an object') });
    expect(dataFromJson('null').ok).toBe(false);
  });
});
