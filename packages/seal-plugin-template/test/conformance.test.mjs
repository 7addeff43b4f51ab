// The template's own test, with node:test and the kit (npm test, after npm run build).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defineSealConformance } from '@tsvault/seal-plugin-api/testing';
import plugin from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'localkey-'));
const keyFile = join(dir, 'key');
writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });

defineSealConformance({ describe, it }, () => ({ plugin, config: { key_file: keyFile } }), 'localkey conformance');
