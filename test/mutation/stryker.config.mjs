// StrykerJS configuration: mutation testing of the security-critical modules.
// Run with `npm run test:mutation` (test/mutation/run.sh: Node 24 from a venv, Stryker 10 needs ≥ 22).
// `npm run test:mutation -- --mutate src/auth/acl.ts` narrows the run to one file.

/** The modules under mutation: ACL and policy parsing, the request pipeline, file storage, crypto,
 *  log redaction and the seal host's key handling. Keep in step with README's "Mutation testing". */
export const groups = {
  'auth (ACL, policy rules)': ['src/auth/acl.ts', 'src/auth/acl-params.ts', 'src/auth/policy-rule.ts'],
  'request pipeline': ['src/http/pipeline.ts', 'src/http/handler.ts', 'src/http/envelope.ts'],
  'storage (file)': ['src/storage/file.ts'],
  crypto: ['src/crypto/aead.ts', 'src/crypto/gf256.ts', 'src/crypto/root-token.ts', 'src/crypto/shamir.ts'],
  'log (redaction)': ['src/log/redact.ts', 'src/log/logger.ts', 'src/log/format.ts', 'src/log/gated-sink.ts'],
  'seal keys (root key, keyring, barrier)': [
    'src/seal/root-key.ts',
    'src/seal/stored-keys.ts',
    'src/seal/recovery.ts',
    'src/seal/kek.ts',
    'src/seal/shamir-seal.ts',
    'src/seal/auto-seal.ts',
    'src/core/keyring.ts',
    'src/core/barrier.ts',
  ],
};

/** Report file names (reports/mutation/NAME.json and .html): set MUTATION_REPORT to run groups side by side. */
const report = process.env.MUTATION_REPORT ?? 'mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // forks, as vitest's own default: some unit tests set process.umask(), which worker threads cannot.
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: true, pool: 'forks' },
  coverageAnalysis: 'perTest',
  mutate: Object.values(groups).flat(),
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  timeoutMS: 30_000,
  timeoutFactor: 3,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${report === 'mutation' ? 'index' : report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  incremental: false,
  cleanTempDir: true,
  ignorePatterns: ['dist', 'data', '.venv', '.venv-localstack', '.venv-node24', 'reports', 'test/bench/results'],
};
