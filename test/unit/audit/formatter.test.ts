import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../../src/audit/formatter.js';
import type { AuditInput } from '../../../src/audit/types.js';
import { AuditError } from '../../../src/errors.js';

const salt = new TextEncoder().encode('formatter-salt');
const h = (v: string): string => `hmac-sha256:${createHmac('sha256', Buffer.from(salt)).update(v).digest('hex')}`;
const at = new Date('2025-01-02T03:04:05.678Z');
const fmt = (options: Record<string, string> = {}) => createFormatter(options, salt, () => at);

const login: AuditInput = {
  auth: { clientToken: 'hvs.root', accessor: 'acc1', displayName: 'root', policies: ['root'], tokenPolicies: ['root'], tokenType: 'service' },
  request: {
    id: 'req-1',
    operation: 'update',
    path: 'secret/data/app',
    mountType: 'kv',
    mountAccessor: 'kv_1234',
    mountPoint: 'secret/',
    clientToken: 'hvs.root',
    clientTokenAccessor: 'acc1',
    data: { data: { password: 'hunter2', port: 5432 }, options: { cas: 0 } },
    remoteAddress: '127.0.0.1',
    remotePort: 50000,
  },
  response: {
    data: { version: 3, created_time: '2025-01-02T03:04:05Z' },
    warnings: ['w1'],
    secret: { leaseId: 'secret/data/app/abc' },
  },
};

describe('audit entry formatting', () => {
  it('writes a request entry in Vault shape, hashed, one JSON line', () => {
    const line = fmt().format('request', login).toString('utf8');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(line.startsWith('{"time":"2025-01-02T03:04:05.678Z","auth":')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      time: '2025-01-02T03:04:05.678Z',
      type: 'request',
      auth: { client_token: h('hvs.root'), accessor: h('acc1'), display_name: 'root', policies: ['root'], token_policies: ['root'], token_type: 'service' },
      request: {
        id: 'req-1',
        operation: 'update',
        mount_type: 'kv',
        mount_accessor: 'kv_1234',
        mount_point: 'secret/',
        client_token: h('hvs.root'),
        client_token_accessor: h('acc1'),
        namespace: { id: 'root' },
        path: 'secret/data/app',
        data: { data: { password: h('hunter2'), port: 5432 }, options: { cas: 0 } },
        remote_address: '127.0.0.1',
        remote_port: 50000,
      },
    });
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('hvs.root');
  });

  it('writes a response entry with the response block and mount fields taken from the request', () => {
    const entry = JSON.parse(fmt().format('response', login).toString('utf8'));
    expect(entry.type).toBe('response');
    expect(entry.response).toEqual({
      mount_type: 'kv',
      mount_accessor: 'kv_1234',
      mount_point: 'secret/',
      data: { version: 3, created_time: h('2025-01-02T03:04:05Z') },
      warnings: ['w1'],
      secret: { lease_id: 'secret/data/app/abc' },
    });
    expect(Object.keys(entry)).toEqual(['time', 'auth', 'request', 'response', 'type']);
  });

  it('leaves empty fields out as omitempty does, keeps token_type "default" and the error', () => {
    const entry = JSON.parse(fmt().format('request', { request: { id: 'r', operation: 'read', path: 'sys/health' }, error: 'permission denied' }).toString());
    expect(entry).toEqual({
      time: '2025-01-02T03:04:05.678Z',
      type: 'request',
      error: 'permission denied',
      auth: { token_type: 'default' },
      request: { id: 'r', operation: 'read', path: 'sys/health', namespace: { id: 'root' } },
    });
    const resp = JSON.parse(fmt().format('response', { request: { id: 'r', operation: 'read', path: 'x' } }).toString());
    expect(resp.response).toEqual({});
  });

  it('sorts data keys as Go maps and escapes <, > and & as Go does', () => {
    const line = fmt({ log_raw: 'true' }).format('request', { request: { id: 'r', operation: 'update', path: 'p', data: { b: '<&>', a: 1, '10': 'x', '2': 'y' } } }).toString();
    expect(line).toContain('"data":{"10":"x","2":"y","a":1,"b":"\\u003c\\u0026\\u003e"}');
    // By UTF-8 bytes, as Go: U+FF5E (EF BD 9E) before U+1F600 (F0 9F 98 80), though UTF-16 puts the pair first.
    const wide = fmt({ log_raw: 'true' }).format('request', { request: { id: 'r', operation: 'update', path: 'p', data: { '\u{1F600}': 1, '\uFF5E': 2 } } }).toString();
    expect(wide).toContain('"data":{"\uFF5E":2,"\u{1F600}":1}');
  });

  it('log_raw=true writes values in clear; hmac_accessor=false leaves accessors plain', () => {
    const raw = JSON.parse(fmt({ log_raw: 'true' }).format('request', login).toString());
    expect(raw.request.client_token).toBe('hvs.root');
    expect(raw.request.data.data.password).toBe('hunter2');
    const acc = JSON.parse(fmt({ hmac_accessor: 'false' }).format('request', login).toString());
    expect(acc.request.client_token_accessor).toBe('acc1');
    expect(acc.auth.accessor).toBe('acc1');
    expect(acc.request.client_token).toBe(h('hvs.root'));
  });

  it('hashes the wrap_info token and writes the wrap TTL', () => {
    const wrapped: AuditInput = {
      request: { id: 'r', operation: 'update', path: 'sys/wrapping/wrap', wrapTtl: 300 },
      response: { wrapInfo: { token: 'hvs.wrap', accessor: 'wacc', ttl: 300, creation_time: '2025-01-02T03:04:05Z', creation_path: 'sys/wrapping/wrap' } },
    };
    const entry = JSON.parse(fmt().format('response', wrapped).toString());
    expect(entry.request.wrap_ttl).toBe(300);
    expect(entry.response.wrap_info).toEqual({ token: h('hvs.wrap'), accessor: h('wacc'), ttl: 300, creation_time: '2025-01-02T03:04:05Z', creation_path: 'sys/wrapping/wrap' });
  });

  it('elide_list_responses replaces a list response\'s keys with their count, for list operations only', () => {
    const list = (operation: string): AuditInput => ({ request: { id: 'r', operation, path: 'secret/metadata/' }, response: { data: { keys: ['a', 'b'] } } });
    expect(JSON.parse(fmt({ elide_list_responses: 'true' }).format('response', list('list')).toString()).response.data).toEqual({ keys: 2 });
    expect(JSON.parse(fmt({ elide_list_responses: 'true', log_raw: 'true' }).format('response', list('list')).toString()).response.data).toEqual({ keys: 2 });
    expect(JSON.parse(fmt({ elide_list_responses: 'true', log_raw: 'true' }).format('response', list('read')).toString()).response.data).toEqual({ keys: ['a', 'b'] });
    expect(JSON.parse(fmt().format('response', list('list')).toString()).response.data).toEqual({ keys: [h('a'), h('b')] });
  });

  it('puts the (trimmed) prefix before every entry', () => {
    const line = fmt({ prefix: ' @cee: ' }).format('request', login).toString();
    expect(line.startsWith('@cee:{"time"')).toBe(true);
  });

  it('renders jsonx as Vault does: sorted members, typed elements, one line', () => {
    const out = fmt({ format: 'jsonx', log_raw: 'true' })
      .format('request', { request: { id: 'r', operation: 'update', path: 'p', data: { n: 1, ok: true, nil: null, list: ['x'], s: 'a<b' } } })
      .toString();
    expect(out).toBe(
      '<json:object name="auth"><json:string name="token_type">default</json:string></json:object>' +
        '<json:object name="request"><json:object name="data"><json:array name="list"><json:string>x</json:string></json:array>' +
        '<json:number name="n">1</json:number><json:null name="nil" /><json:boolean name="ok">true</json:boolean>' +
        '<json:string name="s">a&lt;b</json:string></json:object><json:string name="id">r</json:string>' +
        '<json:object name="namespace"><json:string name="id">root</json:string></json:object>' +
        '<json:string name="operation">update</json:string><json:string name="path">p</json:string></json:object>' +
        '<json:string name="time">2025-01-02T03:04:05.678Z</json:string><json:string name="type">request</json:string>\n',
    );
  });

  it('refuses unknown option values with Vault\'s text', () => {
    const refused = (options: Record<string, string>): unknown => {
      try {
        fmt(options);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const [options, message] of [
      [{ format: 'xml' }, 'unsupported "format": invalid configuration'],
      // Vault Enterprise's options, refused by Vault CE whatever their value.
      [{ filter: 'mount_type == kv' }, 'enterprise-only options supplied: invalid configuration'],
      [{ fallback: 'false' }, 'enterprise-only options supplied: invalid configuration'],
      [{ exclude: '[]' }, 'enterprise-only options supplied: invalid configuration'],
      [{ log_raw: 'maybe' }, 'unable to parse "log_raw": invalid configuration'],
      [{ hmac_accessor: 'yes' }, 'unable to parse "hmac_accessor": invalid configuration'],
      [{ elide_list_responses: 'nope' }, 'unable to parse "elide_list_responses": invalid configuration'],
    ] as const) {
      const e = refused(options);
      expect(e).toBeInstanceOf(AuditError);
      expect(e).toMatchObject({ code: 'AUDIT_INVALID_OPTIONS', message });
    }
    expect(fmt({ log_raw: 'T', hmac_accessor: '0', format: 'JSONX' }).options).toMatchObject({ logRaw: true, hmacAccessor: false, format: 'jsonx' });
  });
});
