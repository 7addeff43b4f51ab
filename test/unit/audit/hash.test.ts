import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeJson } from '../../../src/audit/encode.js';
import { auditHasher, elideListData, hashAuth, hashRequest, hashResponse, hashStructure, hashWrapInfo, rfc3339Nano } from '../../../src/audit/hash.js';
import { JsonNumber } from '../../../src/json/number.js';

const salt = new TextEncoder().encode('a-salt-of-this-device');
const hash = auditHasher(salt);
/** The expected hash computed independently of the module under test. */
const h = (v: string): string => `hmac-sha256:${createHmac('sha256', Buffer.from(salt)).update(v).digest('hex')}`;

describe('audit hashing', () => {
  it('is hmac-sha256: and the hex HMAC-SHA256 of the value under the salt', () => {
    expect(hash('s.token')).toBe(h('s.token'));
    expect(hash('s.token')).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(auditHasher(new Uint8Array([1, 2, 3]))('s.token')).not.toBe(hash('s.token'));
  });

  it('hashes every string value at any depth, strings in arrays too, never keys, numbers, booleans or null', () => {
    const data = { password: 'p', nested: { deep: { x: 'y', n: 3 } }, list: ['a', 1, { k: 'v' }], yes: true, none: null, zero: 0 };
    expect(hashStructure(data, hash)).toEqual({
      password: h('p'),
      nested: { deep: { x: h('y'), n: 3 } },
      list: [h('a'), 1, { k: h('v') }],
      yes: true,
      none: null,
      zero: 0,
    });
    expect(data.password).toBe('p'); // a copy: the input is untouched
  });

  it('leaves values under ignored keys plain, including strings in arrays below them', () => {
    const out = hashStructure({ keep: 'plain', arr: ['x'], other: 'o' }, hash, ['keep', 'arr']);
    expect(out).toEqual({ keep: 'plain', arr: ['x'], other: h('o') });
  });

  it('turns dates into RFC 3339 text before hashing', () => {
    const d = new Date('2024-05-06T07:08:09.120Z');
    expect(rfc3339Nano(d)).toBe('2024-05-06T07:08:09.12Z');
    expect(rfc3339Nano(new Date('2024-05-06T07:08:09.000Z'))).toBe('2024-05-06T07:08:09Z');
    expect(hashStructure({ t: d }, hash)).toEqual({ t: h('2024-05-06T07:08:09.12Z') });
  });

  it('hashes auth tokens, and accessors only while hmac_accessor holds', () => {
    const auth = { clientToken: 'tok', accessor: 'acc', displayName: 'root', policies: ['root'] };
    expect(hashAuth(auth, hash, true)).toEqual({ clientToken: h('tok'), accessor: h('acc'), displayName: 'root', policies: ['root'] });
    expect(hashAuth(auth, hash, false)).toEqual({ clientToken: h('tok'), accessor: 'acc', displayName: 'root', policies: ['root'] });
  });

  it('hashes the request token, accessor and data, not the path or id', () => {
    const req = { id: 'id-1', operation: 'update', path: 'secret/x', clientToken: 'tok', clientTokenAccessor: 'acc', data: { v: 'secret', n: 1 } };
    expect(hashRequest(req, hash, true)).toEqual({ ...req, clientToken: h('tok'), clientTokenAccessor: h('acc'), data: { v: h('secret'), n: 1 } });
    expect(hashRequest(req, hash, false).clientTokenAccessor).toBe('acc');
  });

  it('hashes wrap_info token always, accessors only with hmac_accessor', () => {
    const w = { token: 't', accessor: 'a', wrapped_accessor: 'wa', ttl: 60, creation_path: 'p' };
    expect(hashWrapInfo(w, hash, true)).toEqual({ token: h('t'), accessor: h('a'), wrapped_accessor: h('wa'), ttl: 60, creation_path: 'p' });
    expect(hashWrapInfo(w, hash, false)).toEqual({ ...w, token: h('t') });
  });

  it('hashes the response auth and data, eliding list keys first when asked', () => {
    const resp = { auth: { clientToken: 'new', accessor: 'na' }, data: { keys: ['a', 'b', 'c'], key_info: { a: {}, b: {} } } };
    expect(hashResponse(resp, hash, true, { elideList: true })).toEqual({
      auth: { clientToken: h('new'), accessor: h('na') },
      data: { keys: 3, key_info: 2 },
    });
    expect(hashResponse(resp, hash, true).data).toEqual({ keys: [h('a'), h('b'), h('c')], key_info: { a: {}, b: {} } });
    expect(elideListData({ keys: 'not-a-list', other: ['x'] })).toEqual({ keys: 'not-a-list', other: ['x'] });
  });
});

describe('audit hashing of kept numbers', () => {
  it('writes a number kept from the request as its text, unhashed', () => {
    const hashed = hashStructure({ n: new JsonNumber('9007199254740993'), s: 'x' }, (v) => `h(${v})`);
    expect(encodeJson(hashed)).toBe('{"n":9007199254740993,"s":"h(x)"}');
  });
});
