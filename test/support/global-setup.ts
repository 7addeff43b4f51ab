import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS_ENV, findLeaks } from './leak-check.js';
import { startLocalStack } from './localstack.js';
import { PG_URL_ENV, startPostgres } from './postgres.js';

/** Integration project: one folder of server logs and printed secrets for the whole run. */
export default async function setup(): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'tsvault-artifacts-'));
  process.env[ARTIFACTS_ENV] = folder;
  // One LocalStack KMS for the whole run (tests that stop KMS start their own). Its absence fails
  // the run: startLocalStack throws, it never skips.
  const kms = process.env.LOCALSTACK_ENDPOINT ? undefined : await startLocalStack();
  if (kms) process.env.LOCALSTACK_ENDPOINT = kms.endpoint;
  // On the container path (TSVAULT_LOCALSTACK=container), which container serves it.
  if (kms?.container) process.env.TSVAULT_LOCALSTACK_CONTAINER = kms.container;
  // One PostgreSQL for the postgresql storage tests (tests that stop it start their own); reused
  // when TSVAULT_TEST_PG_URL is set, and its absence fails the run.
  const postgres = process.env[PG_URL_ENV] ? undefined : await startPostgres({ dedicated: true });
  if (postgres) process.env[PG_URL_ENV] = postgres.url;
  return async () => {
    await kms?.stop();
    postgres?.remove();
    const leaks = findLeaks(folder);
    const logs = readdirSync(folder).filter((f) => f.startsWith('server-')).length;
    if (leaks.length > 0) {
      // vitest reports a teardown error but still exits 0, so fail the process explicitly.
      process.exitCode = 1;
      throw new Error(`secrets found in server output:\n${leaks.join('\n')}`);
    }
    process.stdout.write(`leak check: ${logs} server logs clean\n`);
  };
}
