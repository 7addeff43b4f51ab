import { describe, expect, it } from 'vitest';
import { runCli, usageText } from '../../../src/cli/dispatch.js';
import { BUILD_DATE, VERSION } from '../../../src/version.js';
import { memoryIO } from './support.js';

async function run(args: string[]) {
  const io = memoryIO();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.errOut() };
}

const USAGE = `Usage: vault <command> [args]

Common commands:
    read        Read data and retrieves secrets
    write       Write data, configuration, and secrets
    delete      Delete secrets and configuration
    list        List data or secrets
    login       Authenticate locally
    server      Start a Vault server
    status      Print seal and HA status
    unwrap      Unwrap a wrapped secret

Other commands:
    audit          Interact with audit devices
    auth           Interact with auth methods
    kv             Interact with Vault's Key-Value storage
    lease          Interact with leases
    monitor        Stream log messages from a Vault server
    operator       Perform operator-specific tasks
    path-help      Retrieve API help for paths
    policy         Interact with policies
    secrets        Interact with secrets engines
    token          Interact with tokens
`;

describe('command dispatch', () => {
  it('no command: usage on stderr, exit 127 (like Vault)', async () => {
    expect(await run([])).toEqual({ code: 127, out: '', err: USAGE });
    expect(usageText()).toBe(USAGE.trimEnd());
  });

  it('an unknown command: usage, exit 127', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: 127, err: USAGE });
  });

  it('-h, -help and --help: usage with exit 0', async () => {
    for (const flag of ['-h', '-help', '--help']) expect(await run([flag])).toMatchObject({ code: 0, err: USAGE });
  });

  it('help of a command and of a nested command, exit 0', async () => {
    const status = await run(['status', '-h']);
    expect(status.code).toBe(0);
    expect(status.err).toMatch(/^Usage: vault status \[options\]\n/);
    const unseal = await run(['operator', 'unseal', '--help']);
    expect(unseal.err).toMatch(/^Usage: vault operator unseal \[options\] \[KEY\]\n/);
  });

  it('"operator" alone prints its help with the subcommands, exit 1', async () => {
    const r = await run(['operator']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /\n\nSubcommands:\n {4}diagnose {9}Troubleshoot problems starting Vault\n {4}generate-root {4}Generates a new root token\n {4}init {13}Initializes a server\n {4}key-status {7}Provides information about the active encryption key\n {4}migrate {10}Migrates Vault data between storage backends\n {4}rekey {12}Generates new unseal keys\n {4}seal {13}Seals the Vault server\n {4}step-down {8}Forces Vault to resign active duty\n {4}unseal {11}Unseals the Vault server\n$/,
    );
  });

  it('version, -v, -version and --version', async () => {
    const line = `Vault v${VERSION} (tsvault), built ${BUILD_DATE}\n`;
    for (const args of [['version'], ['-v'], ['-version'], ['--version']]) {
      expect(await run(args)).toEqual({ code: 0, out: line, err: '' });
    }
  });

  it('flags before the command are an error, exit 1', async () => {
    const r = await run(['-address=http://x', 'status']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^Invalid flags before the subcommand\. If these flags are for\nthe subcommand, please put them after the subcommand\.\n\nUsage: vault status/,
    );
  });

  it('an invalid -format anywhere stops before the command runs', async () => {
    expect(await run(['version', '-format=xml'])).toEqual({ code: 1, out: '', err: 'Invalid output format: xml\n' });
  });

  it('routes nested commands with their arguments', async () => {
    const r = await run(['operator', 'seal', 'extra']);
    expect(r).toMatchObject({ code: 1, err: 'Too many arguments (expected 0, got 1)\n' });
  });
});
