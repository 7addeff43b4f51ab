import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { restartOnlyChanges } from '../../../src/server/reload.js';

async function config(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'tsvault-reload-unit-')), 'vault.hcl');
  writeFileSync(file, text);
  return loadConfig([file], {});
}

const base = (over: { level?: string; path?: string; address?: string; cert?: string; extra?: string } = {}) =>
  `log_level = "${over.level ?? 'info'}"\nstorage "file" {\n  path = "${over.path ?? '/data'}"\n}\n` +
  `listener "tcp" {\n  address = "${over.address ?? '127.0.0.1:8200'}"\n  tls_cert_file = "${over.cert ?? '/a.crt'}"\n  tls_key_file = "/a.key"\n}\n${over.extra ?? ''}`;

describe('restartOnlyChanges', () => {
  it('ignores what reload applies (log level, TLS files) and where blocks sit in the file', async () => {
    const running = await config(base());
    expect(restartOnlyChanges(running, await config(`\n\n${base({ level: 'debug', cert: '/b.crt' })}`))).toEqual([]);
  });

  it('names storage, listener addresses, seals, plugin_directory and log_format', async () => {
    const running = await config(base());
    const next = await config(
      base({ path: '/elsewhere', address: '127.0.0.1:8300', extra: 'plugin_directory = "/p"\nlog_format = "json"\nseal "transit" {\n  address = "https://t:8200"\n}\n' }),
    );
    expect(restartOnlyChanges(running, next).sort()).toEqual(
      ['listener 1 address (127.0.0.1:8200 → 127.0.0.1:8300)', 'log_format', 'plugin_directory', 'seal', 'storage'].sort(),
    );
  });
});
