import { describe, expect, it } from 'vitest';
import { pathTemplate } from '../../../src/logical/path-template.js';

describe('pathTemplate', () => {
  it.each([
    [/^data\/(?<path>.*[^/])$/s, 'data/{path}', ['path']],
    [/^users\/?$/, 'users/', []],
    [new RegExp('^keys/(?<name>\\w(?:[\\w.-]*\\w)?)/rotate$'), 'keys/{name}/rotate', ['name']],
    [/^hmac\/(?<name>\w+)(?:\/(?<urlalgorithm>.+))?$/, 'hmac/{name}', ['name']],
    [/^(?:leases\/)?revoke-prefix\/(?<prefix>.+)$/, 'revoke-prefix/{prefix}', ['prefix']],
    [/^(?<path>.*)$/s, '{path}', ['path']],
    [/^config$/, 'config', []],
  ])('%s → %s', (pattern, template, params) => {
    expect(pathTemplate(pattern)).toEqual({ template, params });
  });

  it('has no template for a pattern with nothing literal', () => {
    expect(pathTemplate(/^.*$/s)).toBeUndefined();
  });

  it('keeps the literal start of a pattern it cannot write out', () => {
    expect(pathTemplate(/^raw\/.+$/)).toEqual({ template: 'raw/{path}', params: ['path'] });
  });
});
