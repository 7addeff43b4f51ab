import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfigSource } from '../../../src/config/hcl.js';
import { HCL_RELEASE_AFTER_MS, hclParse, hclParserLoaded, releaseHclParser } from '../../../src/config/hcl-library.js';

const g = globalThis as { require?: unknown };

afterEach(() => {
  vi.useRealTimers();
  releaseHclParser();
});

describe('the HCL library', () => {
  it('parsing a config leaves Error.stackTraceLimit and global.require as they were', async () => {
    releaseHclParser();
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 7;
    const hadRequire = 'require' in globalThis;
    try {
      const parsed = await parseConfigSource('ui = true\nlistener "tcp" {\n  address = "127.0.0.1:8200"\n}\n', 'vault.hcl');
      expect(parsed.data.ui).toBe(true);
      expect(Error.stackTraceLimit).toBe(7);
      expect('require' in globalThis).toBe(hadRequire);
      if (!hadRequire) expect(g.require).toBeUndefined();
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('is loaded on the first parse and released once unused for HCL_RELEASE_AFTER_MS, then loads again', () => {
    vi.useFakeTimers();
    releaseHclParser();
    expect(hclParserLoaded()).toBe(false);
    expect(JSON.parse(hclParse('a = 1'))).toEqual({ a: 1 });
    expect(hclParserLoaded()).toBe(true);
    vi.advanceTimersByTime(HCL_RELEASE_AFTER_MS - 1_000);
    // A use re-arms the timer: the parser stays for another full period.
    expect(hclParse('a = {')).toMatch(/At 1:\d+: object expected closing RBRACE got: EOF/);
    vi.advanceTimersByTime(HCL_RELEASE_AFTER_MS - 1_000);
    expect(hclParserLoaded()).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(hclParserLoaded()).toBe(false);
    expect(JSON.parse(hclParse('b = "c"'))).toEqual({ b: 'c' });
    expect(hclParserLoaded()).toBe(true);
  });
});
