import { describe, expect, it } from 'vitest';
import { pathHelp } from '../../../src/logical/path-help.js';
import { openApiDocument } from '../../../src/logical/openapi.js';
import type { BackendDocs } from '../../../src/logical/types.js';

const noop = async () => null;
const docs: BackendDocs = {
  help: 'A test engine.',
  paths: [
    { pattern: /^items\/?$/, operations: { list: noop }, synopsis: 'List items.' },
    { pattern: /^items\/(?<name>\w+)$/, operations: { read: noop, update: noop, delete: noop }, synopsis: 'One item.', description: 'Longer words.' },
  ],
};

describe('pathHelp', () => {
  it('answers the mount root with the backend help and its paths', () => {
    const h = pathHelp(docs, 'test/', '', '1.0.0')!;
    expect(h.help).toContain('A test engine.');
    expect(h.help).toContain('List items.');
    // Routes in Go's regexp syntax, as Vault prints them.
    expect(h.help).toContain('^items/(?P<name>\\w+)$');
    expect(Object.keys(h.openapi.paths as object)).toEqual(['/test/items/', '/test/items/{name}']);
  });

  it('answers a path with the first matching pattern, and nothing for a path no pattern matches', () => {
    const h = pathHelp(docs, 'test/', 'items/a', '1.0.0')!;
    expect(h.help).toMatch(/^Request: +items\/a\nMatching Route: \^items/);
    expect(h.help).toContain('Longer words.');
    expect(pathHelp(docs, 'test/', 'other', '1.0.0')).toBeUndefined();
  });
});

describe('openApiDocument', () => {
  it('has Vault\'s top-level shape and one operation per method', () => {
    const doc = openApiDocument([{ mountPoint: 'test/', docs }], '9.9.9') as Record<string, any>;
    expect(doc).toMatchObject({ openapi: '3.0.2', info: { version: '9.9.9', license: { name: expect.any(String) } }, components: { schemas: {} } });
    const item = doc.paths['/test/items/{name}'];
    expect(Object.keys(item).sort()).toEqual(['delete', 'description', 'get', 'parameters', 'post']);
    expect(item.parameters).toEqual([{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/test/items/'].get.parameters[0]).toMatchObject({ name: 'list', in: 'query', required: true });
  });
});
